"""A result sheet: everything a result shows, built once by one function.

The result page, its PDF, the page shown after saving for audit, a saved record's page and its
PDF all show a `ResultSheet` from `build_result_sheet()`; their templates only lay it out.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from calculator import __version__
from calculator.audit.forms import SaveForm
from calculator.audit.links import saved_sheet_pdf_url
from calculator.audit.models import AuditRecord
from calculator.audit.services import as_recorded
from calculator.drawing import PanelDrawing, draw_nomogram
from calculator.icons import IconArray, icon_array
from nomograms.definition import Definition, Endpoint
from nomograms.inputs import Input, format_number
from nomograms.prediction import PointsBreakdown, Prediction, Result, Value, predict_validated

TEMPLATE = "calculator/result.html"


@dataclass(frozen=True)
class EndpointPanel:
    """One endpoint's result: its probability as shown with its icon array, or why it is not shown;
    and the warnings about it."""

    result: Result
    icon_array: IconArray | None  # None when the result is not shown
    warnings: tuple[str, ...]

    @property
    def endpoint(self) -> Endpoint:
        return self.result.endpoint

    @property
    def probability(self) -> float | None:
        return self.result.probability

    @property
    def shown(self) -> str:
        return self.result.shown

    @property
    def not_shown_reason(self) -> str:
        return self.result.not_shown_reason


@dataclass(frozen=True)
class Provenance:
    """Where the result comes from: the model (its citation, status and definition file), the
    calculator's version and the moment of calculation."""

    definition: Definition
    calculator_version: str
    calculated_at: datetime


@dataclass(frozen=True)
class ResultSheet:
    definition: Definition
    prediction: Prediction
    panels: tuple[EndpointPanel, ...]  # one per endpoint, in the definition's order
    warnings: tuple[str, ...]  # every warning, as printed and saved
    inputs: tuple[tuple[Input, str], ...]  # (input, value as people read it)
    points: PointsBreakdown  # the points table
    nomogram: tuple[PanelDrawing, ...]  # the drawn nomogram, this patient marked
    provenance: Provenance
    record: AuditRecord | None = None  # the audit record the sheet shows, once saved
    # Values typed in another unit than the model's: "Tumour size: 85 mm typed, 8.5 cm used."
    conversions: tuple[str, ...] = ()
    saved_sheet_pdf_url: str = ""  # a link, valid for a while, to the record's PDF

    @property
    def inputs_query(self) -> str:
        """The inputs as a query string, to open the model's form filled in with them."""
        return urlencode(
            {
                input_id: format_number(value) if isinstance(value, float) else value
                for input_id, value in self.prediction.values.items()
            }
        )

    @property
    def input_warnings(self) -> tuple[str, ...]:
        """The warnings about the inputs, not about one endpoint's result (those sit on its panel)."""
        on_panels = {warning for panel in self.panels for warning in panel.warnings}
        return tuple(warning for warning in self.warnings if warning not in on_panels)

    @property
    def calculated_at(self) -> datetime:
        return self.provenance.calculated_at

    def calculated(self, at: datetime) -> "ResultSheet":
        """The same sheet with another time of calculation."""
        return replace(self, provenance=replace(self.provenance, calculated_at=at))

    def saved_as(self, record: AuditRecord) -> "ResultSheet":
        """The sheet of `record`, saved from this sheet's prediction: its id, its time, its PDF link."""
        saved = self.calculated(record.created_at)
        return replace(saved, record=record, saved_sheet_pdf_url=saved_sheet_pdf_url(record))


def build_result_sheet(
    *,
    definition: Definition,
    values: dict[str, Value],
    calculated_at: datetime,
    record: AuditRecord | None = None,
    typed_units: Mapping[str, str] | None = None,
) -> ResultSheet:
    """The sheet of one patient's validated `values`; raises NotComputable.

    With `record`, the sheet of that audit record: its stored probabilities, points and warnings
    (which replaying its values reproduces, as `manage.py audit verify` checks), its id and time.
    `typed_units` (input id -> unit) names the values typed in another unit than the model's.
    """
    prediction = predict_validated(definition, values)
    if record is not None:
        prediction = as_recorded(prediction, record)
    sheet = ResultSheet(
        definition=definition,
        prediction=prediction,
        panels=tuple(
            EndpointPanel(
                result,
                icon_array(result) if result.probability is not None else None,
                prediction.endpoint_warnings.get(result.endpoint.id, ()),
            )
            for result in prediction.results
        ),
        warnings=prediction.warnings,
        inputs=tuple(prediction.inputs_shown),
        points=prediction.points_breakdown,
        nomogram=draw_nomogram(definition, prediction),
        provenance=Provenance(definition, __version__, calculated_at),
        conversions=conversions(definition, values, typed_units or {}),
    )
    return sheet if record is None else sheet.saved_as(record)


def conversions(definition: Definition, values: dict[str, Value], typed_units: Mapping[str, str]) -> tuple[str, ...]:
    sentences = []
    for input_id, unit in typed_units.items():
        model_input = definition.input(input_id)
        per_base = next(other.per_base for other in model_input.other_units if other.name == unit)
        sentences.append(
            _("%(input)s: %(typed)s %(unit)s typed, %(used)s used.")
            % {
                "input": model_input.label,
                "typed": format_number(values[input_id] * per_base),
                "unit": unit,
                "used": model_input.with_unit(values[input_id]),
            }
        )
    return tuple(sentences)


def sheet_context(sheet: ResultSheet, *, query: str, save_form: SaveForm | None = None) -> dict:
    """What the sheet's template lays out: `query` is the request's query string, the values as
    typed, which its links carry; the "Save for audit" form empty unless given."""
    return {"sheet": sheet, "definition": sheet.definition, "query": query, "save_form": save_form or SaveForm()}


def render_sheet(
    request: HttpRequest, sheet: ResultSheet, *, save_form: SaveForm | None = None, status: int = 200
) -> HttpResponse:
    context = sheet_context(sheet, query=request.GET.urlencode(), save_form=save_form)
    return render(request, TEMPLATE, context, status=status)
