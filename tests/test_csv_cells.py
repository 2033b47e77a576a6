"""Every CSV the site writes opens in a spreadsheet as data: no cell runs as a formula."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calculator.audit.services import save_record
from nomograms.csv_cells import spreadsheet_safe

from .audit import kattan_prediction, sign_in


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-A17", "'-A17"),
        ("-", "'-"),
        # Plain numbers are data: left as they are, a spreadsheet reads the number and runs nothing.
        ("-3", "-3"),
        ("+0.5", "+0.5"),
        ("-1e-06", "-1e-06"),
        (-12.5, "-12.5"),
        # Nothing else changes.
        ("A-17", "A-17"),
        ("0.407123", "0.407123"),
        ("", ""),
        (None, ""),
        (17, "17"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(value, written):
    assert spreadsheet_safe(value) == written


HEADER = "patient,age,size_cm,depth,site,histology,grade\n"


def test_the_scored_batch_file_neutralises_formulas_in_the_users_own_columns(client):
    rows = [
        '"=HYPERLINK(""http://evil.example"",""open"")",50,7,deep,lower_extremity,mfh,high',
        "@A1,-5,7,deep,lower_extremity,mfh,high",
        "+P3,50,7,deep,lower_extremity,mfh,=1+1",
    ]
    content = (HEADER + "\n".join(rows) + "\n").encode()
    response = client.post(
        reverse("batch", args=["kattan-2002"]),
        {"file": SimpleUploadedFile("patients.csv", content, content_type="text/csv")},
    )
    assert response.status_code == 200
    scored = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert scored[0]["patient"] == '\'=HYPERLINK("http://evil.example","open")'
    assert float(scored[0]["ssd_12y"]) > 0  # the row itself is scored as sent
    assert (scored[1]["patient"], scored[1]["age"]) == ("'@A1", "-5")  # a negative number stays a number
    assert "-5 is outside the allowed range" in scored[1]["error"]
    assert (scored[2]["patient"], scored[2]["grade"]) == ("'+P3", "'=1+1")
    assert "'=1+1' is not allowed" in scored[2]["error"]
    for row in scored:
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row.values())


@pytest.mark.django_db
def test_the_audit_export_neutralises_formulas(client, django_user_model):
    # Saved through the service, as a record from before the case-reference check could have been.
    user = django_user_model.objects.create_user("@dr.jones", is_staff=True)
    record = save_record(kattan_prediction(), '=HYPERLINK("http://evil.example","open")', user)
    sign_in(client, user)
    response = client.get(reverse("audit:export_csv"))
    assert response.status_code == 200
    exported = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(exported) == 1
    assert exported[0]["id"] == str(record.pk)
    assert exported[0]["case_reference"] == '\'=HYPERLINK("http://evil.example","open")'
    assert exported[0]["user"] == "'@dr.jones"
    assert exported[0]["hash"] == record.hash
