"""`python manage.py nomogram ...`"""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .golden import cases_for

CASE = cases_for("kattan-2002")[0]
PAIRS = [f"{key}={value}" for key, value in CASE["inputs"].items()]


def run(*args):
    out = StringIO()
    call_command("nomogram", *args, stdout=out)
    return out.getvalue()


def test_list_shows_every_model_with_status_and_endpoints():
    lines = run("list").splitlines()
    rows = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert set(rows) == {"kattan-2002", "kattan-2003", "gronchi-2013", "zivanovic-2012", "callegaro-2016"}
    assert rows["kattan-2002"][2] == "exact"
    assert rows["kattan-2002"][3] == "12-year probability of sarcoma-specific death"
    assert rows["zivanovic-2012"][2] == "awaiting parameters"


def test_predict_prints_one_json_object():
    result = json.loads(run("predict", "kattan-2002", *PAIRS))
    assert set(result) == {"model", "version", "status", "outcomes", "warnings"}
    assert result["status"] == "exact"
    assert result["outcomes"]["ssd_12y"] == pytest.approx(0.4070, abs=0.0005)
    assert result["warnings"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kattan-2002", *PAIRS[1:]], "Age at surgery (age) is required"),
        (["kattan-2002", "age=95", *PAIRS[1:]], "95 is outside the allowed range, 16 to 90 years"),
        (["kattan-2002", "age", *PAIRS[1:]], "'age' is not field=value"),
        (["kattan-2002", "weight=80", *PAIRS], "'weight' is not an input"),
        (["zivanovic-2012", "age=50"], "awaiting parameters"),
        (["no-such-model"], "unknown model 'no-such-model'"),
    ],
)
def test_predict_refuses_with_exit_status_2(args, message):
    with pytest.raises(CommandError) as raised:
        run("predict", *args)
    assert raised.value.returncode == 2
    assert message in str(raised.value)


def test_predict_csv_scores_every_row_and_reports_bad_rows(tmp_path):
    path = tmp_path / "in.csv"
    header = list(CASE["inputs"])
    good = [str(CASE["inputs"][key]) for key in header]
    bad = ["95" if key == "age" else value for key, value in zip(header, good, strict=True)]
    path.write_text(",".join(header) + "\n" + ",".join(good) + "\n" + ",".join(bad) + "\n")
    rows = list(csv.DictReader(StringIO(run("predict", "kattan-2002", "--csv", str(path)))))
    assert list(rows[0]) == [*header, "ssd_12y", "warnings", "error"]
    assert float(rows[0]["ssd_12y"]) == pytest.approx(0.4070, abs=0.0005)
    assert rows[0]["error"] == ""
    assert rows[1]["ssd_12y"] == ""
    assert "95 is outside the allowed range" in rows[1]["error"]


def test_predict_csv_with_a_missing_column_exits_2(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("age,size_cm\n50,7\n")
    with pytest.raises(CommandError, match="missing column") as raised:
        run("predict", "kattan-2002", "--csv", str(path))
    assert raised.value.returncode == 2


def test_predict_csv_that_is_not_utf8_exits_2(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("age,size_cm\n50,7\u00e9\n".encode("latin-1"))
    with pytest.raises(CommandError, match="is not UTF-8 text") as raised:
        run("predict", "kattan-2002", "--csv", str(path))
    assert raised.value.returncode == 2
