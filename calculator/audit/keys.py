"""The keys that sign the audit chain and its checkpoints, kept out of the database.

A keyring lists keys oldest first: the last one signs new records and checkpoints; the earlier
ones, retired by a rotation, still verify what they signed. The keyring comes from the environment
(AUDIT_KEY, and AUDIT_RETIRED_KEYS oldest first) or, when AUDIT_KEY is not set, from the key file
(AUDIT_KEY_FILE, one key a line, oldest first), which is made with a new random key the first time
something is signed, readable and writable by its owner only.
"""

import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 32


@dataclass(frozen=True)
class AuditKey:
    secret: str

    @cached_property
    def id(self):
        """Names the key in what it signs without revealing it."""
        return self.mac(b"calculator.audit key id")[:16]

    def mac(self, message):
        return hmac.new(self.secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def keyring(*, create=False):
    """The keys, oldest first; with `create`, the key file is made if there is none yet."""
    if settings.AUDIT_KEY:
        keys = [*settings.AUDIT_RETIRED_KEYS, settings.AUDIT_KEY]
    else:
        path = Path(settings.AUDIT_KEY_FILE)
        if create and not path.exists():
            create_key_file(path)
        keys = [line.strip() for line in path.read_text().splitlines() if line.strip()] if path.exists() else []
    if short := [key for key in keys if len(key) < MIN_KEY_LENGTH]:
        raise ImproperlyConfigured(
            f"{len(short)} audit key(s) shorter than {MIN_KEY_LENGTH} characters: "
            "use `python -c 'import secrets; print(secrets.token_urlsafe(32))'` to make one"
        )
    return [AuditKey(key) for key in keys]


def signing_key():
    return keyring(create=True)[-1]


def new_secret():
    return secrets.token_urlsafe(32)


def private_temporary_file(path, keys):
    """A new file beside `path` holding `keys`, one a line, readable by its owner only (mkstemp)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(descriptor, "w") as file:
        file.write("".join(f"{key}\n" for key in keys))
        file.flush()
        os.fsync(file.fileno())
    return temporary


def create_key_file(path):
    temporary = private_temporary_file(path, [new_secret()])
    try:
        # Linking fails if the file exists: when two processes start at once, the first key stays.
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def rotate_key_file():
    """Add a new signing key to the key file, keeping the others to verify what they signed."""
    if settings.AUDIT_KEY:
        raise ImproperlyConfigured(
            "AUDIT_KEY is set: rotate it in the environment: add the current key to the end of "
            "AUDIT_RETIRED_KEYS, set AUDIT_KEY to a new key, and restart the site"
        )
    path = Path(settings.AUDIT_KEY_FILE)
    keys = [key.secret for key in keyring(create=True)]
    os.replace(private_temporary_file(path, [*keys, new_secret()]), path)
    return keyring()[-1]
