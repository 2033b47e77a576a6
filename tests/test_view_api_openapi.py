"""The OpenAPI document validates, describes every model's inputs, and the docs page shows it."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static
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
        if definition.computable:
            assert {"200", "400", "413", "415", "422", "429"} == set(operation["responses"])
        else:
            assert {"409", "415", "429"} == set(operation["responses"])


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
        assert static(path) in page
        assert finders.find(path), path
    assert "<script>" not in page  # no inline script: the Content Security Policy forbids it
    assert "Not for clinical decision-making" in page


def test_the_catalogue_page_links_to_the_api_docs(client):
    assert f'href="{reverse("api:docs")}"' in client.get(reverse("catalogue")).content.decode()


def test_a_model_awaiting_parameters_is_described_as_far_as_its_inputs_are_known(client):
    spec = document(client)
    operation = spec["paths"]["/api/v1/models/callegaro-2016/predict"]["post"]
    assert "200" not in operation["responses"]
    assert operation["responses"]["409"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    assert "it computes nothing and answers 409" in operation["description"]
    inputs = spec["components"]["schemas"]["callegaro-2016-inputs"]["properties"]
    assert inputs["grade"]["enum"] == ["1", "2", "3"]  # known before the parameters
    assert "enum" not in inputs["histology"]  # the nine categories come with the parameters
    assert (
        "Allowed: categories not yet known (they come with the model's parameters)."
        in inputs["histology"]["description"]
    )
    assert all("one of ." not in schema["description"] for schema in inputs.values())
    assert all("enum" not in schema or schema["enum"] for schema in inputs.values())


def test_response_schemas_require_the_fields_the_api_always_sends(client):
    schemas = document(client)["components"]["schemas"]
    assert set(schemas["Prediction"]["required"]) == {
        "model",
        "version",
        "sha256",
        "status",
        "inputs",
        "outcomes",
        "results",
        "warnings",
        "points",
        "provenance",
    }
    assert schemas["Prediction"]["properties"]["status"]["enum"] == ["exact", "digitised"]
    assert schemas["ModelSummary"]["properties"]["status"]["enum"] == ["exact", "digitised", "awaiting parameters"]
    risk = schemas["RiskAssessment"]
    assert set(risk["required"]) == {
        "resourceType",
        "status",
        "subject",
        "occurrenceDateTime",
        "method",
        "prediction",
        "note",
    }
    prediction = risk["properties"]["prediction"]["items"]
    assert set(prediction["required"]) == {"outcome", "probabilityDecimal", "whenRange"}
    assert prediction["properties"]["probabilityDecimal"] == {"type": "number", "minimum": 0, "maximum": 1}
