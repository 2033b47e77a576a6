"""Engine throughput for every computable model: one patient at a time, and vectorised.

    .venv/bin/python -m bench.engine

One at a time goes through `predict()` as the web form and the API do (typed values in:
validation, scoring, warnings). Vectorised is one `score()` call on 1,000,000 validated patients,
as batch scoring does. Patients are drawn at random inside each input's allowed values.
"""

import time

import numpy as np

from nomograms.prediction import predict, score
from nomograms.registry import all_definitions

VECTOR_SIZE = 1_000_000
ONE_AT_A_TIME = 2_000
REPEATS = 3  # the best of a few runs: the machine is shared


def sample_column(model_input, size, rng):
    """`size` valid values of one input."""
    if model_input.is_eligibility_question:
        return np.full(size, model_input.eligible_if)
    if not model_input.is_number:
        return rng.choice(np.array(model_input.choice_values), size)
    low, high = model_input.minimum, model_input.maximum
    if low is None or high is None:
        raise ValueError(f"{model_input.id}: a number input without both bounds cannot be sampled")
    # uniform() never returns its upper end; step off an exclusive lower end.
    start = low.value if low.inclusive else np.nextafter(low.value, np.inf)
    return rng.uniform(start, high.value, size)


def sample_patients(definition, size, rng):
    return {model_input.id: sample_column(model_input, size, rng) for model_input in definition.inputs}


def best_seconds(run):
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def one_at_a_time_rate(definition, rng):
    columns = sample_patients(definition, ONE_AT_A_TIME, rng)
    patients = [
        {input_id: str(column[index]) for input_id, column in columns.items()} for index in range(ONE_AT_A_TIME)
    ]

    def run():
        for patient in patients:
            predict(definition, patient)

    return ONE_AT_A_TIME / best_seconds(run)


def vectorised_rate(definition, rng):
    columns = sample_patients(definition, VECTOR_SIZE, rng)
    return VECTOR_SIZE / best_seconds(lambda: score(definition, columns))


def main():
    rng = np.random.default_rng(2002)
    print("Engine throughput, patients per second (best of 3 runs)")
    print(f"{'model':<16} {'one at a time':>15} {f'vectorised x{VECTOR_SIZE:,}':>24}")
    for definition in all_definitions():
        if definition.computable:
            single, vector = one_at_a_time_rate(definition, rng), vectorised_rate(definition, rng)
            print(f"{definition.id:<16} {single:>15,.0f} {vector:>24,.0f}")


if __name__ == "__main__":
    main()
