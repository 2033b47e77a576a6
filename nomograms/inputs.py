"""Model inputs: what each accepts, and how a typed value becomes a validated one.

Validation lives here, not in the web layer, so the site, the command line and batch scoring
refuse the same values with the same words.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .toml_table import DefinitionError, Table

NUMBER = "number"
CHOICE = "choice"
YES_NO = "yes_no"
KINDS = (NUMBER, CHOICE, YES_NO)


class InvalidValue(ValueError):
    """A value an input refuses. The message names the field, the value, the allowed range and why.

    `message` names the field by its label and id, for the command line, batch files and the API,
    whose users type ids; `for_people` by its label alone, for the web form.
    """

    def __init__(self, input_id, message, for_people=None):
        self.input_id = input_id
        self.message = message
        self.for_people = for_people or message
        super().__init__(message)


# A number as people write it: digits with an optional decimal point or decimal comma ("12.5",
# "12,5", ".5"). Not what else Python's float() takes and no one means in a form: "5_0" (50),
# "1e3", "infinity", digits of other scripts.
TYPED_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)", re.ASCII)


def number_from_text(text):
    """The number in `text` written as people write it, or None: a decimal comma is a decimal point."""
    if TYPED_NUMBER.fullmatch(text) is None:
        return None
    return float(text.replace(",", "."))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


YES_NO_CHOICES = (Choice("yes", "Yes"), Choice("no", "No"))


@dataclass(frozen=True)
class Unit:
    """Another unit a number input may be typed in: `per_base` of it make one of the input's own
    unit (10 mm make 1 cm). Dividing keeps 50 mm exactly 5 cm, where multiplying by 0.1 might not."""

    name: str
    per_base: float


@dataclass(frozen=True)
class Bound:
    value: float
    inclusive: bool = True

    def admits_from_below(self, number):
        """True when `number` is not below this lower bound."""
        return number >= self.value if self.inclusive else number > self.value

    def admits_from_above(self, number):
        """True when `number` is not above this upper bound."""
        return number <= self.value if self.inclusive else number < self.value


def amount_per_choice(values, amounts: Mapping[str, float]) -> np.ndarray:
    """The amount (coefficient or points) of each value's choice; 0 for a choice not listed."""
    choices = np.asarray(values)
    total = np.zeros(choices.shape)
    for choice, amount in amounts.items():
        total = total + amount * (choices == choice)
    return total


def amount_per_interval(values, breaks: tuple, amounts: tuple) -> np.ndarray:
    """The amount (coefficient or points) of each number's group: right-closed intervals split at
    `breaks` (with breaks 5 and 10: x <= 5, 5 < x <= 10, x > 10), one amount per group."""
    return np.asarray(amounts)[np.searchsorted(breaks, np.asarray(values, dtype=float), side="left")]


def quote_typed(raw: object, limit: int = 40) -> str:
    """What the user typed, for a message: shortened, so a pasted page does not flood the screen."""
    text = str(raw)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_number(number: float) -> str:
    """A number as a clinician would write it: 7 not 7.0, 7.5 not 7.50."""
    return f"{number:g}"


@dataclass(frozen=True)
class Input:
    id: str
    label: str
    kind: str
    help: str = ""
    unit: str = ""
    # Other units the value may be typed in (mm for a size in cm), converted to `unit` when parsed.
    other_units: tuple = ()
    choices: tuple = ()
    minimum: Bound | None = None
    maximum: Bound | None = None
    bounds_reason: str = ""
    soft_minimum: float | None = None
    soft_maximum: float | None = None
    soft_reason: str = ""
    eligible_if: str | None = None
    ineligible_reason: str = ""

    @property
    def name(self) -> str:
        """The label with the id, so the web user and the command-line user both recognise it."""
        return f"{self.label} ({self.id})"

    @property
    def is_number(self):
        return self.kind == NUMBER

    @property
    def is_eligibility_question(self):
        return self.eligible_if is not None

    @property
    def choice_values(self):
        return tuple(choice.value for choice in self.choices)

    def choice_label(self, value):
        return next(choice.label for choice in self.choices if choice.value == value)

    def with_unit(self, number):
        text = format_number(number)
        return f"{text} {self.unit}" if self.unit else text

    def allowed_range(self) -> str:
        """The allowed values in words: '16 to 90 years', 'more than 0 and at most 100 cm'."""
        if not self.is_number:
            if not self.choices:  # a model awaiting its parameters
                return "categories not yet known (they come with the model's parameters)"
            return "one of " + ", ".join(f"{c.value} ({c.label})" for c in self.choices)
        low, high = self.minimum, self.maximum
        if low is None and high is None:
            return "any number"
        if low is not None and high is not None and low.inclusive and high.inclusive:
            return f"{format_number(low.value)} to {self.with_unit(high.value)}"
        parts = []
        if low is not None:
            parts.append(f"{'at least' if low.inclusive else 'more than'} {format_number(low.value)}")
        if high is not None:
            parts.append(f"{'at most' if high.inclusive else 'less than'} {format_number(high.value)}")
        return " and ".join(parts) + (f" {self.unit}" if self.unit else "")

    def invalid(self, problem: str, separator: str = ": ") -> "InvalidValue":
        """An InvalidValue for this input: '<name>: <problem>'."""
        return InvalidValue(self.id, f"{self.name}{separator}{problem}", f"{self.label}{separator}{problem}")

    @property
    def unit_names(self) -> tuple[str, ...]:
        """The units a value may be typed in, its own first: ("cm", "mm")."""
        return (self.unit, *(unit.name for unit in self.other_units))

    def parse(self, raw: object, unit: str | None = None) -> float | str:
        """Turn a typed value (text, number or None) into a validated one, or raise InvalidValue.

        A number typed in one of `other_units` (named by `unit`) is converted to the input's own unit.
        """
        text = raw.strip() if isinstance(raw, str) else raw
        if text is None or text == "":
            raise self.invalid(f"is required. Allowed: {self.allowed_range()}.", separator=" ")
        if self.is_number:
            return self._parse_number(text, unit or self.unit)
        return self._parse_choice(str(text))

    def _parse_number(self, raw, unit):
        if unit not in self.unit_names:
            units = " or ".join(self.unit_names)
            raise self.invalid(f"'{quote_typed(unit)}' is not a unit of this value; use {units}.")
        if isinstance(raw, str):
            number = number_from_text(raw)
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            try:
                number = float(raw)
            except OverflowError:
                number = None
        else:
            number = None
        if number is None or not math.isfinite(number):
            raise self.invalid(
                f"{quote_typed(raw)} is not a number (write it like 12.5 or 12,5). Allowed: {self.allowed_range()}."
            )
        typed = quote_typed(raw)
        if unit != self.unit:
            number /= next(other.per_base for other in self.other_units if other.name == unit)
            typed = f"{typed} {unit} ({format_number(number)} {self.unit})"
        inside = (self.minimum is None or self.minimum.admits_from_below(number)) and (
            self.maximum is None or self.maximum.admits_from_above(number)
        )
        if not inside:
            why = f": {self.bounds_reason}" if self.bounds_reason else ""
            raise self.invalid(f"{typed} is outside the allowed range, {self.allowed_range()}{why}.")
        return number

    def _parse_choice(self, raw):
        if raw not in self.choice_values:
            raise self.invalid(f"'{quote_typed(raw)}' is not allowed. Choose {self.allowed_range()}.")
        if self.is_eligibility_question and raw != self.eligible_if:
            raise self.invalid(self.ineligible_reason)
        return raw

    def warnings(self, value: float | str) -> list[str]:
        """Warnings for a validated value that is allowed but unusual for the development cohort."""
        if not self.is_number:
            return []
        below = self.soft_minimum is not None and value < self.soft_minimum
        above = self.soft_maximum is not None and value > self.soft_maximum
        if below or above:
            return [f"{self.label}: {self.with_unit(value)} is unusual for this model: {self.soft_reason}"]
        return []

    def display(self, value: float | str) -> str:
        """A validated value for people: '50 years', 'Deep'."""
        return self.with_unit(value) if self.is_number else self.choice_label(value)


def _parse_bound(table, key):
    if not table.has(key):
        table.optional(key, float)
        table.optional(f"{key}_inclusive", bool)
        return None
    return Bound(table.required(key, float), table.optional(f"{key}_inclusive", bool, True))


def parse_input(table: Table) -> Input:
    """One `[[inputs]]` table of a definition file."""
    kind = table.required("kind", str)
    if kind not in KINDS:
        raise table.error("kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    fields = {
        "id": table.required("id", str),
        "label": table.required("label", str),
        "kind": kind,
        "help": table.optional("help", str, ""),
        "unit": table.optional("unit", str, ""),
    }
    if kind == CHOICE:
        # A model awaiting parameters may not know its choices yet; a computable one must.
        fields["choices"] = tuple(_parse_choice(choice) for choice in table.tables("choices", required=False))
        values = [choice.value for choice in fields["choices"]]
        if len(set(values)) != len(values):
            raise table.error("choices", "choice values must be unique")
    elif kind == YES_NO:
        fields["choices"] = YES_NO_CHOICES
    if kind == NUMBER:
        fields["minimum"] = _parse_bound(table, "min")
        fields["maximum"] = _parse_bound(table, "max")
        fields["bounds_reason"] = table.optional("bounds_reason", str, "")
        fields["soft_minimum"] = table.optional("soft_min", float)
        fields["soft_maximum"] = table.optional("soft_max", float)
        fields["soft_reason"] = table.optional("soft_reason", str, "")
        fields["other_units"] = tuple(_parse_unit(unit) for unit in table.tables("other_units", required=False))
        if fields["other_units"] and not fields["unit"]:
            raise table.error("other_units", "an input without a unit has no other units")
        low, high = fields["minimum"], fields["maximum"]
        if low is not None and high is not None and low.value >= high.value:
            raise table.error("max", "must be greater than min")
        if (low is not None or high is not None) and not fields["bounds_reason"]:
            raise table.error("bounds_reason", "missing: say why values outside the bounds are refused")
        has_soft = fields["soft_minimum"] is not None or fields["soft_maximum"] is not None
        if has_soft and not fields["soft_reason"]:
            raise table.error("soft_reason", "missing: say why such values are unusual")
    if table.has("eligible_if"):
        if kind != YES_NO:
            raise table.error("eligible_if", "only a yes/no input can be an eligibility question")
        fields["eligible_if"] = table.required("eligible_if", str)
        if fields["eligible_if"] not in ("yes", "no"):
            raise table.error("eligible_if", "must be 'yes' or 'no'")
        fields["ineligible_reason"] = table.required("ineligible_reason", str)
    table.reject_unknown()
    return Input(**fields)


def _parse_unit(table):
    unit = Unit(name=table.required("name", str), per_base=table.required("per_base", float))
    if unit.per_base <= 0:
        raise table.error("per_base", "must be positive")
    table.reject_unknown()
    return unit


def _parse_choice(table):
    choice = Choice(value=table.required("value", str), label=table.required("label", str))
    table.reject_unknown()
    return choice


def check_unique_ids(path, field, items):
    seen = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise DefinitionError(path, f"{field}[{index}].id", f"duplicate id {item.id!r}")
        seen.add(item.id)
