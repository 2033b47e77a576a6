"""The API keeps the contract of its own OpenAPI document, as Schemathesis reads it.

Schemathesis (a tool this project did not write) reads the OpenAPI document and, calling the WSGI
application in process and offline, for every operation sends generated requests, valid and
invalid (wrong types, out of range, missing and extra fields, other media types, undeclared
methods), checking every answer with all its checks: no server error, only documented statuses,
content types and headers, bodies that match their schemas, valid data accepted, invalid data
refused.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from calculator.api.schema import openapi_document
from calculator.wsgi import application
from nomograms.registry import all_definitions

# Enough to meet every kind of request each operation can get; bounded because the CPU is shared.
MAX_EXAMPLES = 60


# The document as /api/v1/openapi.json serves it (tests/test_view_api_openapi.py), built here
# because serving it needs the database (installed definitions), closed while tests are collected.
schema = schemathesis.openapi.from_dict(openapi_document(all_definitions()))
schema.app = application
schema.config.generation.update(modes=list(GenerationMode), max_examples=MAX_EXAMPLES, database="none")
schema.config.checks.update(included_check_names=["all"])

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """Generated requests come faster than API_RATE_LIMIT allows; the limit has its own tests."""
    settings.API_RATE_LIMIT = 0


@schema.parametrize()
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_every_operation_keeps_its_documented_contract(case):
    case.call_and_validate()
