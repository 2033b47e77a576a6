"""The models on offer: every `*.toml` in `definitions/`, and the definitions installed beside them.

Files ship with the code. Installed definitions (digitised through the workbench) live elsewhere,
in the site's database; the web layer hands them over with `use_installed()`. An installed
definition takes the place of a shipped one with the same id (an awaiting model getting its
parameters). Nothing here knows where installed definitions are kept.
"""

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .definition import Definition, load_definition

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"

_installed = {}  # model id -> Installed
_installed_key = None  # what the store said identifies the installs in `_installed`
_refresh_installed: Callable[[], None] = lambda: None  # noqa: E731 (replaced by whoever stores installs)


class Installed(NamedTuple):
    definition: Definition
    golden: str  # the golden cases' TOML text, checked when it was installed


class UnknownModel(KeyError):
    def __init__(self, model_id):
        self.model_id = model_id
        super().__init__(model_id)

    def __str__(self):
        known = ", ".join(definition.id for definition in all_definitions())
        return f"unknown model {self.model_id!r}; installed models: {known}"


def _catalogue_order(definition: Definition) -> tuple:
    return (not definition.computable, definition.title)


def load_directory(directory: str | Path) -> list[Definition]:
    """Every definition in `directory`, computable models first, then by title."""
    definitions = [load_definition(path) for path in sorted(Path(directory).glob("*.toml"))]
    return sorted(definitions, key=_catalogue_order)


@cache
def all_definitions() -> tuple[Definition, ...]:
    shipped = [definition for definition in load_directory(DEFINITIONS_DIR) if definition.id not in _installed]
    installed = [install.definition for install in _installed.values()]
    return tuple(sorted([*shipped, *installed], key=_catalogue_order))


def shipped_definition(model_id: str) -> Definition | None:
    """The definition file shipped for `model_id`, read now, or None."""
    return next((d for d in load_directory(DEFINITIONS_DIR) if d.id == model_id), None)


def get_definition(model_id: str) -> Definition:
    for definition in all_definitions():
        if definition.id == model_id:
            return definition
    raise UnknownModel(model_id)


def use_installed(installs, key):
    """Offer `installs` (Installed, the current version of each installed model) from now on.

    `key` identifies them for the store, which compares it with `installed_key()` to tell whether
    anything changed since."""
    global _installed, _installed_key
    offered_before = _installed
    _installed = {install.definition.id: install for install in installs}
    _installed_key = key
    if offered_before or _installed:  # nothing to reload when there were and are none
        all_definitions.cache_clear()


def installed_key():
    return _installed_key


def installed(model_id):
    """The Installed of an installed model, or None for a shipped one; raises UnknownModel."""
    get_definition(model_id)
    return _installed.get(model_id)


def set_installed_refresher(refresh):
    """`refresh()` brings the installed definitions up to date (calling `use_installed()` if needed)."""
    global _refresh_installed
    _refresh_installed = refresh


def refresh_installed():
    """Catch up with definitions installed or retired since (by this or another server)."""
    _refresh_installed()
