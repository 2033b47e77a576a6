"""Property-based fuzzing (hypothesis): no query string makes a page answer with a server error.

The test client re-raises any exception a view lets escape, so a failure shows its traceback.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nomograms.registry import all_definitions

from .site_pages import query_string_urls

# Two cores shared with the rest of the suite: enough examples to find the usual suspects.
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

INPUT_IDS = sorted({model_input.id for d in all_definitions() for model_input in d.inputs})
CHOICE_VALUES = sorted({value for d in all_definitions() for i in d.inputs for value in i.choice_values})
# Text that number parsing, storage and display trip over (full-width and Arabic-Indic digits
# parse as numbers in Python; NUL cannot be stored by PostgreSQL).
AWKWARD = [
    "nan",
    "inf",
    "-inf",
    "1e309",
    "-0",
    "0x10",
    "1_000",
    "\uff11\uff12",
    "\u0663",
    "\x00",
    " ",
    "1,5",
    "9" * 400,
]

keys = st.one_of(st.sampled_from(INPUT_IDS), st.text(max_size=12))
values = st.one_of(
    st.sampled_from(CHOICE_VALUES + AWKWARD),
    st.text(max_size=40),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)
query_dicts = st.dictionaries(keys, st.one_of(values, st.lists(values, min_size=2, max_size=3)), max_size=10)
# Raw query strings, including broken percent-escapes and bytes that are not UTF-8.
raw_queries = st.lists(
    st.one_of(st.text(max_size=20).map(quote), st.sampled_from(["%", "%zz", "%ff%fe", "&&", "==", "+", ";"])),
    max_size=8,
).map("".join)

URLS = pytest.mark.parametrize("url", query_string_urls())


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code


@pytest.mark.django_db
@URLS
@FUZZ
@given(query=query_dicts)
def test_no_query_string_causes_a_server_error(url, query):
    assert_no_server_error(Client().get(url, query))


@pytest.mark.django_db
@URLS
@FUZZ
@given(raw=raw_queries)
def test_no_malformed_query_string_causes_a_server_error(url, raw):
    assert_no_server_error(Client().get(f"{url}?{raw}"))
