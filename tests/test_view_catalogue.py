import pytest
from django.templatetags.static import static
from django.urls import reverse

from nomograms.registry import all_definitions


@pytest.fixture
def page(client):
    response = client.get(reverse("catalogue"))
    assert response.status_code == 200
    return response.content.decode()


def test_lists_every_model_with_status_population_endpoints_and_use(page):
    for definition in all_definitions():
        assert definition.title in page
        assert reverse("model", args=[definition.id]) in page
        assert definition.population.use_for in page
        for endpoint in definition.endpoints:
            assert endpoint.name in page
    assert "Exact: published coefficients" in page
    assert "Digitised from the published figure" in page
    assert page.count("Awaiting parameters: computes nothing yet") == 2


def test_bootstrap_comes_from_our_own_static_files(page, client):
    assert static("vendor/bootstrap/bootstrap.min.css") in page
    assert "cdn" not in page.lower()
    response = client.get(static("vendor/bootstrap/bootstrap.min.css"))
    assert response.status_code == 200
