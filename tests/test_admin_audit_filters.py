"""The audit records' admin list refuses filter values the database cannot compare, without a 500."""

import pytest
from django.urls import reverse

from calculator.audit.services import save_record

from .audit import kattan_prediction, sign_in

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:audit_auditrecord_changelist")


@pytest.fixture
def admin_client(client, django_user_model):
    save_record(kattan_prediction(), "TB slot 1")
    sign_in(client, django_user_model.objects.create_superuser("admin", password="a long passphrase 2"))
    return client


@pytest.mark.parametrize(
    "query",
    [
        "model_id__exact=%00",  # PostgreSQL text cannot hold a NUL character
        "case_reference__exact=TB%00slot",
        "created_at__year=99999",  # past the last year a date can have
        "created_at__year=-1",
    ],
)
def test_a_filter_value_the_database_cannot_compare_is_refused_as_an_invalid_lookup(admin_client, query):
    response = admin_client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 302
    assert response.url == f"{CHANGELIST}?e=1"
    # Django's own page for a filter it cannot apply.
    assert admin_client.get(response.url).status_code == 200


def test_an_id_past_the_largest_integer_lists_nothing(admin_client):
    response = admin_client.get(f"{CHANGELIST}?id__exact=99999999999999999999")
    assert response.status_code == 200
    assert "0 audit records" in response.content.decode()


def test_a_valid_filter_still_lists_its_records(admin_client):
    response = admin_client.get(f"{CHANGELIST}?model_id__exact=kattan-2002&created_at__year=2026")
    assert response.status_code == 200
    assert "TB slot 1" in response.content.decode()
