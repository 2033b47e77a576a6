import textwrap

import pytest

from nomograms.registry import get_definition


@pytest.fixture
def kattan():
    return get_definition("kattan-2002")


@pytest.fixture
def write_definition(tmp_path):
    """Write a definition file into a temporary folder and return its path."""

    def write(name, text):
        path = tmp_path / f"{name}.toml"
        path.write_text(textwrap.dedent(text))
        return path

    return write
