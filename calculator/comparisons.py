"""A comparison: one model's results for two sets of values (scenarios A and B) side by side.

The question at a tumour board is "what if the resection were incomplete", "what if it were grade
2": each scenario is the sheet its result page shows (`build_result_sheet()`), and the comparison
adds what differs, between the endpoints' results and between the inputs.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from nomograms.definition import Definition, Endpoint
from nomograms.display import shown_range
from nomograms.inputs import Input
from nomograms.prediction import Value

from .sheets import EndpointPanel, Provenance, ResultSheet, build_result_sheet

COMPARISON_TEMPLATE = "calculator/comparison.html"


@dataclass(frozen=True)
class Scenario:
    name: str  # "A" or "B", as the sheet calls it
    sheet: ResultSheet
    result_url: str  # its own result page, a permalink, in full to be printed


@dataclass(frozen=True)
class EndpointDifference:
    """One endpoint in both scenarios: each one's result with its warnings, and the difference."""

    endpoint: Endpoint
    a: EndpointPanel
    b: EndpointPanel
    signed: str  # B minus A in percentage points, signed ("+12"); empty when not given
    difference: str  # in words: "B is 12 percentage points higher than A."


@dataclass(frozen=True)
class InputDifference:
    model_input: Input
    a: str  # the value as people read it
    b: str
    differs: bool


@dataclass(frozen=True)
class Comparison:
    definition: Definition
    a: Scenario
    b: Scenario
    endpoints: tuple[EndpointDifference, ...]  # in the definition's order
    inputs: tuple[InputDifference, ...]  # in the definition's order

    @property
    def scenarios(self) -> tuple[Scenario, Scenario]:
        return (self.a, self.b)

    @property
    def provenance(self) -> Provenance:
        return self.a.sheet.provenance


def build_comparison(
    *,
    definition: Definition,
    values_a: dict[str, Value],
    values_b: dict[str, Value],
    calculated_at: datetime,
    typed_units_a: Mapping[str, str] | None = None,
    typed_units_b: Mapping[str, str] | None = None,
    absolute_url: Callable[[str], str],
) -> Comparison:
    """Scenarios A and B of one model from their validated values; raises NotComputable.
    `absolute_url` makes a path the full address people type (the request's `build_absolute_uri`)."""
    a, b = (
        scenario(
            name=name,
            sheet=build_result_sheet(
                definition=definition, values=values, calculated_at=calculated_at, typed_units=units
            ),
            absolute_url=absolute_url,
        )
        for name, values, units in (("A", values_a, typed_units_a), ("B", values_b, typed_units_b))
    )
    return Comparison(
        definition=definition,
        a=a,
        b=b,
        endpoints=tuple(
            endpoint_difference(a=a, b=b, panel_a=panel_a, panel_b=panel_b)
            for panel_a, panel_b in zip(a.sheet.panels, b.sheet.panels, strict=True)
        ),
        inputs=tuple(
            InputDifference(model_input, shown_a, shown_b, values_a[model_input.id] != values_b[model_input.id])
            for (model_input, shown_a), (_same_input, shown_b) in zip(a.sheet.inputs, b.sheet.inputs, strict=True)
        ),
    )


def scenario(*, name: str, sheet: ResultSheet, absolute_url: Callable[[str], str]) -> Scenario:
    return Scenario(name, sheet, absolute_url(f"{reverse('result', args=[sheet.definition.id])}?{sheet.inputs_query}"))


def endpoint_difference(
    *, a: Scenario, b: Scenario, panel_a: EndpointPanel, panel_b: EndpointPanel
) -> EndpointDifference:
    """B minus A in whole percentage points, from the numbers the sheet shows, so the reader's own
    subtraction agrees. A result shown as a bound ("< 1%") stands for a range: the difference is
    then "at least" what the ranges allow, or not given where they overlap."""
    endpoint = panel_a.endpoint
    for scenario, panel in ((a, panel_a), (b, panel_b)):
        if panel.probability is None:
            reason = _("No difference: scenario %(scenario)s has no result for this endpoint.")
            return EndpointDifference(endpoint, panel_a, panel_b, "", reason % {"scenario": scenario.name})
    least_a, most_a = shown_range(panel_a.probability, a.sheet.prediction.bounds.get(endpoint.id))
    least_b, most_b = shown_range(panel_b.probability, b.sheet.prediction.bounds.get(endpoint.id))
    least, most = least_b - most_a, most_b - least_a
    if least == most:
        signed, words = signed_points(least), in_words(least, at_least=False)
    elif least > 0:
        signed, words = f"≥ {signed_points(least)}", in_words(least, at_least=True)
    elif most < 0:
        signed, words = f"≤ {signed_points(most)}", in_words(most, at_least=True)
    else:
        signed = ""
        words = _("No difference can be given: A shows %(a)s and B %(b)s.") % {"a": panel_a.shown, "b": panel_b.shown}
    return EndpointDifference(endpoint, panel_a, panel_b, signed, words)


MINUS_SIGN = "\N{MINUS SIGN}"  # as in print, not a hyphen


def signed_points(points: int) -> str:
    return f"+{points}" if points > 0 else f"{MINUS_SIGN}{-points}" if points < 0 else "0"


# (B higher, at least): the sentence, by the number of percentage points.
IN_WORDS = {
    (True, False): ngettext_lazy(
        "B is %(points)d percentage point higher than A.", "B is %(points)d percentage points higher than A.", "points"
    ),
    (False, False): ngettext_lazy(
        "B is %(points)d percentage point lower than A.", "B is %(points)d percentage points lower than A.", "points"
    ),
    (True, True): ngettext_lazy(
        "B is at least %(points)d percentage point higher than A.",
        "B is at least %(points)d percentage points higher than A.",
        "points",
    ),
    (False, True): ngettext_lazy(
        "B is at least %(points)d percentage point lower than A.",
        "B is at least %(points)d percentage points lower than A.",
        "points",
    ),
}


def in_words(points: int, *, at_least: bool) -> str:
    if points == 0:
        return _("No difference: A and B are the same.")
    return str(IN_WORDS[points > 0, at_least] % {"points": abs(points)})
