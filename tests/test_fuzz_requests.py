"""Property-based fuzzing (hypothesis): no request makes the site answer with a server error.

Query strings for every page that reads one, JSON bodies and model ids for the API, form posts
for saving a result for audit, files for batch scoring, and filters for the staff's audit list.
The test client re-raises any exception a view lets escape, so a failure shows its traceback.
"""

import csv
import io
import json
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nomograms.registry import all_definitions

from .site_pages import computable_definitions, first_golden_inputs, query_string_urls

# Two cores shared with the rest of the suite: enough examples to find the usual suspects.
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

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
MODELS = pytest.mark.parametrize("definition", computable_definitions(), ids=lambda definition: definition.id)


# Every example comes from the same address: the per-address limits would answer 429 to most.
NO_RATE_LIMITS = override_settings(API_RATE_LIMIT=0, PDF_RATE_LIMIT=0, BATCH_RATE_LIMIT=0, SAVE_RATE_LIMIT=0)


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code


@pytest.mark.django_db
@URLS
@FUZZ
@given(query=query_dicts)
def test_no_query_string_causes_a_server_error(url, query):
    with NO_RATE_LIMITS:
        assert_no_server_error(Client().get(url, query))


@pytest.mark.django_db
@URLS
@FUZZ
@given(raw=raw_queries)
def test_no_malformed_query_string_causes_a_server_error(url, raw):
    with NO_RATE_LIMITS:
        assert_no_server_error(Client().get(f"{url}?{raw}"))


@st.composite
def one_value_changed(draw, definition):
    """The model's first golden case with one input's value replaced: mostly valid, one odd value."""
    inputs = first_golden_inputs(definition)
    return {**inputs, draw(st.sampled_from(sorted(inputs))): draw(values)}


@pytest.mark.django_db
@MODELS
@FUZZ
@given(data=st.data())
def test_no_single_odd_value_in_a_valid_query_causes_a_server_error(definition, data):
    query = data.draw(one_value_changed(definition))
    assert_no_server_error(Client().get(reverse("result", args=[definition.id]), query))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.sampled_from(AWKWARD)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
json_bodies = st.one_of(
    st.dictionaries(keys, json_values, max_size=10).map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=60),
)


@pytest.mark.django_db
@MODELS
@FUZZ
@given(body=st.one_of(json_bodies.map(str.encode), st.binary(max_size=60)))
def test_no_body_makes_the_predict_api_fail(definition, body):
    url = reverse("api:predict", args=[definition.id])
    with NO_RATE_LIMITS:
        response = Client().post(url, body, content_type="application/json")
    assert_no_server_error(response)
    assert response.headers["Content-Type"].startswith("application/")


@pytest.mark.django_db
@MODELS
@FUZZ
@given(form=query_dicts, reference=values, shown_sha256=st.one_of(st.none(), st.text(max_size=64)))
def test_no_form_post_makes_saving_for_audit_fail(definition, form, reference, shown_sha256):
    data = {**form, "case_reference": reference}
    if shown_sha256 is not None:
        data["definition_sha256"] = shown_sha256
    for query in (first_golden_inputs(definition), form):
        assert_no_server_error(Client().post(f"{reverse('audit:save', args=[definition.id])}?{urlencode(query)}", data))


def csv_file(definition, rows):
    """A CSV whose header names the model's inputs, with `rows` of arbitrary text under it."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([model_input.id for model_input in definition.inputs])
    writer.writerows(rows)
    return text.getvalue().encode()


cells = st.one_of(values, st.sampled_from(CHOICE_VALUES))


@pytest.mark.django_db
@MODELS
@FUZZ
@given(content=st.one_of(st.binary(max_size=200), st.lists(st.lists(cells, max_size=8), max_size=5)))
def test_no_uploaded_file_makes_batch_scoring_fail(definition, content):
    if isinstance(content, list):
        content = csv_file(definition, content)
    upload = SimpleUploadedFile("patients.csv", content, content_type="text/csv")
    with NO_RATE_LIMITS:
        assert_no_server_error(Client().post(reverse("batch", args=[definition.id]), {"file": upload}))


@pytest.mark.django_db
@FUZZ
@given(
    query=st.one_of(query_dicts, st.dictionaries(st.sampled_from(["model", "saved_from", "saved_to", "page"]), values))
)
def test_no_filter_makes_the_audit_list_fail(query):
    staff = Client()
    user, _ = get_user_model().objects.get_or_create(username="auditor", defaults={"is_staff": True})
    staff.force_login(user)
    assert_no_server_error(staff.get(reverse("audit:record_list"), query))


@pytest.mark.django_db
@FUZZ
@given(model_id=st.text(min_size=1, max_size=30))
def test_no_model_id_in_an_api_path_causes_a_server_error(model_id):
    path = f"/api/v1/models/{quote(model_id, safe='')}"
    with NO_RATE_LIMITS:
        assert_no_server_error(Client().get(path))
        assert_no_server_error(Client().post(f"{path}/predict", "{}", content_type="application/json"))
