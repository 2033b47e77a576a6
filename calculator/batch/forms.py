"""The upload form: refuses a file that cannot be scored as a whole, with the reason."""

import io

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nomograms.batch import BatchError, read_csv


def decode_csv(content):
    """The text of an uploaded CSV file, or ValidationError for a file that is not CSV text."""
    if b"\x00" in content:
        raise forms.ValidationError(
            _("This is not a CSV text file. A spreadsheet must first be saved as “CSV UTF-8 (comma delimited)”.")
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(
            _("This file is not UTF-8 text (byte %(position)d). Save it as “CSV UTF-8 (comma delimited)”.")
            % {"position": error.start}
        ) from error


class BatchUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))

    def __init__(self, definition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition

    def clean_file(self):
        """(header, rows) of the uploaded CSV, every value still as typed."""
        upload = self.cleaned_data["file"]
        if upload.size > settings.BATCH_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.BATCH_MAX_BYTES)}
            )
        text = decode_csv(upload.read())
        try:
            return read_csv(self.definition, io.StringIO(text, newline=""), settings.BATCH_MAX_ROWS)
        except BatchError as error:
            raise forms.ValidationError(_("This file cannot be scored: %(reason)s") % {"reason": error}) from error
