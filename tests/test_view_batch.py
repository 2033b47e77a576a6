"""The batch page: upload a CSV of patients, download it scored by the vectorised engine."""

import csv
import html
import io

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.urls import reverse

from nomograms.prediction import predict
from nomograms.registry import all_definitions, get_definition

from .patients import random_patients

PAGE = reverse("batch", args=["kattan-2002"])
HEADER = "age,size_cm,depth,site,histology,grade\n"
ROW = "50,7,deep,lower_extremity,mfh,high\n"


def as_csv(patients):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(patients[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(patients)
    return text.getvalue()


def upload(client, content, url=PAGE, name="patients.csv"):
    content = content.encode() if isinstance(content, str) else content
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def scored_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def refusal(response):
    """The reason given on the re-rendered page for a refused file."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "The file was not scored." in response.content.decode()
    return " ".join(response.context["form"].errors["file"])


def test_the_page_states_its_limits_and_the_columns_it_needs(client):
    page = html.unescape(client.get(PAGE).content.decode())
    assert "at most 100,000 rows and 20.0\xa0MB" in page
    assert 'href="/models/kattan-2002/batch/template.csv"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page
    assert "<code>age</code>" in page and "16 to 90 years" in page
    assert "<code>mfh</code> (Malignant fibrous histiocytoma" in page
    assert "<code>ssd_12y</code>" in page and "12-year probability of sarcoma-specific death" in page
    assert "Nothing is saved." in page


@pytest.mark.parametrize("definition", [d for d in all_definitions() if d.computable], ids=lambda d: d.id)
def test_the_template_csv_is_the_header_of_input_ids(client, definition):
    response = client.get(reverse("batch-template", args=[definition.id]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{definition.id}-template.csv"'
    assert response.content.decode() == ",".join(model_input.id for model_input in definition.inputs) + "\n"


@pytest.mark.parametrize("definition", list(all_definitions()), ids=lambda d: d.id)
def test_the_model_page_links_to_batch_scoring_only_for_computable_models(client, definition):
    page = client.get(reverse("model", args=[definition.id])).content.decode()
    assert (f'href="{reverse("batch", args=[definition.id])}"' in page) == definition.computable


def test_a_model_awaiting_parameters_has_no_batch_page_nor_template(client):
    response = client.get(reverse("batch", args=["zivanovic-2012"]))
    assert (response.status_code, response.url) == (302, reverse("model", args=["zivanovic-2012"]))
    assert client.get(reverse("batch-template", args=["zivanovic-2012"])).status_code == 404
    assert client.get(reverse("batch", args=["kattan-1999"])).status_code == 404


def test_100000_rows_round_trip_with_the_engines_values(client, kattan):
    # No database fixture: the page fails the request if it touches the database (nothing is saved).
    patients = [{"patient": f"P{index}", **patient} for index, patient in enumerate(random_patients(kattan, 100_000))]
    patients[7]["age"] = "200"
    patients[8]["age"] = "89"
    response = upload(client, as_csv(patients))
    assert response["Content-Disposition"] == 'attachment; filename="kattan-2002-scored.csv"'
    rows = scored_rows(response)
    assert len(rows) == 100_000
    assert list(rows[0]) == [*patients[0], "ssd_12y", "warnings", "error"]
    assert [row["patient"] for row in rows[:3]] == ["P0", "P1", "P2"]
    assert "Age at surgery (age): 200 is outside the allowed range, 16 to 90 years" in rows[7]["error"]
    assert rows[7]["ssd_12y"] == ""
    for index in (0, 1, 8, 999, 50_000, 99_999):
        patient = {key: value for key, value in patients[index].items() if key != "patient"}
        engine = predict(kattan, patient)
        assert rows[index]["ssd_12y"] == f"{engine.outcomes['ssd_12y']:.6f}"
        assert rows[index]["warnings"] == "; ".join(engine.warnings)
        assert rows[index]["error"] == ""


def test_an_endpoint_not_defined_for_a_row_is_left_empty_with_the_reason(client):
    gronchi = get_definition("gronchi-2013")
    patients = random_patients(gronchi, 2)
    patients[0]["resection"] = "incomplete"
    patients[1]["resection"] = "complete"
    rows = scored_rows(upload(client, as_csv(patients), url=reverse("batch", args=["gronchi-2013"])))
    assert rows[0]["os_7y"] and not rows[0]["dfs_7y"]
    assert "7-year disease-free survival is not shown" in rows[0]["warnings"]
    assert rows[1]["os_7y"] and rows[1]["dfs_7y"]


def test_a_file_over_the_row_limit_is_refused(client, settings):
    settings.BATCH_MAX_ROWS = 2
    assert "more than 2 rows; score at most 2 at a time." in refusal(upload(client, HEADER + ROW * 3))
    assert len(scored_rows(upload(client, HEADER + ROW * 2))) == 2


def test_a_file_over_the_size_limit_is_refused(client, settings):
    settings.BATCH_MAX_BYTES = 100
    reason = refusal(upload(client, HEADER + ROW * 10))
    assert "This file is 389\xa0bytes; the limit is 100\xa0bytes. Split it into smaller files." in reason


def test_an_upload_over_the_size_limit_is_cut_as_it_streams_and_never_written_to_disk(client, settings, monkeypatch):
    def no_temporary_file(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    kept = []

    def in_memory_file(file, **kwargs):
        kept.append(len(file.getvalue()))
        return InMemoryUploadedFile(file, **kwargs)

    monkeypatch.setattr("django.core.files.uploadhandler.TemporaryUploadedFile", no_temporary_file)
    monkeypatch.setattr("calculator.batch.uploads.InMemoryUploadedFile", in_memory_file)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # Django's own handlers would now write to disk
    settings.BATCH_MAX_BYTES = 1000
    response = upload(client, HEADER + ROW * 30_000)
    assert "This file is 1.0\xa0MB; the limit is 1000\xa0bytes." in refusal(response)
    assert kept == [1000]


def test_an_upload_at_the_size_limit_is_scored_whole(client, settings):
    settings.BATCH_MAX_BYTES = len(HEADER) + len(ROW) * 3
    assert len(scored_rows(upload(client, HEADER + ROW * 3))) == 3


def test_a_second_file_in_one_request_is_refused(client):
    files = [SimpleUploadedFile(name, (HEADER + ROW).encode(), content_type="text/csv") for name in ("a.csv", "b.csv")]
    assert client.post(PAGE, {"file": files}).status_code == 400


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ssd_12y," + HEADER, "column(s) named ssd_12y, as the results the scored file adds"),
        ("age," + HEADER, "more than one column named age."),
    ],
)
def test_a_column_named_as_a_result_or_twice_is_refused(client, header, expected):
    assert expected in refusal(upload(client, header + "0.99," + ROW))


def test_a_missing_column_is_refused(client):
    reason = refusal(upload(client, "age,size_cm,depth,site,histology\n50,7,deep,lower_extremity,mfh\n"))
    assert "missing column(s): grade. The header must name the inputs of kattan-2002." in reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "This is not a CSV text file."),
        ((HEADER + "50,7,deep,lower_extremity,mfh,high\n").encode("utf-16"), "This is not a CSV text file."),
        ((HEADER + "50,7,profonde,lower_extremity,mfh,élevé\n").encode("latin-1"), "This file is not UTF-8 text"),
        (HEADER.replace(",", ";") + ROW.replace(",", ";"), "the columns are separated by semicolons"),
        (HEADER + '50,7,"deep\n', "not a readable CSV file"),
        ("", "The submitted file is empty."),
        ("\n", "missing column(s): age, size_cm"),
    ],
    ids=["xlsx", "utf-16", "latin-1", "semicolons", "open-quote", "empty", "no-header"],
)
def test_a_file_that_is_not_a_csv_of_inputs_is_refused_with_the_reason(client, content, expected):
    assert expected in refusal(upload(client, content))


def test_an_excel_utf8_byte_order_mark_is_accepted(client):
    assert len(scored_rows(upload(client, ("\ufeff" + HEADER + ROW).encode()))) == 1


def test_uploading_needs_the_csrf_token_of_the_page(client):
    client.handler.enforce_csrf_checks = True
    assert upload(client, HEADER + ROW).status_code == 403


def test_past_its_limit_an_address_is_told_when_to_score_again_and_reading_the_page_does_not_count(client, settings):
    settings.BATCH_RATE_LIMIT = 1
    assert client.get(PAGE).status_code == client.get(PAGE).status_code == 200
    assert upload(client, HEADER + ROW).status_code == 200
    response = upload(client, HEADER + ROW)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "This site scores at most 1 batch files a minute for one address." in response.content.decode()
    assert client.get(PAGE).status_code == 200
