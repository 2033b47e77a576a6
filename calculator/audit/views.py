"""Saving a result for audit (anyone, opt-in) and reading the trail (staff only)."""

import csv
import logging
from functools import wraps
from itertools import chain

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.signing import BadSignature
from django.db import DatabaseError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calculator.forms import InputsForm
from calculator.printing.pdf import render_pdf
from calculator.views import definition_or_404, result_context
from nomograms.prediction import InvalidInputs, NotComputable

from .forms import RecordFilterForm, SaveForm
from .links import record_id_from
from .models import AuditRecord
from .services import NotInstalled, canonical_json, recorded_prediction, save_record

logger = logging.getLogger(__name__)

RECORDS_PER_PAGE = 50


@require_POST
def save(request, model_id):
    """Save the result whose inputs are in the query string, then show that result again with the
    record's id, or with the reason it was not saved and the form as typed, to try again."""
    definition = definition_or_404(model_id)
    inputs = InputsForm(definition, data=request.GET) if definition.computable else None
    if inputs is None or not inputs.is_valid():
        # Nothing valid to save: the result page says why.
        return redirect(f"{reverse('result', args=[model_id])}?{request.GET.urlencode()}")
    context = result_context(definition, inputs)
    form = SaveForm(request.POST)
    record, status = saved_record(request, context["prediction"], form)
    context.update(audit_record=record, save_form=form)
    if record:
        context["calculated_at"] = record.created_at
    return render(request, "calculator/result.html", context, status=status)


def saved_record(request, prediction, form):
    """(the record saved, 200), or (None, status) with the reason on `form`."""
    if request.POST.get("definition_sha256") != prediction.definition.sha256:
        # The page showed a result from another version of the model: never save what was not shown.
        form.add_error(
            None, _("The model has been updated since this result was shown. Check the result below and save again.")
        )
        return None, 409
    if not form.is_valid():
        return None, 200
    try:
        return save_record(prediction, form.cleaned_data["case_reference"], request.user), 200
    except DatabaseError:
        logger.exception("audit record for %s not saved", prediction.definition.id)
        form.add_error(None, _("Not saved: the database is unavailable or busy. Your result is unchanged: try again."))
        return None, 503


def staff_required(view):
    """Sign-in first; then only staff, others are refused (403)."""

    @wraps(view)
    @login_required
    def staff_only(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_only


def filtered_records(request):
    form = RecordFilterForm(request.GET)
    return form, form.filter(AuditRecord.objects.select_related("user"))


@staff_required
def record_list(request):
    form, records = filtered_records(request)
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/record_list.html", {"form": form, "page": page, "query": query.urlencode()})


def record_sheet_context(record):
    """A record as its result sheet: its model's labels, its own stored outputs.

    Raises NotInstalled, InvalidInputs or NotComputable when its model version cannot show it.
    """
    prediction = recorded_prediction(record)
    return {
        "definition": prediction.definition,
        "prediction": prediction,
        "calculated_at": record.created_at,
        "audit_record": record,
    }


@staff_required
def record_detail(request, pk):
    """The record as its result sheet; as stored, with the reason, if its model version cannot show it."""
    record = get_object_or_404(AuditRecord.objects.select_related("user"), pk=pk)
    try:
        context = record_sheet_context(record)
    except (NotInstalled, InvalidInputs, NotComputable) as error:
        return render(request, "audit/record_unavailable.html", {"record": record, "reason": str(error)})
    return render(request, "calculator/result.html", context)


def saved_sheet_pdf(request, token):
    """The PDF of a record's sheet, with its id, from the link on the page shown after saving."""
    try:
        pk = record_id_from(token)
    except BadSignature as bad:
        raise Http404("this link to a saved sheet is not valid or has expired") from bad
    record = get_object_or_404(AuditRecord.objects.select_related("user"), pk=pk)
    try:
        context = record_sheet_context(record)
    except (NotInstalled, InvalidInputs, NotComputable) as error:
        raise Http404(str(error)) from error
    html = render_to_string("calculator/result.html", context, request=request)
    return HttpResponse(
        render_pdf(html),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="audit-record-{record.pk}.pdf"'},
    )


CSV_COLUMNS = (
    "id",
    "saved_at_utc",
    "model",
    "definition_version",
    "definition_sha256",
    "case_reference",
    "user",
    "inputs",
    "probabilities",
    "points",
    "warnings",
    "app_version",
    "previous_hash",
    "hash",
)


def csv_row(record):
    return (
        record.pk,
        record.created_at.isoformat(),
        record.model_id,
        record.definition_version,
        record.definition_sha256,
        record.case_reference,
        record.user.get_username() if record.user else "",
        canonical_json(record.inputs),
        canonical_json(record.outcomes),
        canonical_json(record.points),
        canonical_json(record.warnings),
        record.app_version,
        record.previous_hash,
        record.hash,
    )


class Echo:
    """A file whose write() returns the line, so csv.writer can feed a streaming response."""

    def write(self, line):
        return line


@staff_required
def export_csv(request):
    """The filtered list as CSV, streamed, oldest first."""
    _form, records = filtered_records(request)
    writer = csv.writer(Echo())
    rows = (writer.writerow(csv_row(record)) for record in records.order_by("id").iterator())
    response = StreamingHttpResponse(chain([writer.writerow(CSV_COLUMNS)], rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-records.csv"'
    return response
