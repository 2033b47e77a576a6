"""Settings come from the environment, with safe defaults."""

from pathlib import Path

import pytest

from calculator import settings as settings_module
from calculator.environment import NAMES, env_int


def test_defaults_are_safe(reload_settings):
    loaded = reload_settings()
    assert loaded.DEBUG is False
    assert loaded.ALLOWED_HOSTS == ["127.0.0.1", "localhost"]
    assert loaded.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert str(loaded.DATABASES["default"]["NAME"]).endswith("var/db.sqlite3")
    assert len(loaded.SECRET_KEY) >= 50
    assert loaded.X_FRAME_OPTIONS == "DENY"


def test_database_url_selects_postgresql(reload_settings):
    loaded = reload_settings(DATABASE_URL="postgres://calc:secret@db.internal:5432/calculator")
    database = loaded.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"], database["USER"]) == (
        "db.internal",
        5432,
        "calculator",
        "calc",
    )


def test_environment_overrides(reload_settings):
    loaded = reload_settings(
        DJANGO_DEBUG="true", DJANGO_ALLOWED_HOSTS="calc.example.org, 10.0.0.5", DJANGO_SECRET_KEY="k" * 60
    )
    assert loaded.DEBUG is True
    assert loaded.ALLOWED_HOSTS == ["calc.example.org", "10.0.0.5"]
    assert loaded.SECRET_KEY == "k" * 60


def test_a_malformed_boolean_is_an_error(reload_settings):
    with pytest.raises(ValueError, match="DJANGO_DEBUG must be true or false"):
        reload_settings(DJANGO_DEBUG="maybe")


def test_api_and_batch_limits_come_from_the_environment(reload_settings):
    defaults = reload_settings()
    assert (defaults.API_RATE_LIMIT, defaults.BATCH_MAX_ROWS, defaults.BATCH_MAX_BYTES) == (60, 100_000, 20_971_520)
    loaded = reload_settings(API_RATE_LIMIT="5", BATCH_MAX_ROWS="250000", BATCH_MAX_BYTES="50000000")
    assert (loaded.API_RATE_LIMIT, loaded.BATCH_MAX_ROWS, loaded.BATCH_MAX_BYTES) == (5, 250_000, 50_000_000)
    with pytest.raises(ValueError, match="API_RATE_LIMIT must be a whole number, not 'lots'"):
        reload_settings(API_RATE_LIMIT="lots")


def test_the_pdf_and_batch_limits_come_from_the_environment(reload_settings):
    defaults = reload_settings()
    assert (defaults.PDF_RATE_LIMIT, defaults.BATCH_RATE_LIMIT) == (30, 10)
    loaded = reload_settings(PDF_RATE_LIMIT="0", BATCH_RATE_LIMIT="3")
    assert (loaded.PDF_RATE_LIMIT, loaded.BATCH_RATE_LIMIT) == (0, 3)


def test_how_long_a_result_page_is_kept_comes_from_the_environment(reload_settings):
    assert reload_settings().RESULT_PAGE_CACHE_SECONDS == 300
    assert reload_settings(RESULT_PAGE_CACHE_SECONDS="0").RESULT_PAGE_CACHE_SECONDS == 0


def test_how_often_installed_models_are_checked_comes_from_the_environment(reload_settings):
    assert reload_settings().INSTALLED_DEFINITIONS_CHECK_SECONDS == 1
    assert reload_settings(INSTALLED_DEFINITIONS_CHECK_SECONDS="0").INSTALLED_DEFINITIONS_CHECK_SECONDS == 0


def test_every_listed_variable_is_read_and_no_other_can_be():
    """calculator/environment.py is the one list: settings read each variable on it, and only those."""
    source = Path(settings_module.__file__).read_text()
    assert [name for name in NAMES if f'"{name}"' not in source] == []
    with pytest.raises(KeyError, match=r"not listed in calculator/environment\.py"):
        env_int("DJANGO_UNLISTED", 1)


def test_the_cache_is_local_unless_redis_url_names_a_shared_one(reload_settings):
    assert reload_settings().CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    loaded = reload_settings(REDIS_URL="redis://cache.internal:6379/2")
    assert loaded.CACHES["default"] == {
        "BACKEND": "calculator.cache.RedisCacheThatDegrades",
        "LOCATION": "redis://cache.internal:6379/2",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    with pytest.raises(ValueError, match="REDIS_URL must be a redis://, rediss:// or unix:// URL, not 'cache:6379'"):
        reload_settings(REDIS_URL="cache:6379")


def test_the_save_limit_comes_from_the_environment(reload_settings):
    assert reload_settings().SAVE_RATE_LIMIT == 10
    assert reload_settings(SAVE_RATE_LIMIT="0").SAVE_RATE_LIMIT == 0
