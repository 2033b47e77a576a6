"""Scoring a CSV of patients: validate each row, score the valid rows in one vectorised call.

A row with an invalid value gets its reason in the `error` column; it never stops the batch.
"""

import csv

from .prediction import check, result_warnings, row, score

WARNINGS_COLUMN = "warnings"
ERROR_COLUMN = "error"


class BatchError(ValueError):
    """The file as a whole cannot be scored (for example, a column is missing)."""


def output_columns(definition, header):
    return [*header, *(endpoint.id for endpoint in definition.endpoints), WARNINGS_COLUMN, ERROR_COLUMN]


def _check_header(definition, header):
    missing = [model_input.id for model_input in definition.inputs if model_input.id not in (header or [])]
    if missing:
        raise BatchError(
            f"missing column(s): {', '.join(missing)}. The header must name the inputs of {definition.id}."
        )


def score_rows(definition, header, rows):
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
            outcomes, totals, limits = row(scores, position[index])
            out.update({endpoint_id: f"{probability:.6f}" for endpoint_id, probability in outcomes.items()})
            warnings = warnings + result_warnings(definition, outcomes, totals, limits)
        out[WARNINGS_COLUMN] = "; ".join(warnings)
        scored.append(out)
    return scored


def score_csv(definition, in_file, out_file):
    """Read a CSV whose header names the input ids; write it back with the results."""
    reader = csv.DictReader(in_file)
    rows = list(reader)
    scored = score_rows(definition, reader.fieldnames, rows)
    writer = csv.DictWriter(out_file, fieldnames=output_columns(definition, reader.fieldnames), lineterminator="\n")
    writer.writeheader()
    writer.writerows(scored)
