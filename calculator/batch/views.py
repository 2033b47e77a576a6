"""The batch page of a computable model, its scored download and its template CSV."""

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from nomograms.batch import score_rows, write_csv

from ..lookup import computable_model, definition_or_404
from ..no_store import carries_patient_values
from ..ratelimit import rate_limited, refusal_page
from .forms import BatchUploadForm


def _csv_download(text, filename):
    return HttpResponse(
        text,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@carries_patient_values
@rate_limited(
    "BATCH_RATE_LIMIT",
    refusal_page(
        _("This site scores at most %(limit)d batch files a minute for one address. Try again in %(seconds)d seconds.")
    ),
    methods="POST",
)
@computable_model
def batch_page(request, definition):
    """GET: the upload form and its limits. POST: the same CSV back, scored; nothing is kept."""
    form = BatchUploadForm(definition, request.POST or None, request.FILES or None)
    if form.is_valid():
        header, rows = form.cleaned_data["file"]
        scored = io.StringIO()
        write_csv(definition, header, score_rows(definition, header, rows), scored)
        return _csv_download(scored.getvalue(), f"{definition.id}-scored.csv")
    context = {
        "definition": definition,
        "form": form,
        "max_rows": number_format(settings.BATCH_MAX_ROWS, force_grouping=True),
        "max_bytes": settings.BATCH_MAX_BYTES,
    }
    return render(request, "calculator/batch.html", context)


def template_csv(request, model_id):
    """A CSV with the header the batch page expects: the model's input ids."""
    definition = definition_or_404(model_id)
    if not definition.computable:
        raise Http404(f"{definition.id} computes nothing yet")
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow([model_input.id for model_input in definition.inputs])
    return _csv_download(header.getvalue(), f"{definition.id}-template.csv")
