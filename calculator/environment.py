"""Every environment variable the site reads, with its default and meaning: the one list.

calculator/settings.py reads them through the typed helpers below, which refuse a name that is not
listed here, so this list cannot fall behind. Run `python -m calculator.environment` to print it.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    meaning: str


VARIABLES = (
    Variable(
        "DATABASE_URL",
        "sqlite:///var/db.sqlite3",
        "the database; postgres://user:password@host:5432/name in production",
    ),
    Variable(
        "DJANGO_SECRET_KEY",
        "generated once into var/secret_key",
        "set it (the same on every app server) in production",
    ),
    Variable("DJANGO_DEBUG", "false", "true only on a developer's machine"),
    Variable("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost", "comma-separated host names the site answers to"),
    Variable("DJANGO_SECURE", "false", "true when served over HTTPS: Secure cookies, redirect to HTTPS, HSTS"),
    Variable(
        "DJANGO_SSL_REDIRECT",
        "as DJANGO_SECURE",
        "redirect plain HTTP to HTTPS (false when the proxy in front already does)",
    ),
    Variable("DJANGO_HSTS_SECONDS", "one year under DJANGO_SECURE, else 0", "Strict-Transport-Security max-age"),
    Variable(
        "DJANGO_TRUST_X_FORWARDED_PROTO",
        "false",
        "true behind a proxy that terminates HTTPS and always sets X-Forwarded-Proto (else redirects loop "
        "and form posts are refused)",
    ),
    Variable(
        "REDIS_URL",
        "none: a local-memory cache in each process",
        "redis://[:password@]host:6379/0: the cache (rate-limit counts, result pages) shared by every app "
        "server; required with more than one process",
    ),
    Variable("API_RATE_LIMIT", "60", "API requests a minute per client address (REMOTE_ADDR); 0 turns it off"),
    Variable(
        "PDF_RATE_LIMIT",
        "30",
        "PDF result sheets a minute per client address (each costs about a second of CPU); 0 turns it off",
    ),
    Variable("BATCH_RATE_LIMIT", "10", "batch files scored a minute per client address; 0 turns it off"),
    Variable(
        "SAVE_RATE_LIMIT",
        "10",
        "results saved for audit a minute per client address (each record is permanent); 0 turns it off",
    ),
    Variable(
        "RESULT_PAGE_CACHE_SECONDS",
        "300",
        "how long a result page is kept, by its URL, so opening it again (to print or show it) computes "
        "nothing; 0 turns it off. The cache then holds the URL's clinical values (no identifiers) for that long",
    ),
    Variable(
        "INSTALLED_DEFINITIONS_CHECK_SECONDS",
        "1",
        "how often each app server process asks the database for models installed or retired through "
        "another process: it offers them at most this many seconds later; 0 asks before every request",
    ),
    Variable("BATCH_MAX_ROWS", "100000", "rows in one CSV scored on the batch page"),
    Variable("BATCH_MAX_BYTES", "20971520 (20 MB)", "size of one CSV uploaded to the batch page"),
    Variable(
        "AUDIT_KEY",
        "the last key in AUDIT_KEY_FILE",
        "the key (32 characters or more) that signs audit records and checkpoints; keep it out of the "
        "database and its backups",
    ),
    Variable(
        "AUDIT_RETIRED_KEYS",
        "none",
        "keys AUDIT_KEY replaced, oldest first, comma-separated: they still verify the records they signed",
    ),
    Variable(
        "AUDIT_KEY_FILE",
        "var/audit_key",
        "the audit keys when AUDIT_KEY is not set, one a line, oldest first; made on first use (mode 600)",
    ),
    Variable(
        "AUDIT_CHECKPOINT_FILE",
        "var/audit-checkpoints",
        "where `manage.py audit checkpoint --append` adds a checkpoint line: storage the database's users cannot write",
    ),
)
NAMES = tuple(variable.name for variable in VARIABLES)


def env_text(name: str, default: str | None = None) -> str | None:
    if name not in NAMES:
        raise KeyError(f"{name} is not listed in calculator/environment.py: add it there, with its meaning")
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    value = env_text(name, "").lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    items = [item.strip() for item in env_text(name, "").split(",") if item.strip()]
    return items or default


def env_int(name: str, default: int) -> int:
    value = env_text(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def env_redis_url(name: str) -> str | None:
    """A Redis server's URL, or None when unset."""
    value = env_text(name)
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"{name} must be a redis://, rediss:// or unix:// URL, not {value!r}")
    return value


if __name__ == "__main__":
    print("| variable | default | meaning |\n|---|---|---|")
    for variable in VARIABLES:
        print(f"| `{variable.name}` | {variable.default} | {variable.meaning} |")
