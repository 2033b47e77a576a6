"""The result sheet as a PDF, and each model's blank worksheet."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calculator.comparisons import COMPARISON_TEMPLATE, build_comparison
from calculator.forms import typed_units
from calculator.lookup import computable_model, definition_or_404, valid_inputs, valid_scenarios
from calculator.no_store import carries_patient_values
from calculator.ratelimit import rate_limited, refusal_page
from calculator.sheets import build_result_sheet
from nomograms.definition import Definition

from .pdf import pdf_response, sheet_pdf_response

# A PDF costs the server about a second of CPU, as much as some two hundred result pages. One count
# for every kind of PDF sheet (saved ones too: calculator.audit.views).
pdf_rate_limited = rate_limited(
    "PDF_RATE_LIMIT",
    refusal_page(
        _(
            "This site makes at most %(limit)d PDF result sheets a minute for one address. Try again in "
            "%(seconds)d seconds. The result page itself can still be printed from the browser."
        )
    ),
)


@carries_patient_values
@pdf_rate_limited
@computable_model
@valid_inputs()
def result_pdf(request: HttpRequest, definition: Definition, values: dict) -> HttpResponse:
    """The result page's own sheet, rendered on the server: the same template, the same inputs."""
    sheet = build_result_sheet(
        definition=definition,
        values=values,
        calculated_at=timezone.now(),
        typed_units=typed_units(definition, request.GET),
    )
    return sheet_pdf_response(request, sheet, filename=f"{definition.id}-result.pdf")


@carries_patient_values
@pdf_rate_limited
@computable_model
@valid_scenarios()
def comparison_pdf(request: HttpRequest, definition: Definition, scenarios: dict) -> HttpResponse:
    """The comparison page's own sheet, rendered on the server."""
    compared = build_comparison(
        definition=definition, calculated_at=timezone.now(), absolute_url=request.build_absolute_uri, **scenarios
    )
    context = {"definition": definition, "comparison": compared}
    return pdf_response(request, COMPARISON_TEMPLATE, context, filename=f"{definition.id}-comparison.pdf")


def worksheet(request: HttpRequest, model_id: str) -> HttpResponse:
    """A blank worksheet to gather a model's inputs by hand, for every model, computable or not."""
    definition = definition_or_404(model_id)
    return render(request, "calculator/worksheet.html", {"definition": definition})
