"""Signed links to a just-saved record's sheet, so whoever saved it (signed in or not) can download
its PDF for a while without the staff pages."""

from datetime import timedelta

from django.core.signing import TimestampSigner
from django.urls import reverse

SIGNER = TimestampSigner(salt="calculator.audit.saved-sheet")
MAX_AGE = timedelta(hours=1)


def saved_sheet_url(record):
    """The page shown after saving: the record's sheet, with the confirmation on top."""
    return reverse("audit:saved_sheet", args=[SIGNER.sign(str(record.pk))])


def saved_sheet_pdf_url(record):
    return reverse("audit:saved_sheet_pdf", args=[SIGNER.sign(str(record.pk))])


def record_id_from(token):
    """The record id a link was made for; raises BadSignature (or SignatureExpired) otherwise."""
    return int(SIGNER.unsign(token, max_age=MAX_AGE))
