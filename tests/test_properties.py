"""Properties that hold for every patient the kattan-2002 model accepts (hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st

from nomograms.prediction import predict
from nomograms.registry import get_definition

KATTAN = get_definition("kattan-2002")


def choices(input_id):
    return st.sampled_from([choice.value for choice in KATTAN.input(input_id).choices])


patients = st.fixed_dictionaries(
    {
        "age": st.floats(min_value=16, max_value=90),
        "size_cm": st.floats(min_value=0, max_value=100, exclude_min=True),
        "depth": choices("depth"),
        "site": choices("site"),
        "histology": choices("histology"),
        "grade": choices("grade"),
    }
)


def risk(patient):
    return predict(KATTAN, patient).outcomes["ssd_12y"]


@given(patients)
def test_probabilities_stay_between_0_and_1(patient):
    assert 0.0 <= risk(patient) <= 1.0


@given(patients)
def test_high_grade_is_never_below_low_grade(patient):
    assert risk(dict(patient, grade="high")) >= risk(dict(patient, grade="low"))


# One size from each group of the spec: <= 5; > 5 and <= 10; > 10.
size_groups = st.tuples(
    st.floats(min_value=0, max_value=5, exclude_min=True),
    st.floats(min_value=5, max_value=10, exclude_min=True),
    st.floats(min_value=10, max_value=100, exclude_min=True),
)


@given(patients, size_groups)
def test_a_larger_size_group_never_lowers_the_risk(patient, sizes):
    risks = [risk(dict(patient, size_cm=size)) for size in sizes]
    assert risks == sorted(risks)
