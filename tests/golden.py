"""The golden cases in tests/golden/, one file per computable model, copied from its spec."""

import tomllib
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def golden_files():
    return sorted(GOLDEN_DIR.glob("*.toml"))


def load(path):
    with open(path, "rb") as file:
        return tomllib.load(file)


def golden_cases():
    """(model id, case, tolerance) for every case, with a readable pytest id."""
    cases = []
    for path in golden_files():
        golden = load(path)
        for index, case in enumerate(golden["cases"]):
            cases.append((golden["model"], case, golden["tolerance"], f"{golden['model']}-{index + 1}"))
    return cases


def as_text(inputs):
    """Inputs as a person types them: every value as text."""
    return {key: str(value) for key, value in inputs.items()}


def cases_for(model_id):
    return [case for case_model_id, case, _, _ in golden_cases() if case_model_id == model_id]
