"""Batch scoring uses the vectorised engine and agrees with one-at-a-time prediction."""

import csv
from io import StringIO

import pytest

from nomograms.batch import BatchError, read_csv, score_csv
from nomograms.prediction import predict

from .patients import random_patients


def test_100000_rows_round_trip_with_the_same_values_as_single_predictions(kattan):
    patients = random_patients(kattan, 100_000)
    patients[7]["age"] = "200"
    in_file = StringIO()
    writer = csv.DictWriter(in_file, fieldnames=list(patients[0]))
    writer.writeheader()
    writer.writerows(patients)
    in_file.seek(0)
    out_file = StringIO()
    score_csv(kattan, in_file, out_file)
    out_file.seek(0)
    rows = list(csv.DictReader(out_file))
    assert len(rows) == 100_000
    assert "200 is outside the allowed range" in rows[7]["error"]
    for index in (0, 1, 999, 50_000, 99_999):
        expected = predict(kattan, patients[index]).outcomes["ssd_12y"]
        assert float(rows[index]["ssd_12y"]) == pytest.approx(expected, abs=5e-7)
        assert rows[index]["error"] == ""


def test_an_empty_file_is_refused(kattan):
    with pytest.raises(BatchError, match="missing column"):
        score_csv(kattan, StringIO(""), StringIO())


HEADER = "age,size_cm,depth,site,histology,grade\n"
ROW = "50,7,deep,lower_extremity,mfh,high\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER.replace(",", ";") + ROW.replace(",", ";"), "the columns are separated by semicolons"),
        (HEADER.replace(",", "\t") + ROW.replace(",", "\t"), "the columns are separated by tabs"),
        ("age,size_cm\n50,7\n", "missing column(s): depth, site, histology, grade."),
        (HEADER + ROW + ROW.strip() + ",extra\n", "line 3 has more fields than the header."),
        (HEADER + ROW * 3, "more than 2 rows; score at most 2 at a time."),
        (HEADER + '50,7,"deep\n', "not a readable CSV file"),
        (
            "ssd_12y," + HEADER + "0.99," + ROW,
            "column(s) named ssd_12y, as the results the scored file adds (ssd_12y, warnings, error). Rename them.",
        ),
        ("warnings,error," + HEADER + "a,b," + ROW, "column(s) named warnings, error, as the results"),
        ("age," + HEADER + "70," + ROW, "more than one column named age. Give each column its own name."),
        (",," + HEADER + ",," + ROW, "more than one column named (a column without a name)."),
        (
            HEADER.strip() + "," + ",".join(f"c{n}" for n in range(51)) + "\n",
            "57 columns; kattan-2002 takes at most 56: its 6 inputs and up to 50 of your own.",
        ),
    ],
)
def test_a_file_that_cannot_be_scored_as_a_whole_is_refused_with_the_reason(kattan, text, expected):
    with pytest.raises(BatchError) as refused:
        read_csv(kattan, StringIO(text, newline=""), max_rows=2)
    assert expected in str(refused.value)


def test_read_csv_keeps_other_columns_and_every_value_as_typed(kattan):
    header, rows = read_csv(kattan, StringIO("patient," + HEADER + "A-17," + ROW), max_rows=1)
    assert header == ["patient", "age", "size_cm", "depth", "site", "histology", "grade"]
    assert rows == [
        {
            "patient": "A-17",
            "age": "50",
            "size_cm": "7",
            "depth": "deep",
            "site": "lower_extremity",
            "histology": "mfh",
            "grade": "high",
        }
    ]


class HeaderOnly(StringIO):
    """A file whose rows must never be read: reading past the header fails the test."""

    def __init__(self, header):
        super().__init__(header + "\n")
        self.lines_read = 0

    def __next__(self):
        self.lines_read += 1
        assert self.lines_read == 1, "a row was read after a header that should have been refused"
        return super().__next__()


def test_300000_columns_are_refused_from_the_header_before_any_row_is_read(kattan):
    in_file = HeaderOnly(HEADER.strip() + "," + ",".join(f"c{n}" for n in range(300_000)))
    with pytest.raises(BatchError, match="300,006 columns; kattan-2002 takes at most 56"):
        read_csv(kattan, in_file, max_rows=10)


def test_the_users_own_columns_are_kept_up_to_the_limit(kattan):
    own = [f"note_{n}" for n in range(50)]
    header, rows = read_csv(kattan, StringIO(HEADER.strip() + "," + ",".join(own) + "\n" + ROW.strip() + "," * 50))
    assert header[6:] == own
    assert len(rows) == 1


def test_a_decimal_comma_in_a_quoted_field_is_read_and_5_0_is_refused(kattan):
    rows = '"50,5","7,5",deep,lower_extremity,mfh,high\n' + "50,5_0,deep,lower_extremity,mfh,high\n"
    in_file = StringIO(HEADER + rows)
    out_file = StringIO()
    score_csv(kattan, in_file, out_file)
    out_file.seek(0)
    comma, underscore = csv.DictReader(out_file)
    expected = predict(kattan, {"age": "50.5", "size_cm": "7.5", "depth": "deep", "site": "lower_extremity",
                                "histology": "mfh", "grade": "high"}).outcomes["ssd_12y"]  # fmt: skip
    assert float(comma["ssd_12y"]) == pytest.approx(expected, abs=5e-7)
    assert comma["error"] == ""
    assert "5_0 is not a number" in underscore["error"]
    assert underscore["ssd_12y"] == ""
