"""Batch scoring uses the vectorised engine and agrees with one-at-a-time prediction."""

import csv
import random
from io import StringIO

import pytest

from nomograms.batch import BatchError, score_csv
from nomograms.prediction import predict


def random_patients(definition, count, seed=2002):
    generator = random.Random(seed)
    patients = []
    for _ in range(count):
        patient = {}
        for model_input in definition.inputs:
            if model_input.is_number:
                patient[model_input.id] = (
                    f"{generator.uniform(model_input.minimum.value + 0.01, model_input.maximum.value):.2f}"
                )
            else:
                patient[model_input.id] = generator.choice(model_input.choices).value
        patients.append(patient)
    return patients


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
