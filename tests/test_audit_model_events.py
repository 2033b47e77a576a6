"""Model events in the audit trail: installing, approving, sending back and retiring each append a
signed record to the one chain of saved calculations, which `audit verify` checks (hash, link, the
version it names is stored) without replaying it as a calculation, and the staff pages show.

The model is gronchi-2013 under another id, digitised as in tests/workbench_drafts.py."""

import csv
import html
import io
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from calculator.audit.chain import record_event
from calculator.audit.models import AuditRecord
from calculator.audit.services import save_record, verify_chain
from calculator.definitions.models import DefinitionVersion
from calculator.definitions.services import InstallRefused, provenance_sha256, retire_model
from calculator.workbench import services as workbench
from calculator.workbench.models import Draft
from nomograms.prediction import predict
from nomograms.registry import get_definition

from .audit import audit_command, kattan_prediction, sign_in, triggers_disabled
from .golden import as_text, cases_for
from .workbench_drafts import CENTRE_ID, FIGURE_SHA256, make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return get_user_model().objects.create_user("author", is_staff=True)


@pytest.fixture
def reviewer():
    return get_user_model().objects.create_user("reviewer", is_staff=True)


def reviewed(draft, reviewer, *, send_back_first=False):
    """`draft` submitted and approved by `reviewer` (sent back once before, if asked)."""
    workbench.submit(draft=draft)
    if send_back_first:
        workbench.send_back(draft=draft, reviewer=reviewer, reason="Tick 3 of age is blurred.")
        workbench.submit(draft=draft)
    return workbench.approve(draft=draft, reviewer=reviewer)


def events():
    return list(AuditRecord.objects.order_by("id").values_list("event", "model_id", "user__username"))


def test_sending_back_approving_and_installing_are_each_a_record_of_the_chain(author, reviewer):
    draft = reviewed(make_draft(author), reviewer, send_back_first=True)
    assert events() == [
        ("sent_back", CENTRE_ID, "reviewer"),
        ("approved", CENTRE_ID, "reviewer"),
        ("installed", CENTRE_ID, "reviewer"),
    ]
    sent_back, approved, installed = AuditRecord.objects.order_by("id")
    assert sent_back.details == {
        "workbench_draft": draft.pk,
        "figure_sha256": FIGURE_SHA256,
        "digitised_by": "author",
        "reason": "Tick 3 of age is blurred.",
    }
    assert sent_back.definition_sha256 == ""  # nothing was built yet
    version = draft.installed
    for record in (approved, installed):
        assert (record.definition_version, record.definition_sha256) == (version.version, version.sha256)
    assert approved.details["digitised_by"] == "author"
    assert installed.details == {
        "definition_version_id": version.pk,
        "provenance_sha256": provenance_sha256(version.provenance),
    }
    # No patient values in an event.
    assert (installed.inputs, installed.outcomes, installed.points, installed.warnings) == ({}, {}, {}, [])


def test_events_and_calculations_form_one_chain_that_verifies_without_replaying_the_events(author, reviewer):
    save_record(kattan_prediction())
    reviewed(make_draft(author), reviewer)
    save_record(predict(get_definition(CENTRE_ID), as_text(cases_for("gronchi-2013")[0]["inputs"])))
    retire_model(model_id=CENTRE_ID, retired_by=author, reason="figure misread")
    records = list(AuditRecord.objects.order_by("id"))
    assert [record.event for record in records] == ["", "approved", "installed", "", "retired"]
    assert [record.pk for record in records] == [1, 2, 3, 4, 5]
    assert all(later.previous_hash == earlier.hash for earlier, later in pairwise(records))
    assert records[-1].details["reason"] == "figure misread"
    status, out, err = audit_command("verify")
    assert (status, err) == (0, "")
    assert "5 records verified" in out


def test_a_refused_approval_or_retirement_records_nothing(author, reviewer):
    reviewed(make_draft(author), reviewer)
    before = AuditRecord.objects.count()
    # The same digitisation again: its install is refused, so its approval is not recorded either.
    twin = make_draft(author)
    workbench.submit(draft=twin)
    with pytest.raises(InstallRefused, match="stored already"):
        workbench.approve(draft=twin, reviewer=reviewer)
    twin.refresh_from_db()
    with pytest.raises(workbench.WorkbenchRefused, match="cannot review it"):
        workbench.send_back(draft=twin, reviewer=author, reason="mine")
    with pytest.raises(InstallRefused, match="no installed version"):
        retire_model(model_id="kattan-2002", retired_by=author, reason="superseded")
    assert AuditRecord.objects.count() == before
    assert Draft.objects.get(pk=twin.pk).status == Draft.SUBMITTED


def test_an_event_changed_behind_the_triggers_is_detected(author, reviewer):
    reviewed(make_draft(author), reviewer)
    with triggers_disabled():
        AuditRecord.objects.filter(event="approved").update(details={"digitised_by": "reviewer"})
    problems = verify_chain().problems
    assert problems == ["record 1: its content does not match its hash: it was changed after saving"]


def test_provenance_changed_after_the_install_is_detected(author, reviewer):
    draft = reviewed(make_draft(author), reviewer)
    DefinitionVersion.objects.filter(pk=draft.installed.pk).update(provenance={"approved_by": "someone else"})
    assert verify_chain().problems == [
        f"record 2: the provenance stored with {CENTRE_ID} version 1.0.0 was changed after it was installed"
    ]


def test_an_event_naming_a_version_that_is_not_stored_is_reported(author, reviewer):
    draft = reviewed(make_draft(author), reviewer)
    record_event(
        event=AuditRecord.RETIRED,
        model_id=CENTRE_ID,
        definition_version="9.9.9",
        definition_sha256="d" * 64,
        by=reviewer,
        details={"definition_version_id": draft.installed.pk, "reason": "x"},
    )
    assert verify_chain().problems == [
        f"record 3: the retired event names {CENTRE_ID} version 9.9.9 (SHA-256 {'d' * 64}), which is not stored"
    ]


def test_the_staff_pages_and_the_admin_show_the_events(client, author, reviewer):
    reviewed(make_draft(author), reviewer)
    sign_in(client, get_user_model().objects.create_user("auditor", is_staff=True, is_superuser=True))
    listing = html.unescape(client.get(reverse("audit:record_list")).content.decode())
    assert "workbench draft approved" in listing and "definition installed" in listing
    detail = html.unescape(client.get(reverse("audit:record_detail", args=[2])).content.decode())
    assert "Audit record 2: definition installed" in detail
    assert f'"provenance_sha256":"{provenance_sha256(Draft.objects.get().installed.provenance)}"' in detail
    export = b"".join(client.get(reverse("audit:export_csv")).streaming_content).decode()
    exported = list(csv.DictReader(io.StringIO(export)))
    assert [row["event"] for row in exported] == ["approved", "installed"]
    assert '"digitised_by":"author"' in exported[0]["event_details"]
    admin = html.unescape(client.get(reverse("admin:audit_auditrecord_changelist")).content.decode())
    assert "workbench draft approved" in admin and "By event" in admin
