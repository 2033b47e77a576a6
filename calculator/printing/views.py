"""The result sheet as a PDF, and each model's blank worksheet."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from calculator.forms import InputsForm
from calculator.ratelimit import rate_limited, refusal_page
from calculator.views import definition_or_404, result_context

from .pdf import render_pdf


# A PDF costs the server about a second of CPU, as much as some two hundred result pages.
@rate_limited(
    "PDF_RATE_LIMIT",
    refusal_page(
        _(
            "This site makes at most %(limit)d PDF result sheets a minute for one address. Try again in "
            "%(seconds)d seconds. The result page itself can still be printed from the browser."
        )
    ),
)
def result_pdf(request, model_id):
    """The result page's own sheet, rendered on the server: the same template, the same inputs."""
    definition = definition_or_404(model_id)
    if not definition.computable:
        return redirect("model", model_id=definition.id)
    form = InputsForm(definition, data=request.GET)
    if not form.is_valid():
        # The result page says what is wrong, beside each field.
        return redirect(f"{reverse('result', args=[definition.id])}?{request.GET.urlencode()}")
    html = render_to_string("calculator/result.html", result_context(definition, form), request=request)
    return HttpResponse(
        render_pdf(html),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{definition.id}-result.pdf"'},
    )


def worksheet(request, model_id):
    """A blank worksheet to gather a model's inputs by hand, for every model, computable or not."""
    definition = definition_or_404(model_id)
    return render(request, "calculator/worksheet.html", {"definition": definition})
