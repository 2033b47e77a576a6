"""kattan-2003: sarcoma-specific death within 1, 2 and 3 years of a local recurrence, a
competing-risks model. The golden cases run through the engine, the command line, the web page,
FHIR and audit replay with every model (test_golden_cases, test_view_api_fhir, test_audit_records);
here: what is particular to it, and that it speaks of dying of sarcoma everywhere, never of surviving.

Numbers from the spec kattan-2003.md (Kattan MW, Heller G, Brennan MF. Stat Med. 2003;22(22):3515-3525).
"""

import csv
import html
import io
import json
import re
from io import StringIO
from urllib.parse import urlencode

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from calculator.audit.models import AuditRecord
from calculator.drawing import draw_nomogram
from calculator.icons import icon_array
from nomograms.prediction import InvalidInputs, predict, score
from nomograms.registry import get_definition

from .api_client import post_json
from .golden import as_text, cases_for
from .patients import random_patients

KATTAN_2003 = get_definition("kattan-2003")
CASES = cases_for("kattan-2003")
FIRST = as_text(CASES[0]["inputs"])  # 0.3014, 0.5526, 0.6371
# The spec's 1 - F0(t) at 1, 2 and 3 years.
FREE_OF_SARCOMA_DEATH = {"ssd_1y": 0.9779854, "ssd_2y": 0.9512977, "ssd_3y": 0.9390208}
WORDS = {
    "ssd_1y": "would die of sarcoma within 1 year of the recurrence",
    "ssd_2y": "would die of sarcoma within 2 years of the recurrence",
    "ssd_3y": "would die of sarcoma within 3 years of the recurrence",
}
NEVER = re.compile(r"surviv|alive", re.I)


def linear_predictor(values):
    return KATTAN_2003.model.linear_predictor({key: np.asarray([value]) for key, value in values.items()})[0]


def test_each_probability_is_the_cumulative_incidence_of_the_competing_risks_model():
    prediction = predict(KATTAN_2003, FIRST)
    lp = linear_predictor(prediction.values)
    for endpoint_id, free in FREE_OF_SARCOMA_DEATH.items():
        assert prediction.outcomes[endpoint_id] == pytest.approx(1 - free ** np.exp(lp), abs=1e-12)
    assert [endpoint.kind for endpoint in KATTAN_2003.endpoints] == ["event"] * 3
    assert prediction.outcomes["ssd_1y"] < prediction.outcomes["ssd_2y"] < prediction.outcomes["ssd_3y"]


def test_histology_has_the_labels_of_kattan_2002_as_the_spec_says():
    # kattan-2003.md: histology `fibrosarcoma` ... `other` "(same labels as `kattan-2002`)".
    def labels(definition):
        return [(choice.value, choice.label) for choice in definition.input("histology").choices]

    assert labels(KATTAN_2003) == labels(get_definition("kattan-2002"))


def test_the_spline_is_on_age_itself_with_no_intercept():
    values = predict(KATTAN_2003, FIRST).values
    young, younger = dict(values, age=27.0), dict(values, age=20.0)
    # Below the first knot (27.80384) only the linear term moves.
    assert linear_predictor(young) - linear_predictor(younger) == pytest.approx(0.024251435 * 7)
    old = dict(values, age=80.0)
    cubic = (
        -0.0000052683762 * (80 - 27.80384) ** 3
        + 0.000013633246 * (80 - 57.8137) ** 3
        - 0.0000083648697 * (80 - 76.71456) ** 3
    )
    assert linear_predictor(old) - linear_predictor(younger) == pytest.approx(0.024251435 * 60 + cubic)
    reference = {"age": 0.0, "size_cm": 3.0, "grade": "high", "depth": "deep", "site": "head_neck"}
    assert linear_predictor(dict(reference, histology="fibrosarcoma")) == 0.0


@pytest.mark.parametrize("age", ["16.9", "89.6", "90"])
def test_ages_outside_the_calculators_bounds_are_refused_with_the_range(age):
    with pytest.raises(InvalidInputs) as refused:
        predict(KATTAN_2003, dict(FIRST, age=age))
    assert f"{age} is outside the allowed range, 17 to 89.5 years" in refused.value.errors["age"]


@pytest.mark.parametrize("age", ["17", "89.5"])
def test_the_bounds_themselves_are_allowed(age):
    assert predict(KATTAN_2003, dict(FIRST, age=age)).warnings == ()


def test_the_age_ambiguity_is_stated_in_the_help_and_the_provenance(client):
    age = KATTAN_2003.input("age")
    assert age.label == "Age"
    for text in (age.help, KATTAN_2003.provenance):
        assert "SurgAge" in text
        assert "Age (years)" in text
        assert "the operation for the first tumour or at the operation for the local recurrence" in text
    page = html.unescape(client.get(reverse("model", args=["kattan-2003"])).content.decode())
    assert age.help in page
    assert KATTAN_2003.provenance in page
    worksheet = html.unescape(client.get(reverse("worksheet", args=["kattan-2003"])).content.decode())
    assert age.help in worksheet


def test_icon_arrays_say_who_would_die_of_sarcoma_within_each_horizon():
    sentences = [icon_array(result).sentence for result in predict(KATTAN_2003, FIRST).results]
    assert sentences == [
        f"About 30 of 100 similar patients {WORDS['ssd_1y']}.",
        f"About 55 of 100 similar patients {WORDS['ssd_2y']}.",
        f"About 64 of 100 similar patients {WORDS['ssd_3y']}.",
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"age {case['inputs']['age']}")
def test_the_result_page_speaks_of_dying_of_sarcoma_never_of_surviving(client, case):
    page = html.unescape(client.get(reverse("result", args=["kattan-2003"]), as_text(case["inputs"])).content.decode())
    for words in WORDS.values():
        assert words in page
    assert not NEVER.search(page)


def test_the_api_and_fhir_speak_of_dying_of_sarcoma_never_of_surviving(client):
    body = post_json(client, "kattan-2003", CASES[0]["inputs"]).json()
    assert [result["patients_would"] for result in body["results"]] == [
        words.removeprefix("would ") for words in WORDS.values()
    ]
    percents = (30, 55, 64)
    assert [result["sentence"] for result in body["results"]] == [
        f"About {percent} of 100 similar patients {words}."
        for percent, words in zip(percents, WORDS.values(), strict=True)
    ]
    assert not NEVER.search(json.dumps(body))
    model = client.get(reverse("api:model", args=["kattan-2003"])).json()
    assert [endpoint["patients_would"] for endpoint in model["endpoints"]] == [
        words.removeprefix("would ") for words in WORDS.values()
    ]
    fhir = post_json(client, "kattan-2003", CASES[0]["inputs"], QUERY_STRING="format=fhir").json()
    assert [entry["rationale"] for entry in fhir["prediction"]] == [result["sentence"] for result in body["results"]]
    assert [entry["whenRange"]["high"]["value"] for entry in fhir["prediction"]] == [1, 2, 3]
    assert not NEVER.search(json.dumps(fhir))


def test_the_command_line_gives_all_three_horizons():
    out = StringIO()
    call_command("nomogram", "predict", "kattan-2003", *[f"{key}={value}" for key, value in FIRST.items()], stdout=out)
    outcomes = json.loads(out.getvalue())["outcomes"]
    assert outcomes == pytest.approx(CASES[0]["outcomes"], abs=0.0005)


def test_batch_scoring_gives_every_golden_case_its_three_probabilities(client):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(CASES[0]["inputs"]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(case["inputs"] for case in CASES)
    upload = SimpleUploadedFile("patients.csv", text.getvalue().encode(), content_type="text/csv")
    response = client.post(reverse("batch", args=["kattan-2003"]), {"file": upload})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [*CASES[0]["inputs"], "ssd_1y", "ssd_2y", "ssd_3y", "warnings", "error"]
    for row, case in zip(rows, CASES, strict=True):
        for endpoint_id, expected in case["outcomes"].items():
            assert float(row[endpoint_id]) == pytest.approx(expected, abs=0.0005)


def test_the_drawn_nomogram_has_one_probability_axis_per_horizon():
    (panel,) = KATTAN_2003.nomogram_layout
    assert [scale.endpoint_id for scale in panel.probabilities] == ["ssd_1y", "ssd_2y", "ssd_3y"]
    assert [scale.label for scale in panel.probabilities] == [endpoint.name for endpoint in KATTAN_2003.endpoints]
    (drawn,) = draw_nomogram(KATTAN_2003, predict(KATTAN_2003, FIRST))
    for endpoint in KATTAN_2003.endpoints:
        assert f'data-key="{endpoint.id}"' in drawn.svg
    # Histology spans the widest range of the linear predictor (fibrosarcoma 0 to MPNT 2.0887329),
    # so it gets the 100 points, as every coefficient model is drawn.
    assert KATTAN_2003.model.points_per_unit == pytest.approx(100 / 2.0887329)


def test_for_any_patient_the_risk_grows_with_the_horizon():
    patients = random_patients(KATTAN_2003, 10_000, seed=2003)
    outcomes = score(KATTAN_2003, {key: [patient[key] for patient in patients] for key in patients[0]}).outcomes
    one, two, three = outcomes["ssd_1y"], outcomes["ssd_2y"], outcomes["ssd_3y"]
    assert ((one > 0) & (one < two) & (two < three) & (three < 1)).all()


@pytest.mark.django_db
def test_a_saved_result_replays_in_the_audit_verify_command(client):
    response = client.post(
        f"{reverse('audit:save', args=['kattan-2003'])}?{urlencode(FIRST)}",
        {"case_reference": "LR-1", "definition_sha256": KATTAN_2003.sha256},
    )
    assert response.status_code == 303
    record = AuditRecord.objects.get()
    assert (record.model_id, record.definition_version) == ("kattan-2003", KATTAN_2003.version)
    assert set(record.outcomes) == {"ssd_1y", "ssd_2y", "ssd_3y"}
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert out.getvalue().strip() == "1 records verified"
