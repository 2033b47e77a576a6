"""Saving a result for audit (anyone, opt-in) and reading the trail (staff only)."""

import logging
from functools import wraps
from itertools import chain

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.signing import BadSignature
from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from calculator.forms import typed_units
from calculator.lookup import computable_model, valid_inputs
from calculator.no_store import carries_patient_values
from calculator.printing.pdf import sheet_pdf_response
from calculator.printing.views import pdf_rate_limited
from calculator.ratelimit import rate_limited, refusal_page
from calculator.sessions import signed_in_user
from calculator.sheets import build_result_sheet, render_sheet
from nomograms.csv_cells import SpreadsheetSafeWriter
from nomograms.prediction import InvalidInputs, NotComputable, validate

from . import links
from .forms import RecordFilterForm, SaveForm
from .links import record_id_from
from .models import AuditRecord
from .services import NotInstalled, canonical_json, installed_definition, save_record

logger = logging.getLogger(__name__)

RECORDS_PER_PAGE = 50


@carries_patient_values
@require_POST
@rate_limited(
    "SAVE_RATE_LIMIT",
    refusal_page(
        gettext_lazy(
            "This site saves at most %(limit)d results a minute for one address. Nothing was saved: try "
            "again in %(seconds)d seconds. Your browser's Back button returns to the result."
        )
    ),
)
@computable_model
@valid_inputs()
def save(request, definition, values):
    """Save the result whose inputs are in the query string, then send the browser to the saved
    record's sheet (POST-redirect-GET: reloading it never saves twice); or show the result again
    with the reason it was not saved and the form as typed, to try again."""
    sheet = build_result_sheet(
        definition=definition,
        values=values,
        calculated_at=timezone.now(),
        typed_units=typed_units(definition, request.GET),
    )
    form = SaveForm(request.POST)
    record, status = saved_record(request, sheet.prediction, form)
    if record:
        return HttpResponseRedirect(links.saved_sheet_url(record), status=303)
    return render_sheet(request, sheet, save_form=form, status=status)


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
        return save_record(prediction, form.cleaned_data["case_reference"], signed_in_user(request)), 200
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


@carries_patient_values
@staff_required
def record_list(request):
    form, records = filtered_records(request)
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/record_list.html", {"form": form, "page": page, "query": query.urlencode()})


def record_sheet(record):
    """A record as its result sheet: its model's labels, its own stored outputs.

    Raises NotInstalled, InvalidInputs or NotComputable when its model version cannot show it.
    """
    definition = installed_definition(record)
    values, _warnings = validate(definition, record.inputs)
    return build_result_sheet(definition=definition, values=values, calculated_at=record.created_at, record=record)


@carries_patient_values
@staff_required
def record_detail(request, pk):
    """The record as its result sheet; as stored, with the reason, if its model version cannot show
    it; an event as what it was, who did it and what it concerned."""
    record = get_object_or_404(AuditRecord.objects.select_related("user"), pk=pk)
    if record.event:
        return render(request, "audit/record_event.html", {"record": record})
    try:
        sheet = record_sheet(record)
    except (NotInstalled, InvalidInputs, NotComputable) as error:
        return render(request, "audit/record_unavailable.html", {"record": record, "reason": str(error)})
    return render_sheet(request, sheet)


def signed_record_sheet(token):
    """The sheet of the record a signed link names; 404 for a bad or expired link."""
    try:
        pk = record_id_from(token)
    except BadSignature as bad:
        raise Http404("this link to a saved sheet is not valid or has expired") from bad
    record = get_object_or_404(AuditRecord.objects.select_related("user"), pk=pk, event="")
    try:
        return record_sheet(record)
    except (NotInstalled, InvalidInputs, NotComputable) as error:
        raise Http404(str(error)) from error


@carries_patient_values
def saved_sheet(request, token):
    """The page shown after saving, for an hour: the record's sheet, with the confirmation on top."""
    return render_sheet(request, signed_record_sheet(token))


@carries_patient_values
@pdf_rate_limited
def saved_sheet_pdf(request, token):
    """The PDF of a record's sheet, with its id, from the link on the page shown after saving."""
    sheet = signed_record_sheet(token)
    return sheet_pdf_response(request, sheet, filename=f"audit-record-{sheet.record.pk}.pdf")


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
    "event",
    "event_details",
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
        record.event,
        canonical_json(record.details) if record.event else "",
        record.previous_hash,
        record.hash,
    )


class Echo:
    """A file whose write() returns the line, so csv.writer can feed a streaming response."""

    def write(self, line):
        return line


@carries_patient_values
@staff_required
def export_csv(request):
    """The filtered list as CSV, streamed, oldest first, with no cell a spreadsheet would run as a formula."""
    _form, records = filtered_records(request)
    writer = SpreadsheetSafeWriter(Echo())
    rows = (writer.writerow(csv_row(record)) for record in records.order_by("id").iterator())
    response = StreamingHttpResponse(chain([writer.writerow(CSV_COLUMNS)], rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-records.csv"'
    return response
