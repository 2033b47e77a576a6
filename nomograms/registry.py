"""The installed definitions: every `*.toml` in `definitions/`, loaded and checked once."""

from functools import cache
from pathlib import Path

from .definition import Definition, load_definition

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"


class UnknownModel(KeyError):
    def __init__(self, model_id):
        self.model_id = model_id
        super().__init__(model_id)

    def __str__(self):
        known = ", ".join(definition.id for definition in all_definitions())
        return f"unknown model {self.model_id!r}; installed models: {known}"


def load_directory(directory: str | Path) -> list[Definition]:
    """Every definition in `directory`, computable models first, then by title."""
    definitions = [load_definition(path) for path in sorted(Path(directory).glob("*.toml"))]
    return sorted(definitions, key=lambda definition: (not definition.computable, definition.title))


@cache
def all_definitions() -> tuple[Definition, ...]:
    return tuple(load_directory(DEFINITIONS_DIR))


def get_definition(model_id: str) -> Definition:
    for definition in all_definitions():
        if definition.id == model_id:
            return definition
    raise UnknownModel(model_id)
