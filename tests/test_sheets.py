"""The result sheet (calculator/sheets.py): built once, from the engine, for every renderer."""

from datetime import UTC, datetime

import pytest

from calculator import __version__
from calculator.sheets import build_result_sheet
from nomograms.prediction import NotComputable, validate
from nomograms.registry import get_definition

from .golden import as_text, cases_for

MOMENT = datetime(2026, 11, 26, 9, 30, 5, tzinfo=UTC)
GRONCHI = get_definition("gronchi-2013")
HIGHEST = dict(
    as_text(cases_for("gronchi-2013")[0]["inputs"]),
    age="90",
    size_cm="30",
    grade="3",
    histology="wdlps",
    multifocal="yes",
)


def sheet_of(definition, raw):
    values, _warnings = validate(definition, raw)
    return build_result_sheet(definition=definition, values=values, calculated_at=MOMENT)


def test_a_panel_per_endpoint_with_the_result_as_shown_and_its_icon_array(kattan):
    case = cases_for("kattan-2002")[0]
    sheet = sheet_of(kattan, as_text(case["inputs"]))
    (panel,) = sheet.panels
    assert (panel.endpoint.id, panel.shown) == ("ssd_12y", "41%")
    assert panel.probability == pytest.approx(case["outcomes"]["ssd_12y"], abs=0.0005)
    assert panel.icon_array.filled == 41
    assert sheet.provenance.calculated_at == MOMENT
    assert sheet.provenance.calculator_version == __version__
    assert sheet.record is None


def test_each_panel_carries_the_warnings_about_its_own_endpoint():
    sheet = sheet_of(GRONCHI, dict(HIGHEST, resection="incomplete"))
    overall, disease_free = sheet.panels
    assert overall.shown == "< 1%"
    assert any("beyond the ends of the printed probability axis" in w for w in overall.warnings)
    assert all(warning.startswith(overall.endpoint.name) for warning in overall.warnings)
    assert (disease_free.probability, disease_free.icon_array) == (None, None)
    assert disease_free.warnings == (f"{disease_free.endpoint.name} is not shown: {disease_free.not_shown_reason}",)
    # Every warning of a panel is one of the sheet's, which also has those about the inputs.
    assert {w for panel in sheet.panels for w in panel.warnings} < set(sheet.warnings)


def test_the_points_table_and_the_drawing_are_the_patients(kattan):
    sheet = sheet_of(kattan, as_text(cases_for("kattan-2002")[0]["inputs"]))
    assert sheet.points.totals == (sheet.prediction.points["ssd_12y"].total,)
    assert len(sheet.nomogram) == len(kattan.nomogram_layout)
    assert sheet.nomogram[0].total_line is not None


def test_a_model_awaiting_parameters_makes_no_sheet():
    with pytest.raises(NotComputable):
        build_result_sheet(definition=get_definition("zivanovic-2012"), values={}, calculated_at=MOMENT)
