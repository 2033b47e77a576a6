"""Scoring a CSV of patients: validate each row, score the valid rows in one vectorised call.

A row with an invalid value gets its reason in the `error` column; it never stops the batch.
"""

import csv
from typing import TextIO

from .csv_cells import SpreadsheetSafeWriter
from .definition import ERROR_COLUMN, WARNINGS_COLUMN, Definition
from .prediction import check, result_warnings, row, score


class BatchError(ValueError):
    """The file as a whole cannot be scored (for example, a column is missing)."""


# Room for the columns a user keeps beside the inputs (a patient reference, a date, a note).
MAX_OTHER_COLUMNS = 50


def result_columns(definition: Definition) -> list[str]:
    """The columns the scored file adds after the user's own."""
    return [*(endpoint.id for endpoint in definition.endpoints), WARNINGS_COLUMN, ERROR_COLUMN]


def output_columns(definition: Definition, header: list[str]) -> list[str]:
    return [*header, *result_columns(definition)]


# Separators a spreadsheet may have used instead of commas, to say so when the header is one column.
OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _names(columns):
    return ", ".join(column or "(a column without a name)" for column in columns)


def _check_header(definition, header):
    """Refuse a header the file cannot be scored with, naming the columns at fault."""
    header = header or []
    most = len(definition.inputs) + MAX_OTHER_COLUMNS
    if len(header) > most:
        raise BatchError(
            f"{len(header):,} columns; {definition.id} takes at most {most}: its {len(definition.inputs)} inputs "
            f"and up to {MAX_OTHER_COLUMNS} of your own."
        )
    missing = [model_input.id for model_input in definition.inputs if model_input.id not in header]
    if missing:
        if len(header) == 1:
            for separator, name in OTHER_SEPARATORS.items():
                if separator in header[0]:
                    raise BatchError(f"the columns are separated by {name}; separate them with commas.")
        raise BatchError(
            f"missing column(s): {', '.join(missing)}. The header must name the inputs of {definition.id}."
        )
    repeated = list(dict.fromkeys(column for column in header if header.count(column) > 1))
    if repeated:
        raise BatchError(f"more than one column named {_names(repeated)}. Give each column its own name.")
    taken = [column for column in header if column in result_columns(definition)]
    if taken:
        raise BatchError(
            f"column(s) named {_names(taken)}, as the results the scored file adds ("
            f"{', '.join(result_columns(definition))}). Rename them."
        )


def read_csv(definition: Definition, in_file: TextIO, max_rows: int | None = None) -> tuple[list[str], list[dict]]:
    """(header, rows) of a CSV whose header names the inputs of `definition`, as text.

    Raises BatchError for a file that cannot be scored as a whole: too many, missing, repeated
    columns or columns named as a result, a row with more fields than the header, more than
    `max_rows` rows, or text that is not CSV. The header is checked before any row is read, so
    memory grows with the rows read, never past `max_rows` rows of a bounded width.
    """
    reader = csv.DictReader(in_file, strict=True)
    rows = []
    try:
        _check_header(definition, reader.fieldnames)
        for row_values in reader:
            if None in row_values:
                raise BatchError(f"line {reader.line_num} has more fields than the header.")
            if max_rows is not None and len(rows) == max_rows:
                raise BatchError(f"more than {max_rows:,} rows; score at most {max_rows:,} at a time.")
            rows.append(row_values)
    except csv.Error as error:
        raise BatchError(f"not a readable CSV file (line {reader.line_num}): {error}.") from error
    return reader.fieldnames, rows


def write_csv(definition: Definition, header: list[str], scored: list[dict], out_file: TextIO) -> None:
    """Write rows from score_rows() with the input columns first, then the results; no cell that a
    spreadsheet would run as a formula (nomograms.csv_cells)."""
    columns = output_columns(definition, header)
    writer = SpreadsheetSafeWriter(out_file, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([scored_row.get(column, "") for column in columns] for scored_row in scored)


def score_rows(definition: Definition, header: list[str], rows: list[dict]) -> list[dict]:
    """Scored copies of `rows` (dicts keyed by `header`), with endpoint, warnings and error columns."""
    _check_header(definition, header)
    checked = [check(definition, row) for row in rows]
    valid = [index for index, (_, _, errors) in enumerate(checked) if not errors]
    columns = {
        model_input.id: [checked[index][0][model_input.id] for index in valid] for model_input in definition.inputs
    }
    scores = score(definition, columns) if valid else None

    scored = []
    position = {index: n for n, index in enumerate(valid)}
    for index, typed in enumerate(rows):
        out = dict(typed)
        _, warnings, errors = checked[index]
        if errors:
            out[ERROR_COLUMN] = " ".join(errors.values())
        else:
            outcomes, totals, bounds = row(scores, position[index])
            out.update({endpoint_id: f"{probability:.6f}" for endpoint_id, probability in outcomes.items()})
            warnings = warnings + result_warnings(definition, outcomes, totals, bounds)
        out[WARNINGS_COLUMN] = "; ".join(warnings)
        scored.append(out)
    return scored


def score_csv(definition: Definition, in_file: TextIO, out_file: TextIO) -> None:
    """Read a CSV whose header names the input ids; write it back with the results."""
    header, rows = read_csv(definition, in_file)
    write_csv(definition, header, score_rows(definition, header, rows), out_file)
