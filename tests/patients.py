"""Random patients for batch tests, every value inside its input's bounds."""

import random


def random_patients(definition, count, seed=2002):
    generator = random.Random(seed)
    patients = []
    for _ in range(count):
        patient = {}
        for model_input in definition.inputs:
            if model_input.is_number:
                patient[model_input.id] = (
                    f"{generator.uniform(model_input.minimum.value + 0.01, model_input.maximum.value):.2f}"
                )
            else:
                patient[model_input.id] = generator.choice(model_input.choices).value
        patients.append(patient)
    return patients
