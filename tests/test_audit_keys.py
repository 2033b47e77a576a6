"""The audit chain's key: where it comes from, how it is made and rotated, and what verify makes of keys."""

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from calculator.audit.keys import AuditKey, keyring, signing_key
from calculator.audit.models import AuditRecord
from calculator.audit.services import record_hash, save_record

from .audit import audit_command, kattan_prediction, triggers_disabled

KEY_A = "the first audit key long enough to sign with"
KEY_B = "the second audit key long enough to sign with"


def test_the_key_file_is_made_on_first_use_readable_by_its_owner_only_and_kept(audit_key_file):
    assert keyring() == []
    assert not audit_key_file.exists()  # reading makes nothing
    key = signing_key()
    assert stat.S_IMODE(audit_key_file.stat().st_mode) == 0o600
    assert audit_key_file.read_text() == f"{key.secret}\n"
    assert len(key.secret) >= 32
    assert signing_key() == key
    assert list(audit_key_file.parent.iterdir()) == [audit_key_file]


def test_audit_key_from_the_environment_is_used_and_the_file_is_not_made(settings, audit_key_file):
    settings.AUDIT_KEY = KEY_A
    assert signing_key() == AuditKey(KEY_A)
    assert not audit_key_file.exists()


def test_a_short_key_is_refused(settings):
    settings.AUDIT_KEY = "short"
    with pytest.raises(ImproperlyConfigured, match="shorter than 32 characters"):
        signing_key()


def test_the_settings_read_the_keys_from_the_environment(reload_settings):
    loaded = reload_settings(AUDIT_KEY=KEY_B, AUDIT_RETIRED_KEYS=f"{KEY_A},{KEY_A}2", AUDIT_KEY_FILE="/etc/audit_key")
    assert loaded.AUDIT_KEY == KEY_B
    retired = loaded.AUDIT_RETIRED_KEYS
    assert retired == [KEY_A, f"{KEY_A}2"]
    assert str(loaded.AUDIT_KEY_FILE) == "/etc/audit_key"
    assert loaded.AUDIT_CHECKPOINT_FILE == loaded.VAR_DIR / "audit-checkpoints"


@pytest.mark.django_db
def test_rotating_the_key_file_keeps_the_old_key_and_the_chain_records_the_change(audit_key_file):
    first = save_record(kattan_prediction())
    status, out, _err = audit_command("rotate-key")
    second = save_record(kattan_prediction())
    old, new = keyring()
    assert status == 0
    assert f"New signing key {new.id}" in out
    assert audit_key_file.read_text() == f"{old.secret}\n{new.secret}\n"
    assert stat.S_IMODE(audit_key_file.stat().st_mode) == 0o600
    assert (first.key_id, second.key_id) == (old.id, new.id)
    assert audit_command("verify") == (
        0,
        f"record {second.pk}: the first signed with key {new.id} (key rotated)\n2 records verified\n",
        "",
    )


@pytest.mark.django_db
def test_rotating_in_the_environment_keeps_old_records_verifiable_through_the_retired_keys(settings):
    settings.AUDIT_KEY = KEY_A
    first = save_record(kattan_prediction())
    settings.AUDIT_KEY, settings.AUDIT_RETIRED_KEYS = KEY_B, [KEY_A]
    save_record(kattan_prediction())
    assert audit_command("verify")[0] == 0
    assert audit_command("rotate-key")[2].endswith("set AUDIT_KEY to a new key, and restart the site")

    settings.AUDIT_RETIRED_KEYS = []
    status, _out, err = audit_command("verify")
    assert status == 1
    assert f"record {first.pk}: signed with key {AuditKey(KEY_A).id}, which is not in the keyring" in err


@pytest.mark.django_db
def test_a_record_signed_with_a_retired_key_after_a_newer_one_is_reported(settings):
    settings.AUDIT_KEY, settings.AUDIT_RETIRED_KEYS = KEY_B, [KEY_A]
    last = save_record(kattan_prediction())
    # Someone holding the retired key appends a record it signs.
    forged = AuditRecord.objects.get(pk=last.pk)
    forged.pk, forged.previous_hash, forged.key_id = last.pk + 1, last.hash, AuditKey(KEY_A).id
    forged.hash = record_hash(forged, AuditKey(KEY_A))
    forged.save(force_insert=True)
    status, _out, err = audit_command("verify")
    assert status == 1
    assert f"record {forged.pk}: signed with key {AuditKey(KEY_A).id}, retired before an earlier record's key" in err


def unkeyed(pk):
    """Record `pk` as saved before the chain was keyed: no key id, a plain SHA-256."""
    with triggers_disabled():
        record = AuditRecord.objects.get(pk=pk)
        record.key_id = ""
        record.hash = record_hash(record, None)
        record.save()
        return record


@pytest.mark.django_db
def test_records_saved_before_the_chain_was_keyed_still_verify_with_a_note():
    first = unkeyed(save_record(kattan_prediction()).pk)
    second = save_record(kattan_prediction())
    assert second.previous_hash == first.hash
    assert audit_command("verify") == (
        0,
        "records 1 to 1 were saved before the chain was keyed: anyone with database access could recompute "
        "their plain SHA-256 hashes (checkpoints still hold them)\n2 records verified\n",
        "",
    )


@pytest.mark.django_db
def test_an_unkeyed_record_after_keyed_ones_is_reported():
    save_record(kattan_prediction())
    second = save_record(kattan_prediction())
    with triggers_disabled():
        save_record(kattan_prediction())
    unkeyed(second.pk)
    status, _out, err = audit_command("verify")
    assert status == 1
    assert f"record {second.pk}: it has a plain SHA-256 after keyed records: the site did not write it" in err


@pytest.mark.django_db
def test_gaps_in_the_ids_before_the_chain_was_keyed_are_noted_not_reported():
    first = unkeyed(save_record(kattan_prediction()).pk)
    with triggers_disabled():
        # As PostgreSQL's sequence left it when a save failed: id 2 was never used.
        first.pk, first.previous_hash, first.case_reference = 3, first.hash, "after a failed save"
        first.hash = record_hash(first, None)
        first.save(force_insert=True)
    save_record(kattan_prediction())
    status, out, _err = audit_command("verify")
    assert status == 0
    assert "record 2 is missing: the ids jump from 1 to 3 (before the chain was keyed" in out
