"""Forms generated from a model definition. The engine does the checking; the form presents it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from nomograms.inputs import InvalidValue


class DefinitionField(forms.Field):
    """One model input. Its value is checked by the engine, so the site refuses exactly what the
    command line and batch scoring refuse, with the same message."""

    def __init__(self, model_input):
        self.model_input = model_input
        label = f"{model_input.label} ({model_input.unit})" if model_input.unit else model_input.label
        help_parts = [model_input.help] if model_input.help else []
        if model_input.is_number:
            help_parts.append(str(_("Allowed: %(range)s.") % {"range": model_input.allowed_range()}))
        super().__init__(label=label, help_text=" ".join(help_parts), widget=self.widget_for(model_input))

    @staticmethod
    def widget_for(model_input):
        if model_input.is_number:
            # A text box, not type=number: browsers blank a number box they cannot parse, and the
            # user must get back exactly what they typed, with the reason it was refused.
            return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        return forms.RadioSelect(choices=[(choice.value, choice.label) for choice in model_input.choices])

    def clean(self, value):
        try:
            return self.model_input.parse(value)
        except InvalidValue as invalid:
            raise forms.ValidationError(invalid.for_people, code="invalid") from invalid


class InputsForm(forms.Form):
    """The worksheet of one computable model, submitted with GET so a result URL is a permalink."""

    def __init__(self, definition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        for model_input in definition.inputs:
            self.fields[model_input.id] = DefinitionField(model_input)

    @cached_property
    def helper(self):
        """How crispy-forms lays the form out: built only for a page that shows the form, not for
        each result it checks."""
        helper = FormHelper(self)
        helper.form_method = "get"
        helper.form_action = reverse("result", args=[self.definition.id])
        helper.add_input(Submit("", _("Calculate")))
        return helper
