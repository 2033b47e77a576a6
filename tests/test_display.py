import pytest

from nomograms.display import format_bound, format_points, format_probability, shown_range


@pytest.mark.parametrize(
    ("probability", "shown"),
    [
        (0.0, "< 1%"),
        (0.0099, "< 1%"),
        (0.01, "1%"),
        (0.405, "41%"),
        (0.4070, "41%"),
        (0.0286, "3%"),
        (0.99, "99%"),
        (0.9901, "> 99%"),
        (1.0, "> 99%"),
    ],
)
def test_whole_percentages_with_bounds(probability, shown):
    assert format_probability(probability) == shown


@pytest.mark.parametrize(
    ("direction", "printed", "shown"),
    [(1, 0.99, "> 99%"), (1, 0.95, "> 95%"), (-1, 0.01, "< 1%"), (-1, 0.05, "< 5%")],
)
def test_axis_bounds_show_the_printed_bound(direction, printed, shown):
    assert format_bound(direction, printed) == shown


@pytest.mark.parametrize(
    ("points", "shown"),
    [(0.0, "0"), (93.5, "93.5"), (102.825, "102.8"), (41.75, "41.8"), (166.55, "166.6"), (60.04999, "60"), (7.0, "7")],
)
def test_points_are_whole_or_to_one_decimal(points, shown):
    assert format_points(points) == shown


@pytest.mark.parametrize(
    ("probability", "bound", "whole_percentages"),
    [
        (0.4070, None, (41, 41)),
        (0.0099, None, (0, 1)),
        (0.9901, None, (99, 100)),
        (0.97, (1, 0.95), (95, 100)),
        (0.02, (-1, 0.05), (0, 5)),
    ],
)
def test_a_shown_result_stands_for_a_range_of_whole_percentages(probability, bound, whole_percentages):
    assert shown_range(probability, bound) == whole_percentages
