"""The difference between two scenarios in words (calculator/comparisons.py)."""

import pytest

from calculator.comparisons import in_words, signed_points


@pytest.mark.parametrize(
    ("points", "at_least", "words"),
    [
        (12, False, "B is 12 percentage points higher than A."),
        (1, False, "B is 1 percentage point higher than A."),
        (-1, False, "B is 1 percentage point lower than A."),
        (-25, False, "B is 25 percentage points lower than A."),
        (0, False, "No difference: A and B are the same."),
        (4, True, "B is at least 4 percentage points higher than A."),
        (-88, True, "B is at least 88 percentage points lower than A."),
    ],
)
def test_the_difference_is_said_plainly(points, at_least, words):
    assert in_words(points, at_least=at_least) == words


def test_the_difference_is_signed_with_a_true_minus_sign():
    assert [signed_points(points) for points in (12, 0, -3)] == ["+12", "0", "\N{MINUS SIGN}3"]
