"""CSV that a spreadsheet opens as data: no cell runs as a formula.

As OWASP advises against CSV injection, a cell beginning with `=`, `+`, `-`, `@`, a tab or a
carriage return is written with a single quote in front, so Excel, LibreOffice and Google Sheets
show it as text instead of evaluating it (`=HYPERLINK(...)` in a patient reference). A cell that is
a plain decimal number (`-3`, `+0.5`, `1e-06`) is left as it is: a spreadsheet reads it as that
number and runs nothing, and the value stays a number.
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(value):
    """The cell's text, quoted with a leading ' when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SpreadsheetSafeWriter:
    """csv.writer whose every cell goes through spreadsheet_safe()."""

    def __init__(self, out_file, **options):
        self._writer = csv.writer(out_file, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
