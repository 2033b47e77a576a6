"""Model definitions: one TOML file per model, read and checked once, then immutable.

A definition carries everything about a model (identity, citation, provenance, population,
endpoints, inputs, performance and, once published, its parameters), so the site, the command line
and batch scoring never write a model fact twice.
"""

import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from .coefficient import CoefficientModel, parse_coefficient_model
from .display import format_probability
from .inputs import CHOICE, NUMBER, Input, check_unique_ids, parse_input
from .points import PointsModel, parse_points_model
from .population import ANY_SITE, parse_sites, parse_situations
from .scores import TOTAL
from .toml_table import DefinitionError, Table

EXACT = "exact"
DIGITISED = "digitised"
AWAITING = "awaiting parameters"
STATUSES = (EXACT, DIGITISED, AWAITING)

SURVIVAL = "survival"
EVENT = "event"

# Batch scoring writes these columns after the input columns, and one per endpoint id.
WARNINGS_COLUMN = "warnings"
ERROR_COLUMN = "error"
# Names that sit beside input ids, so no input may take them: its points or its column would be lost.
RESERVED_INPUT_IDS = {
    TOTAL: "the key of the total in the points the API shows and the audit trail stores",
    WARNINGS_COLUMN: "a column batch scoring adds",
    ERROR_COLUMN: "a column batch scoring adds",
}

# How each `form` of `[model]` is read. A new form of model is one more entry here.
MODEL_FORMS = {
    "coefficient": parse_coefficient_model,
    "points": parse_points_model,
}


@dataclass(frozen=True)
class Above:
    """A number input's test in a condition: the value is above `limit`."""

    limit: float

    def test(self, column):
        return np.asarray(column, dtype=float) > self.limit


@dataclass(frozen=True)
class OneOf:
    """A choice or yes/no input's test in a condition: the value is one of `values`."""

    values: tuple

    def test(self, column):
        return np.isin(np.asarray(column), self.values)


@dataclass(frozen=True)
class Condition:
    """Input id -> its test (Above or OneOf); all must hold. Vectorised like the engine."""

    values: dict = field(default_factory=dict)

    def holds_for_one(self, values):
        return all(bool(test.test([values[input_id]])[0]) for input_id, test in self.values.items())

    def holds(self, values):
        held = np.ones(np.shape(next(iter(values.values()))), dtype=bool)
        for input_id, test in self.values.items():
            held &= test.test(values[input_id])
        return held


def _parse_condition(table, key, inputs, numbers=False):
    """`{ input_id = ["choice", ...], ... }`: choices of choice or yes/no inputs; where `numbers`
    is true, also `number_input_id = { above = 40 }`."""
    condition = table.table(key)
    values = {}
    for input_id in condition.all_keys():
        model_input = inputs.get(input_id)
        if model_input is None or (model_input.kind == NUMBER and not numbers):
            raise condition.error(input_id, "must name a choice or yes/no input")
        if model_input.kind == NUMBER:
            bound = condition.table(input_id)
            values[input_id] = Above(bound.required("above", float))
            bound.reject_unknown()
            continue
        allowed = condition.required(input_id, list)
        for value in allowed:
            if value not in model_input.choice_values:
                raise condition.error(input_id, f"{value!r} is not a choice of {input_id!r}")
        values[input_id] = OneOf(tuple(allowed))
    return Condition(values)


@dataclass(frozen=True)
class Citation:
    authors: str
    title: str
    journal: str
    year: int
    volume_pages: str
    doi: str = ""
    related: tuple = ()

    @property
    def text(self):
        return f"{self.authors}. {self.title}. {self.journal}. {self.year};{self.volume_pages}."

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""


@dataclass(frozen=True)
class Endpoint:
    id: str
    label: str
    horizon_years: int
    kind: str
    # What the probability says of patients, "{years}" standing for the horizon in years ("be
    # alive {years} years after surgery") and "{horizon}" for it with its unit, singular or plural
    # ("die of sarcoma within {horizon} of the recurrence": "1 year", "3 years"). Icon arrays read
    # "About 41 of 100 similar patients would ...".
    patients_would: str
    caution_at_or_above: float | None = None
    caution: str = ""
    # The endpoint's observed figure in a published cohort, to read a result against: 0.36 "in
    # the development cohort". Only where the paper gives it for this endpoint and horizon.
    cohort_probability: float | None = None
    cohort_figure_in: str = ""
    # Some endpoints are defined only for some patients (DFS only after a complete resection).
    only_when: Condition = Condition()
    not_shown_reason: str = ""

    @property
    def name(self):
        """'12-year probability of sarcoma-specific death': never a bare number."""
        return f"{self.horizon_years}-year {self.label}"

    @property
    def outcome_for_patients(self):
        """'be alive 7 years after surgery': what the probability is the share of patients doing."""
        horizon = f"{self.horizon_years} year{'' if self.horizon_years == 1 else 's'}"
        return self.patients_would.replace("{years}", str(self.horizon_years)).replace("{horizon}", horizon)

    @property
    def cohort_figure(self) -> str:
        """'36% in the development cohort (2,136 patients)', or '' when the paper gives none."""
        if self.cohort_probability is None:
            return ""
        return f"{format_probability(self.cohort_probability)} {self.cohort_figure_in}"

    def cautions(self, probability):
        if self.caution_at_or_above is not None and probability >= self.caution_at_or_above:
            return [f"{self.name}: {self.caution}"]
        return []


@dataclass(frozen=True)
class PlausibilityRule:
    """A combination of inputs that is allowed but probably mistyped; it earns a warning."""

    when: Condition
    warning: str


@dataclass(frozen=True)
class CIndex:
    cohort: str
    value: float
    endpoint: str = ""


@dataclass(frozen=True)
class Performance:
    cohort: str
    cohort_size: int | None
    cohort_period: str
    c_indices: tuple
    notes: tuple


@dataclass(frozen=True)
class Population:
    description: str
    use_for: str
    sites: tuple  # site ids of populations.toml, or ("any",)
    situations: tuple  # situation ids of populations.toml
    not_for: str = ""

    @property
    def any_site(self) -> bool:
        return self.sites == (ANY_SITE,)

    def covers(self, *, site: str, situation: str) -> bool:
        return situation in self.situations and (self.any_site or site in self.sites)


@dataclass(frozen=True)
class OfficialCalculator:
    """Where the model's authors or their group offer it, to use while it computes nothing here."""

    name: str
    url: str


@dataclass(frozen=True)
class Definition:
    id: str
    version: str
    title: str
    short_title: str
    status: str
    status_note: str
    summary: str
    citation: Citation
    provenance: str
    population: Population
    endpoints: tuple[Endpoint, ...]
    inputs: tuple[Input, ...]
    performance: Performance
    plausibility: tuple[PlausibilityRule, ...]
    model: CoefficientModel | PointsModel | None
    sha256: str
    filename: str
    # The TOML text itself, so a version can be stored, exported and loaded again byte for byte.
    source: str = ""
    official_calculator: OfficialCalculator | None = None

    @property
    def computable(self) -> bool:
        return self.model is not None

    @cached_property
    def nomogram_layout(self):
        """The panels of the drawn nomogram, derived once from the immutable definition."""
        return self.model.layout({model_input.id: model_input for model_input in self.inputs}, self.endpoints)

    def input(self, input_id: str) -> Input:
        return next(model_input for model_input in self.inputs if model_input.id == input_id)

    def endpoint(self, endpoint_id: str) -> Endpoint:
        return next(endpoint for endpoint in self.endpoints if endpoint.id == endpoint_id)


def _parse_endpoint(table, inputs):
    kind = table.required("kind", str)
    if kind not in (SURVIVAL, EVENT):
        raise table.error("kind", f"must be {SURVIVAL!r} or {EVENT!r}, not {kind!r}")
    horizon = table.required("horizon_years", int)
    if horizon <= 0:
        raise table.error("horizon_years", "must be positive")
    endpoint = Endpoint(
        id=table.required("id", str),
        label=table.required("label", str),
        horizon_years=horizon,
        kind=kind,
        patients_would=table.required("patients_would", str),
        caution_at_or_above=table.optional("caution_at_or_above", float),
        cohort_probability=table.optional("cohort_probability", float),
        cohort_figure_in=table.optional("cohort_figure_in", str, ""),
        caution=table.optional("caution", str, ""),
        only_when=_parse_condition(table, "only_when", inputs) if table.has("only_when") else Condition(),
        not_shown_reason=table.optional("not_shown_reason", str, ""),
    )
    if (endpoint.cohort_probability is None) != (not endpoint.cohort_figure_in):
        raise table.error("cohort_figure_in", "cohort_probability and cohort_figure_in go together")
    if endpoint.cohort_probability is not None and not 0 <= endpoint.cohort_probability <= 1:
        raise table.error("cohort_probability", "a probability lies between 0 and 1")
    if (endpoint.caution_at_or_above is None) != (not endpoint.caution):
        raise table.error("caution", "caution and caution_at_or_above go together")
    if bool(endpoint.only_when.values) != bool(endpoint.not_shown_reason):
        raise table.error("not_shown_reason", "only_when and not_shown_reason go together")
    table.reject_unknown()
    return endpoint


def _parse_plausibility(table, inputs):
    rule = PlausibilityRule(_parse_condition(table, "when", inputs, numbers=True), table.required("warning", str))
    table.reject_unknown()
    return rule


def _parse_citation(table):
    citation = Citation(
        authors=table.required("authors", str),
        title=table.required("title", str),
        journal=table.required("journal", str),
        year=table.required("year", int),
        volume_pages=table.required("volume_pages", str),
        doi=table.optional("doi", str, ""),
        related=tuple(table.optional("related", list, [])),
    )
    table.reject_unknown()
    return citation


def _parse_performance(table):
    c_indices = []
    for entry in table.tables("c_index", required=False):
        value = entry.required("value", float)
        if not 0.0 <= value <= 1.0:
            raise entry.error("value", f"a C-index lies between 0 and 1, not {value}")
        c_indices.append(CIndex(entry.required("cohort", str), value, entry.optional("endpoint", str, "")))
        entry.reject_unknown()
    performance = Performance(
        cohort=table.required("cohort", str),
        cohort_size=table.optional("cohort_size", int),
        cohort_period=table.optional("cohort_period", str, ""),
        c_indices=tuple(c_indices),
        notes=tuple(table.optional("notes", list, [])),
    )
    table.reject_unknown()
    return performance


def _parse_population(table):
    population = Population(
        description=table.required("description", str),
        use_for=table.required("use_for", str),
        sites=parse_sites(table),
        situations=parse_situations(table),
        not_for=table.optional("not_for", str, ""),
    )
    table.reject_unknown()
    return population


def _parse_official_calculator(table: Table) -> OfficialCalculator:
    calculator = OfficialCalculator(name=table.required("name", str), url=table.required("url", str))
    if not calculator.url.startswith("https://"):
        raise table.error("url", f"must be an https:// address, not {calculator.url!r}")
    table.reject_unknown()
    return calculator


def _check_reserved_ids(path, inputs, endpoints):
    endpoint_ids = {endpoint.id for endpoint in endpoints}
    for index, model_input in enumerate(inputs):
        if model_input.id in RESERVED_INPUT_IDS:
            why = RESERVED_INPUT_IDS[model_input.id]
            raise DefinitionError(
                path, f"inputs[{index}].id", f"{model_input.id!r} is reserved ({why}); choose another id"
            )
        if model_input.id in endpoint_ids:
            raise DefinitionError(
                path,
                f"inputs[{index}].id",
                f"{model_input.id!r} is also an endpoint id (batch scoring adds a column per endpoint); "
                "choose another id",
            )


def parse_definition(data: dict, path: str | Path, sha256: str = "", source: str = "") -> Definition:
    """A Definition from the parsed TOML of `path`; raises DefinitionError naming file and field."""
    root = Table(data, path)
    status = root.required("status", str)
    if status not in STATUSES:
        raise root.error("status", f"must be one of {', '.join(STATUSES)}, not {status!r}")

    inputs = tuple(parse_input(table) for table in root.tables("inputs"))
    inputs_by_id = {model_input.id: model_input for model_input in inputs}
    endpoints = tuple(_parse_endpoint(table, inputs_by_id) for table in root.tables("endpoints"))
    check_unique_ids(path, "endpoints", endpoints)
    check_unique_ids(path, "inputs", inputs)
    _check_reserved_ids(path, inputs, endpoints)
    if not endpoints:
        raise root.error("endpoints", "a model needs at least one endpoint")

    model_table = root.table("model", required=False)
    if (model_table is None) != (status == AWAITING):
        problem = "a model awaiting parameters has no [model]" if model_table else f"an {status} model needs [model]"
        raise root.error("model", problem)
    model = None
    if model_table is not None:
        for index, model_input in enumerate(inputs):
            if model_input.kind == CHOICE and not model_input.choices:
                raise DefinitionError(path, f"inputs[{index}].choices", "a computable model needs its choices")
        form = model_table.required("form", str)
        if form not in MODEL_FORMS:
            raise model_table.error("form", f"must be one of {', '.join(MODEL_FORMS)}, not {form!r}")
        model = MODEL_FORMS[form](model_table, inputs_by_id, endpoints)
    plausibility = tuple(
        _parse_plausibility(rule, inputs_by_id) for rule in root.tables("plausibility", required=False)
    )
    official = root.table("official_calculator", required=False)

    definition = Definition(
        id=root.required("id", str),
        version=root.required("version", str),
        title=root.required("title", str),
        short_title=root.required("short_title", str),
        status=status,
        status_note=root.optional("status_note", str, ""),
        summary=root.required("summary", str),
        citation=_parse_citation(root.table("citation")),
        provenance=root.required("provenance", str),
        population=_parse_population(root.table("population")),
        endpoints=endpoints,
        inputs=inputs,
        performance=_parse_performance(root.table("performance")),
        plausibility=plausibility,
        model=model,
        sha256=sha256,
        filename=Path(path).name,
        source=source,
        official_calculator=_parse_official_calculator(official) if official else None,
    )
    if status == DIGITISED and not definition.status_note:
        raise root.error("status_note", "a digitised model must say so in a visible note")
    if definition.id != Path(path).stem:
        raise root.error("id", f"must match the file name {Path(path).stem!r}")
    root.reject_unknown()
    return definition


def load_definition(path: str | Path) -> Definition:
    """Read, check and fingerprint one definition file."""
    path = Path(path)
    content = path.read_bytes()
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DefinitionError(path, "(file)", f"not UTF-8 text: {error}") from error
    return load_definition_text(text, path)


def load_definition_text(text: str, path: str | Path) -> Definition:
    """Check and fingerprint a definition's TOML text; `path` names it in errors and must end in its id.

    The same rules whether the text comes from a file or from a version stored in the database.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(path, "(file)", f"not valid TOML: {error}") from error
    return parse_definition(data, path, hashlib.sha256(text.encode("utf-8")).hexdigest(), text)
