"""Golden cases: patients with the probabilities the source gives for them, checked against a model.

A golden file (TOML, the format of the repository's tests/golden/) names its model and tolerance
and lists cases: the inputs as typed, the expected probability per endpoint shown, and optionally
the expected total points per endpoint. An endpoint missing from a case's outcomes must not be
shown for that patient.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .definition import Definition
from .prediction import InvalidInputs, NotComputable, predict
from .toml_table import DefinitionError, Table

# Total points are sums of printed values: they must agree to rounding error, not to a tolerance.
POINTS_TOLERANCE = 1e-6


@dataclass(frozen=True)
class GoldenCase:
    inputs: dict
    outcomes: dict  # endpoint id -> expected probability
    points: dict  # endpoint id -> expected total points (may be empty)


@dataclass(frozen=True)
class Golden:
    model_id: str
    tolerance: float
    cases: tuple


def _typed(value):
    """A TOML value as a person types it, so the cases go through the same validation as the form."""
    return str(value)


def parse_golden(text: str, path: str | Path) -> Golden:
    """A Golden from a golden file's text; raises DefinitionError naming `path` and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(path, "(file)", f"not valid TOML: {error}") from error
    root = Table(data, path)
    tolerance = root.required("tolerance", float)
    if not 0 < tolerance < 1:
        raise root.error("tolerance", f"must lie between 0 and 1, not {tolerance}")
    cases = []
    for table in root.tables("cases"):
        inputs = {key: _typed(value) for key, value in table.required("inputs", dict).items()}
        outcomes = {key: float(value) for key, value in table.required("outcomes", dict).items()}
        points = {key: float(value) for key, value in table.optional("points", dict, {}).items()}
        table.optional("linear_predictor", float)
        table.reject_unknown()
        cases.append(GoldenCase(inputs, outcomes, points))
    golden = Golden(root.required("model", str), tolerance, tuple(cases))
    root.reject_unknown()
    return golden


def case_problems(definition: Definition, case: GoldenCase, tolerance: float, name: str) -> list[str]:
    """What `case` (called `name` in messages) gets wrong with `definition`; empty when it matches."""
    try:
        prediction = predict(definition, case.inputs)
    except (InvalidInputs, NotComputable) as error:
        return [f"{name}: the inputs are refused: {error}"]
    problems = []
    for endpoint in definition.endpoints:
        expected, got = case.outcomes.get(endpoint.id), prediction.outcomes.get(endpoint.id)
        if expected is None and got is not None:
            problems.append(f"{name}: {endpoint.id} is shown ({got:.4f}) but the case expects it not shown")
        elif expected is not None and got is None:
            problems.append(f"{name}: {endpoint.id} is not shown but the case expects {expected:g}")
        elif expected is not None and abs(got - expected) > tolerance:
            problems.append(
                f"{name}: {endpoint.id} is {got:.4f}, the source gives {expected:g} "
                f"(off by {abs(got - expected):.4f}, more than the tolerance {tolerance:g})"
            )
    for endpoint_id in sorted(set(case.outcomes) - {endpoint.id for endpoint in definition.endpoints}):
        problems.append(f"{name}: the model has no endpoint {endpoint_id!r}")
    for endpoint_id, expected in case.points.items():
        points = prediction.points.get(endpoint_id)
        total = points.total if points is not None else None
        if total is None or abs(total - expected) > POINTS_TOLERANCE:
            problems.append(f"{name}: {endpoint_id} total points are {total}, the case expects {expected:g}")
    return problems


def golden_problems(definition: Definition, golden: Golden) -> list[str]:
    """Every way `definition` fails `golden`, one message per problem, naming the case."""
    if golden.model_id != definition.id:
        return [f"the golden cases are for {golden.model_id!r}, not {definition.id!r}"]
    if not golden.cases:
        return ["there are no golden cases"]
    return [
        problem
        for number, case in enumerate(golden.cases, start=1)
        for problem in case_problems(definition, case, golden.tolerance, f"case {number}")
    ]
