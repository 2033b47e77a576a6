"""The case-reference check of the "Save for audit" form: pseudonyms pass, identifiers do not."""

import pytest

from calculator.audit.forms import SaveForm


def cleaned(reference):
    form = SaveForm(data={"case_reference": reference})
    return form.cleaned_data["case_reference"] if form.is_valid() else None


def refusal(reference):
    form = SaveForm(data={"case_reference": reference})
    assert not form.is_valid()
    return form.errors["case_reference"][0]


@pytest.mark.parametrize(
    "reference",
    ["943 476 5919", "NHS 943-476-5919", "9434765919", "nhs no. 943.476.5919", "943  476  5919 TB"],
)
def test_nhs_number_like_references_are_refused(reference):
    assert refusal(reference).startswith(f"“{reference}” looks like an NHS number.")


@pytest.mark.parametrize(
    "reference", ["01 03 1960", "DOB 1 3 60", "born 1960 03 01", "1 - 3 - 1960", "TB 01/03/2024", "2024-03-01"]
)
def test_date_like_references_are_refused_with_spaces_as_separators_too(reference):
    assert refusal(reference).startswith(f"“{reference}” looks like a date.")


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("\uff19\uff14\uff13 \uff14\uff17\uff16 \uff15\uff19\uff11\uff19", "943 476 5919"),  # full-width digits
        ("943\u00a0476\u00a05919", "943 476 5919"),  # no-break spaces
        ("DOB \u2460\u3000\u2462\u3000\u2465\u24ea", "DOB 1 3 60"),  # circled digits, ideographic spaces
    ],
)
def test_the_check_reads_the_nfkc_normal_form(typed, normalised):
    message = refusal(typed)
    assert message.startswith(f"“{normalised}” looks like")


def test_an_accepted_reference_is_kept_in_nfkc_form():
    assert cleaned("\uff34\uff22 slot \uff14") == "TB slot 4"


@pytest.mark.parametrize(
    "reference", ["TB slot 4", "MDT-2024-17", "ward 7 / case 12", "Sarcoma#3", "board 12 slot 3", "MDT 2024 17"]
)
def test_pseudonymous_references_with_a_few_digits_still_pass(reference):
    assert cleaned(reference) == reference
