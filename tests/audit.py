"""Helpers for the audit trail tests."""

import threading
from contextlib import contextmanager
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection, transaction

from calculator.audit.models import ChainLock
from nomograms.prediction import predict
from nomograms.registry import get_definition

from .golden import as_text, cases_for

KATTAN_CASE = cases_for("kattan-2002")[0]


def kattan_prediction():
    return predict(get_definition("kattan-2002"), as_text(KATTAN_CASE["inputs"]))


@contextmanager
def triggers_disabled():
    """Switch off the append-only triggers, as someone with the table owner's rights could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL alters no table with foreign-key checks still pending in the transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditrecord'"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {name}")
            try:
                yield
            finally:
                for _name, sql in triggers:
                    cursor.execute(sql)


def audit_command(*arguments):
    """Run `manage.py audit ...`: (exit status, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", *arguments, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def sign_in(client, user):
    # The first backend (django-axes') only refuses; the model backend is the one that signs in.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


@contextmanager
def short_lock_wait(milliseconds=200):
    """Make this connection give up waiting for a lock after `milliseconds` instead of 10 s."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET lock_timeout = {milliseconds}")
            try:
                yield
            finally:
                cursor.execute("RESET lock_timeout")
        else:
            cursor.execute("PRAGMA busy_timeout")
            (configured,) = cursor.fetchone()
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")
            try:
                yield
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {configured}")


@contextmanager
def chain_locked_elsewhere():
    """Hold the audit chain's lock from another connection, as a slow concurrent save would."""
    holding, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                ChainLock.objects.select_for_update().get_or_create(pk=1)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(timeout=30)
    try:
        yield
    finally:
        release.set()
        holder.join(timeout=30)


@contextmanager
def database_down():
    """Point the connection at a database that cannot be reached, as when its server is down."""
    connection.close()
    configured = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there
    else:
        connection.settings_dict["NAME"] = "/nonexistent/db.sqlite3"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(configured)
