"""Values that look wrong: sizes in millimetres, decimal commas, implausible sizes and depths."""

import html

import pytest
from django.urls import reverse

from nomograms.prediction import predict

from .golden import as_text, cases_for

CASE = as_text(cases_for("kattan-2002")[0]["inputs"])  # 7 cm, lower extremity, deep: 41%
URL = reverse("result", args=["kattan-2002"])
DEEP = "Retroperitoneal, intra-abdominal and visceral tumours are deep by definition: check the depth and the site."
LARGE = "A tumour larger than 40 cm is implausible outside the retroperitoneum"


def page_for(client, **changes):
    response = client.get(URL, {**CASE, **changes})
    assert response.status_code == 200
    return response, " ".join(html.unescape(response.content.decode()).split())


def test_a_size_typed_in_millimetres_is_converted_and_the_conversion_shown(client):
    response, page = page_for(client, size_cm="70", size_cm_unit="mm")
    assert response.context["sheet"].prediction.values["size_cm"] == 7.0
    assert "41%" in page
    assert "Tumour size (largest diameter): 70 mm typed, 7 cm used." in page


def test_a_decimal_comma_is_read_as_a_decimal_point(client):
    response, page = page_for(client, size_cm="7,5", age="50,0")
    values = response.context["sheet"].prediction.values
    assert (values["size_cm"], values["age"]) == (7.5, 50.0)
    assert "7.5 cm" in page


def test_the_form_offers_the_unit_and_names_fields_by_their_labels_in_errors(client):
    _, page = page_for(client, age="5_0", size_cm="2000", size_cm_unit="mm")
    assert 'name="size_cm_unit" value="mm"' in page
    assert "Age at surgery: 5_0 is not a number" in page
    assert "Tumour size (largest diameter): 2000 mm (200 cm) is outside the allowed range" in page
    assert "(age)" not in page
    assert "(size_cm)" not in page


def test_an_unknown_unit_is_refused(client):
    response, page = page_for(client, size_cm="70", size_cm_unit="furlong")
    assert "'furlong' is not a unit of this value; use cm or mm." in page
    assert "prediction" not in response.context


@pytest.mark.parametrize("site", ["upper_extremity", "lower_extremity", "thoracic_trunk", "visceral", "head_neck"])
def test_a_size_above_40_cm_outside_the_retroperitoneum_is_questioned(kattan, site):
    warnings = predict(kattan, {**CASE, "site": site, "size_cm": "41"}).warnings
    assert any(warning.startswith(LARGE) for warning in warnings)
    assert not any(w.startswith(LARGE) for w in predict(kattan, {**CASE, "site": site, "size_cm": "40"}).warnings)


def test_a_large_retroperitoneal_tumour_is_not_questioned(kattan):
    assert predict(kattan, {**CASE, "site": "retro_intraabdominal", "size_cm": "85"}).warnings == ()


def test_85_typed_for_85_mm_in_centimetres_gets_a_warning_on_the_page(client):
    _, page = page_for(client, size_cm="85")
    assert LARGE in page


@pytest.mark.parametrize("site", ["retro_intraabdominal", "visceral"])
def test_a_superficial_retroperitoneal_or_visceral_tumour_is_questioned(kattan, site):
    assert DEEP in predict(kattan, {**CASE, "site": site, "depth": "superficial"}).warnings
    assert DEEP not in predict(kattan, {**CASE, "site": site, "depth": "deep"}).warnings
    assert DEEP not in predict(kattan, {**CASE, "site": "lower_extremity", "depth": "superficial"}).warnings
