"""The OpenAPI document validates, describes every model's inputs, and the docs page shows it."""

from django.contrib.staticfiles import finders
from django.urls import reverse
from openapi_spec_validator import validate

from nomograms.registry import all_definitions

OPENAPI_URL = reverse("api:openapi")


def document(client):
    response = client.get(OPENAPI_URL)
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi_3_1(client):
    spec = document(client)
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # raises on any error


def test_the_model_path_is_a_template_whose_parameter_lists_every_model(client):
    operation = document(client)["paths"]["/api/v1/models/{model_id}"]["get"]
    assert operation["parameters"][0]["name"] == "model_id"
    assert operation["parameters"][0]["schema"]["enum"] == [definition.id for definition in all_definitions()]


def test_every_model_has_a_predict_operation_naming_all_its_inputs(client):
    spec = document(client)
    for definition in all_definitions():
        operation = spec["paths"][f"/api/v1/models/{definition.id}/predict"]["post"]
        reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        schema = spec["components"]["schemas"][reference.rsplit("/", 1)[1]]
        assert list(schema["properties"]) == [model_input.id for model_input in definition.inputs]
        assert schema["required"] == [model_input.id for model_input in definition.inputs]
        assert schema["additionalProperties"] is False
        for model_input in definition.inputs:
            if model_input.choices:
                assert schema["properties"][model_input.id]["enum"] == list(model_input.choice_values)
        assert ("409" in operation["responses"]) and ("422" in operation["responses"])


def test_inputs_carry_their_bounds_and_choices(client):
    schemas = document(client)["components"]["schemas"]
    kattan = schemas["kattan-2002-inputs"]["properties"]
    assert kattan["age"] | {"description": ""} == {
        "title": "Age at surgery",
        "description": "",
        "type": "number",
        "minimum": 16,
        "maximum": 90,
        "x-unit": "years",
    }
    assert "the printed age axis of the nomogram runs from 16 to 90 years" in kattan["age"]["description"]
    assert (kattan["size_cm"]["exclusiveMinimum"], kattan["size_cm"]["maximum"]) == (0, 100)
    assert "minimum" not in kattan["size_cm"]
    assert kattan["grade"] == kattan["grade"] | {"type": "string", "enum": ["low", "high"]}
    gronchi = schemas["gronchi-2013-inputs"]["properties"]
    assert gronchi["grade"]["enum"] == ["1", "2", "3"]


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get(reverse("api:docs"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-openapi-url="{OPENAPI_URL}"' in page
    assert f'<a href="{OPENAPI_URL}">openapi.json</a>' in page
    for path in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css", "js/api-docs.js"):
        assert f"/static/{path}" in page
        assert finders.find(path), path
    assert "<script>" not in page  # no inline script: the Content Security Policy forbids it
    assert "Not for clinical decision-making" in page


def test_the_catalogue_page_links_to_the_api_docs(client):
    assert f'href="{reverse("api:docs")}"' in client.get(reverse("catalogue")).content.decode()
