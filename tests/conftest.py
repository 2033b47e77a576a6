import importlib
import os
import textwrap

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command

from calculator.audit.models import AuditRecord
from calculator.environment import NAMES
from nomograms import registry
from nomograms.registry import get_definition

from .audit import triggers_disabled


def uses_database(item):
    """What pytest-django lets reach the test database: the django_db mark, or a fixture that needs
    it (db, transactional_db and those built on them, live_server). Any other database access fails."""
    return item.get_closest_marker("django_db") is not None or bool(
        {"_django_db_helper", "live_server"} & set(item.fixturenames)
    )


def pytest_collection_modifyitems(items):
    """Mark the tests that touch the database: scripts/test-on-postgres runs these again on PostgreSQL."""
    for item in items:
        if uses_database(item):
            item.add_marker(pytest.mark.database)


def newest_static_source():
    """The modification time of the newest file collectstatic would collect."""
    return max(
        os.path.getmtime(storage.path(path)) for finder in finders.get_finders() for path, storage in finder.list([])
    )


@pytest.fixture(scope="session", autouse=True)
def collected_static_files(django_test_environment):
    """Pages name static files by their content hash, read from the manifest collectstatic writes,
    as in production: collect them (about 15 s) when a static file changed since the last time."""
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if not manifest.exists() or manifest.stat().st_mtime < newest_static_source():
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, so counts kept there (API rate limits) never leak between tests."""
    cache.clear()


@pytest.fixture(autouse=True)
def installed_definitions(request, monkeypatch):
    """A test with a database sees the definitions installed in it, and leaves none behind for the
    next; a test without one (it cannot read the installed ones) sees the shipped files only."""
    if not uses_database(request.node):
        monkeypatch.setattr(registry, "_refresh_installed", lambda: None)
    yield
    if registry.installed_key():
        registry.use_installed((), key=None)


# Every variable calculator/settings.py reads, so a test sees only the environment it sets.
SETTINGS_ENVIRONMENT = NAMES


@pytest.fixture
def reload_settings(monkeypatch):
    """calculator.settings as read with only the given environment; re-read as it was afterwards."""
    from calculator import settings as settings_module

    def reload(**environment):
        for name in SETTINGS_ENVIRONMENT:
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(settings_module)

    yield reload
    monkeypatch.undo()
    importlib.reload(settings_module)


@pytest.fixture(autouse=True)
def audit_key_file(settings, tmp_path):
    """Every test signs audit records with a key of its own, made on first use in its own folder."""
    settings.AUDIT_KEY, settings.AUDIT_RETIRED_KEYS = "", []
    settings.AUDIT_KEY_FILE = tmp_path / "var" / "audit_key"
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "var" / "audit-checkpoints"
    return settings.AUDIT_KEY_FILE


@pytest.fixture
def committed_records(transactional_db):
    """For saves that really commit: removes their records afterwards, which the triggers would
    otherwise stop the database flush after the test from doing."""
    yield
    with triggers_disabled():
        AuditRecord.objects.all().delete()


@pytest.fixture
def kattan():
    return get_definition("kattan-2002")


@pytest.fixture
def write_definition(tmp_path):
    """Write a definition file into a temporary folder and return its path."""

    def write(name, text):
        path = tmp_path / f"{name}.toml"
        path.write_text(textwrap.dedent(text))
        return path

    return write


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """Test SQLite in a file, as production runs it: the default in-memory test database shares one
    cache between threads, where a concurrent writer fails at once instead of waiting its turn.
    On PostgreSQL, each test run gets its own database, so runs sharing a server never collide."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")
    elif database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_{os.getpid()}"
