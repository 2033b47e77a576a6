"""Checking a definition and its golden cases with the rules of loading, reporting every problem.

Used offline (`manage.py nomogram check`) and before anything is installed.
"""

from dataclasses import dataclass

from .definition import Definition, load_definition_text
from .golden import golden_problems, parse_golden
from .toml_table import DefinitionError


@dataclass(frozen=True)
class Check:
    definition: Definition | None  # None when the definition itself cannot be loaded
    problems: tuple  # one message per problem

    @property
    def clean(self):
        return not self.problems


def check_definition(text, path, golden_text=None, golden_path="golden.toml"):
    """Load `text` (named `path`, which must end in its id) and run its golden cases, if given."""
    try:
        definition = load_definition_text(text, path)
    except DefinitionError as error:
        return Check(None, (str(error),))
    if golden_text is None:
        return Check(definition, ())
    try:
        golden = parse_golden(golden_text, golden_path)
    except DefinitionError as error:
        return Check(definition, (str(error),))
    if not definition.computable:
        return Check(definition, (f"{definition.id} is {definition.status}: it has no parameters to check",))
    return Check(definition, tuple(golden_problems(definition, golden)))
