"""Input validation: refusals name the field, the value, the allowed range and why; warnings don't refuse."""

import pytest

from nomograms.inputs import YES_NO_CHOICES, Bound, Input, InvalidValue
from nomograms.prediction import InvalidInputs, validate

from .golden import as_text, cases_for

VALID = as_text(cases_for("kattan-2002")[0]["inputs"])


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("age", "95", "Age at surgery (age): 95 is outside the allowed range, 16 to 90 years: the printed age axis"),
        ("age", "15.9", "15.9 is outside the allowed range, 16 to 90 years"),
        ("size_cm", "0", "(size_cm): 0 is outside the allowed range, more than 0 and at most 100 cm"),
        ("size_cm", "100.5", "100.5 is outside the allowed range"),
        (
            "size_cm",
            "abc",
            "(size_cm): abc is not a number (write it like 12.5 or 12,5). Allowed: more than 0 and at most 100 cm.",
        ),
        # Forms Python's float() takes that no one means in a form.
        ("size_cm", "5_0", "(size_cm): 5_0 is not a number"),
        ("size_cm", "1e1", "1e1 is not a number"),
        ("size_cm", "0x10", "0x10 is not a number"),
        ("size_cm", "infinity", "infinity is not a number"),
        ("size_cm", "\u0665", "is not a number"),  # ARABIC-INDIC DIGIT FIVE
        ("size_cm", "1.234,5", "1.234,5 is not a number"),
        ("size_cm", "12,5,0", "12,5,0 is not a number"),
        ("size_cm", True, "True is not a number"),
        ("size_cm", "nan", "nan is not a number"),
        ("size_cm", "inf", "inf is not a number"),
        ("size_cm", 10**400, "is not a number"),
        ("depth", "shallow", "Depth (depth): 'shallow' is not allowed. Choose one of superficial (Superficial)"),
        ("grade", "", "Grade (grade) is required."),
    ],
)
def test_refusals_name_field_value_and_range(kattan, field, value, expected):
    with pytest.raises(InvalidInputs) as raised:
        validate(kattan, dict(VALID, **{field: value}))
    assert list(raised.value.errors) == [field]
    assert expected in raised.value.errors[field]


def test_bounds_are_inclusive_where_the_spec_says(kattan):
    for age in ("16", "90"):
        values, _ = validate(kattan, dict(VALID, age=age))
        assert values["age"] == float(age)
    values, _ = validate(kattan, dict(VALID, size_cm="100"))
    assert values["size_cm"] == 100.0


def test_every_offending_field_is_reported_at_once(kattan):
    with pytest.raises(InvalidInputs) as raised:
        validate(kattan, dict(VALID, age="200", site="moon", grade=""))
    assert set(raised.value.errors) == {"age", "site", "grade"}


def test_unknown_inputs_are_refused(kattan):
    with pytest.raises(InvalidInputs) as raised:
        validate(kattan, dict(VALID, weight="80"))
    assert "'weight' is not an input of kattan-2002" in raised.value.errors["weight"]


def test_numbers_and_text_are_both_accepted(kattan):
    values, warnings = validate(kattan, dict(VALID, age=50, size_cm=" 7.5 "))
    assert values["age"] == 50.0
    assert values["size_cm"] == 7.5
    assert warnings == []


def test_soft_limits_warn_without_refusing():
    age = Input(
        id="age",
        label="Age",
        kind="number",
        unit="years",
        minimum=Bound(10),
        maximum=Bound(90),
        bounds_reason="printed axis",
        soft_minimum=18,
        soft_reason="the development cohort was adults",
    )
    assert age.parse("12") == 12.0
    assert age.warnings(12.0) == ["Age: 12 years is unusual for this model: the development cohort was adults"]
    assert age.warnings(18.0) == []


def test_an_eligibility_question_refuses_with_its_reason():
    question = Input(
        id="had_surgery",
        label="Had surgery?",
        kind="yes_no",
        choices=YES_NO_CHOICES,
        eligible_if="yes",
        ineligible_reason="this model is only for patients after surgery.",
    )
    assert question.parse("yes") == "yes"
    with pytest.raises(InvalidValue, match=r"Had surgery\? \(had_surgery\): this model is only for patients"):
        question.parse("no")


def test_a_long_paste_is_shortened_in_the_message(kattan):
    with pytest.raises(InvalidInputs) as raised:
        validate(kattan, dict(VALID, size_cm="x" * 5000))
    message = raised.value.errors["size_cm"]
    assert "x" * 39 + "…" in message
    assert len(message) < 200


@pytest.mark.parametrize(
    ("typed", "number"), [("12,5", 12.5), ("12.5", 12.5), (",5", 0.5), ("7,", 7.0), (" 8,25 ", 8.25)]
)
def test_a_decimal_comma_is_a_decimal_point(kattan, typed, number):
    values, _ = validate(kattan, dict(VALID, size_cm=typed))
    assert values["size_cm"] == number


def test_the_message_for_people_names_the_field_by_its_label_alone(kattan):
    with pytest.raises(InvalidValue) as raised:
        kattan.input("size_cm").parse("twelve")
    assert raised.value.for_people.startswith("Tumour size (largest diameter): twelve is not a number")
    assert "(size_cm)" not in raised.value.for_people
    assert raised.value.message.startswith("Tumour size (largest diameter) (size_cm): twelve")
