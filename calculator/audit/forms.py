"""The "Save for audit" form, whose case reference must not identify the patient, and the staff filter."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import CASE_REFERENCE_MAX_LENGTH, AuditRecord

NOT_IDENTIFYING = _("A case reference must not identify the patient: no names, dates of birth or record numbers.")

_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Separated by any of these, spaces included ("01 03 1960"); digit groups are matched whole.
_SEPARATOR = r"[-/.\s]+"
DATE_PATTERNS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"(?<!\d)\d{{4}}{_SEPARATOR}\d{{1,2}}{_SEPARATOR}\d{{1,2}}(?!\d)",  # 2024-03-01, 1960 03 01
        rf"(?<!\d)\d{{1,2}}{_SEPARATOR}\d{{1,2}}{_SEPARATOR}\d{{2,4}}(?!\d)",  # 01/03/2024, 1.3.24, 01 03 1960, 1 3 60
        rf"\b\d{{1,2}}(st|nd|rd|th)?[\s-]*{_MONTH}[\s-]*\d{{2,4}}\b",  # 1 Mar 2024, 1-March-24
        rf"\b{_MONTH}\s*\d{{1,2}}(st|nd|rd|th)?,?\s*\d{{2,4}}\b",  # March 1, 2024
    )
]
# An NHS number is ten digits, usually written 3 3 4 ("943 476 5919").
NHS_NUMBER_LIKE = re.compile(r"(?<!\d)\d{3}[-.\s]*\d{3}[-.\s]*\d{4}(?!\d)")
LONG_DIGIT_RUN = re.compile(r"\d{6,}")
# Starting with a letter or digit also keeps a spreadsheet from reading it as a formula (CSV export).
ALLOWED = re.compile(r"[^\W_][\w .#/-]*")


def identifier_problem(reference):
    """Why `reference` (NFKC-normalised) looks like it could identify a patient, or "" if it does not."""
    if NHS_NUMBER_LIKE.search(reference):
        return _("“%(reference)s” looks like an NHS number.") % {"reference": reference}
    if any(pattern.search(reference) for pattern in DATE_PATTERNS):
        return _("“%(reference)s” looks like a date.") % {"reference": reference}
    if run := LONG_DIGIT_RUN.search(reference):
        return _("“%(reference)s” contains a run of %(count)d digits, like a record number.") % {
            "reference": reference,
            "count": len(run.group()),
        }
    return ""


class SaveForm(forms.Form):
    case_reference = forms.CharField(
        label=_("Case reference (optional)"),
        max_length=CASE_REFERENCE_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_reference"].help_text = gettext(
            "A pseudonymous reference such as a tumour board slot, at most %(max)d characters. "
            "Do not enter names, dates of birth or record numbers."
        ) % {"max": CASE_REFERENCE_MAX_LENGTH}

    def clean_case_reference(self):
        # Checked and kept in NFKC form, so full-width, circled or otherwise styled digits and
        # unusual spaces are read as the plain ones they look like.
        reference = unicodedata.normalize("NFKC", self.cleaned_data["case_reference"])
        if not reference:
            return reference
        if problem := identifier_problem(reference):
            raise forms.ValidationError(f"{problem} {NOT_IDENTIFYING}", code="identifying")
        if not ALLOWED.fullmatch(reference):
            raise forms.ValidationError(
                _("Use letters, digits, spaces and . # / - only, starting with a letter or digit."), code="characters"
            )
        return reference


# A browser's date picker sends and shows ISO dates, whatever the site's language.
DATE_PICKER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Model"), required=False)
    saved_from = forms.DateField(label=_("Saved from (UTC)"), required=False, widget=DATE_PICKER)
    saved_to = forms.DateField(label=_("Saved to (UTC, inclusive)"), required=False, widget=DATE_PICKER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = AuditRecord.objects.order_by("model_id").values_list("model_id", flat=True).distinct()
        self.fields["model"].choices = [("", _("All models")), *((model_id, model_id) for model_id in recorded)]

    def filter(self, records):
        """`records` narrowed to the filters; none while a filter is invalid (the form shows why)."""
        if not self.is_valid():
            return records.none()
        criteria = self.cleaned_data
        if criteria["model"]:
            records = records.filter(model_id=criteria["model"])
        if criteria["saved_from"]:
            records = records.filter(created_at__date__gte=criteria["saved_from"])
        if criteria["saved_to"]:
            records = records.filter(created_at__date__lte=criteria["saved_to"])
        return records
