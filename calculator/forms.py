"""Forms generated from a model definition. The engine does the checking; the form presents it."""

import copy

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout, Submit
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from nomograms.inputs import InvalidValue
from nomograms.population import vocabulary

from .per_version import kept_per_version


def unit_field_name(model_input):
    """The query-string name of the unit a number was typed in: `size_cm_unit`."""
    return f"{model_input.id}_unit"


def typed_units(definition, query, *, prefix: str = "") -> dict[str, str]:
    """Input id -> the other unit its value was typed in ("mm"), read from a valid form's query
    string; `prefix` is that of a comparison's scenario ("a-")."""
    units = {}
    for model_input in definition.inputs:
        unit = query.get(prefix + unit_field_name(model_input)) if model_input.other_units else None
        if unit and unit != model_input.unit:
            units[model_input.id] = unit
    return units


class DefinitionField(forms.Field):
    """One model input. Its value is checked by the engine, so the site refuses exactly what the
    command line and batch scoring refuse, with the same message."""

    def __init__(self, model_input, unit=None):
        self.model_input = model_input
        # The unit the value was typed in, for an input that offers several (cm or mm).
        self.unit = unit
        label = model_input.label
        if model_input.unit and not model_input.other_units:
            label = f"{model_input.label} ({model_input.unit})"
        help_parts = [model_input.help] if model_input.help else []
        if model_input.is_number:
            help_parts.append(str(_("Allowed: %(range)s.") % {"range": model_input.allowed_range()}))
        super().__init__(label=label, help_text=" ".join(help_parts), widget=self.widget_for(model_input))

    @staticmethod
    def widget_for(model_input):
        if model_input.is_number:
            # A text box, not type=number: browsers blank a number box they cannot parse, and the
            # user must get back exactly what they typed, with the reason it was refused.
            return forms.TextInput(attrs={"inputmode": "decimal"})
        return forms.RadioSelect(choices=[(choice.value, choice.label) for choice in model_input.choices])

    def clean(self, value):
        try:
            return self.model_input.parse(value, unit=self.unit)
        except InvalidValue as invalid:
            raise forms.ValidationError(invalid.for_people, code="invalid") from invalid


class UnitField(forms.ChoiceField):
    """The unit a number input is typed in, where its definition offers more than one."""

    def __init__(self, model_input):
        super().__init__(
            label=_("Unit of %(input)s") % {"input": model_input.label.lower()},
            choices=[(name, name) for name in model_input.unit_names],
            initial=model_input.unit,
            required=False,
            widget=forms.RadioSelect,
        )


@kept_per_version(kept=32)
def definition_fields(definition) -> dict[str, forms.Field]:
    """The fields of a definition's form, built once per definition version and language: every
    form has its own copies of them (`own_copies`). Building them (bounds in words, choices,
    widgets) for every form took most of checking a patient's values."""
    fields = {}
    for model_input in definition.inputs:
        fields[model_input.id] = DefinitionField(model_input)
        if model_input.other_units:
            fields[unit_field_name(model_input)] = UnitField(model_input)
    return fields


def own_copies(fields: dict[str, forms.Field]) -> dict[str, forms.Field]:
    """A form's own copies of kept fields. What a form changes in its fields is their attributes
    (the typed unit; crispy-forms may even swap a widget) and their widgets' `attrs`
    (`aria-describedby`; crispy-forms' classes when it shows the form): each form copies the field,
    its widget and the widget's attrs. Choices, error messages and validators no form changes, so
    the copies share them, where a deep copy (Django's for a form class's fields) normalised every
    radio button's choices again: about three quarters of building a form."""
    copies = {}
    for name, field in fields.items():
        copies[name] = field = copy.copy(field)
        field.widget = copy.copy(field.widget)
        field.widget.attrs = field.widget.attrs.copy()
    return copies


class InputsForm(forms.Form):
    """The worksheet of one computable model, submitted with GET so a result URL is a permalink."""

    def __init__(self, definition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.fields.update(own_copies(definition_fields(definition)))
        for model_input in definition.inputs:
            field = self.fields[model_input.id]
            if model_input.other_units:
                field.unit = self.data.get(self.add_prefix(unit_field_name(model_input))) or None
            # The message slot is always on the page (calculator/_field_error.html), empty while the
            # value is good, so the model page can fill it in place as the value changes.
            described_by = [self.error_id(model_input.id)]
            if field.help_text:
                described_by.insert(0, f"{self.auto_id % self.add_prefix(model_input.id)}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(described_by)

    @property
    def input_values(self):
        """Input id -> validated value (in the input's own unit), for the engine."""
        return {model_input.id: self.cleaned_data[model_input.id] for model_input in self.definition.inputs}

    def error_id(self, name: str) -> str:
        return f"{self.auto_id % self.add_prefix(name)}_error"

    def typed_value_errors(self) -> list[tuple[str, list[str]]]:
        """(message slot id, messages) for every field: the messages only of a value that was typed
        or chosen, so a model page filling in as the user goes marks no field not yet reached."""
        return [
            (self.error_id(name), self.errors.get(name, []) if self.data.get(self.add_prefix(name), "") != "" else [])
            for name in self.fields
        ]

    @cached_property
    def helper(self):
        """How crispy-forms lays the form out: built only for a page that shows the form, not for
        each result it checks."""
        helper = FormHelper(self)
        helper.form_method = "get"
        # Each field's messages go to its own slot, which the model page also fills in place.
        helper.form_show_errors = False
        helper.layout = Layout(
            *(
                item
                for name, field in self.fields.items()
                for item in (
                    InlineRadios(name) if isinstance(field, UnitField) else Field(name),
                    HTML(
                        f'{{% include "calculator/_field_error.html" with error_id="{self.error_id(name)}" '
                        f"errors=form.{name}.errors %}}"
                    ),
                )
            )
        )
        helper.form_action = reverse("result", args=[self.definition.id])
        helper.add_input(Submit("", _("Calculate")))
        return helper


class ScenarioForm(InputsForm):
    """One scenario of a comparison, "a" or "b": the model's inputs named with it ("a-age"), laid
    out inside the comparison's one form."""

    def __init__(self, definition, scenario, *args, **kwargs):
        super().__init__(definition, *args, prefix=scenario, **kwargs)

    @property
    def scenario_name(self) -> str:
        return self.prefix.upper()

    @property
    def typed_units(self) -> dict[str, str]:
        return typed_units(self.definition, self.data, prefix=self.add_prefix(""))

    @cached_property
    def helper(self):
        helper = super().helper
        helper.form_tag = False
        helper.inputs = []
        return helper


SCENARIOS = ("a", "b")


def scenario_forms(definition, query: QueryDict, *, checked: bool) -> tuple[ScenarioForm, ...]:
    """Scenarios A and B from a query string: `checked` (bound to it), or filled in with it to be
    changed. A result's query string, without the scenarios' own names, fills in both alike."""
    if checked:
        return tuple(ScenarioForm(definition, scenario, data=query) for scenario in SCENARIOS)
    return tuple(ScenarioForm(definition, scenario, initial=initial_values(query, scenario)) for scenario in SCENARIOS)


def initial_values(query: QueryDict, scenario: str) -> dict[str, str]:
    own = {name.removeprefix(f"{scenario}-"): value for name, value in query.items() if name.startswith(f"{scenario}-")}
    return own or query.dict()


def _site_choices():
    return [("", _("Choose a site")), *((site.id, site.label) for site in vocabulary().sites)]


def _situation_choices():
    return [(situation.id, situation.label) for situation in vocabulary().situations]


def _term_field(label, choices, widget, *, required):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=widget,
        error_messages={
            "required": required,
            "invalid_choice": _("'%(value)s' is not one of the choices listed; choose one of them."),
        },
    )


class ChooserForm(forms.Form):
    """The "Which models fit?" form: a patient's primary site and situation, in the words of
    populations.toml.

    Submitted with GET, so a chosen list is a link; a query without these fields leaves it unbound.
    """

    site = _term_field(
        _("Primary site"),
        _site_choices,
        forms.Select(attrs={"class": "form-select"}),
        required=_("Choose the primary site."),
    )
    situation = _term_field(
        _("Situation"),
        _situation_choices,
        forms.RadioSelect(attrs={"class": "form-check-input"}),
        required=_("Choose the situation: after resection of the primary tumour or after a local recurrence."),
    )

    @classmethod
    def from_query(cls, query: QueryDict) -> "ChooserForm":
        return cls(query if any(name in query for name in cls.base_fields) else None)
