"""Checking a definition and its golden cases with the rules of loading, reporting every problem.

Used offline (`manage.py nomogram check`) and before anything is installed.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .definition import AWAITING, Definition, load_definition_text
from .golden import golden_problems, parse_golden
from .toml_table import DefinitionError
from .toml_writer import dumps
from .workbench import draft_problems, typed_draft


@dataclass(frozen=True)
class Check:
    definition: Definition | None  # None when the definition itself cannot be loaded
    problems: tuple  # one message per problem

    @property
    def clean(self) -> bool:
        return not self.problems


def check_definition(
    text: str, path: str | Path, golden_text: str | None = None, golden_path: str | Path = "golden.toml"
) -> Check:
    """Load `text` (named `path`, which must end in its id) and run its golden cases, if given."""
    try:
        definition = load_definition_text(text, path)
    except DefinitionError as error:
        return Check(None, tuple(_points_problems(text, path)) or (str(error),))
    if golden_text is None:
        return Check(definition, ())
    try:
        golden = parse_golden(golden_text, golden_path)
    except DefinitionError as error:
        return Check(definition, (str(error),))
    if not definition.computable:
        return Check(definition, (f"{definition.id} is {definition.status}: it has no parameters to check",))
    return Check(definition, tuple(golden_problems(definition, golden)))


def _points_problems(text: str, path: str | Path) -> list[str]:
    """Every problem of a points model's ticks, each naming axis and tick (loading stops at the
    first): the workbench's checks on the file's ticks. Empty when the problem lies elsewhere."""
    try:
        data = tomllib.loads(text)
        model = data.pop("model")
        if model.get("form") != "points":
            return []
        data["status"] = AWAITING
        base = load_definition_text(dumps(data), path)
        problems = draft_problems(typed_draft(base, model))
    except (tomllib.TOMLDecodeError, DefinitionError, KeyError, TypeError, ValueError, AttributeError):
        return []  # not well-formed enough to check tick by tick: the loading error says why
    return [f"{Path(path).name}: {problem}" for problem in problems]
