"""The workbench's forms: every click can also be typed, so the whole workflow works by keyboard."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nomograms.definition import Definition
from nomograms.registry import all_definitions
from nomograms.workbench import DEFAULT_TOLERANCE, AxisCalibration, Click, Mark, parse_probability, probability_axis_key

from .figures import size_problem
from .services import INPUTS, POINTS_AXIS, PROBABILITY_AXES, TOTAL_AXIS

BLANK = ""


def awaiting_models():
    return [(d.id, d.title) for d in all_definitions() if not d.computable]


class StartForm(forms.Form):
    model = forms.ChoiceField(label=_("Awaiting model"), required=False)
    base = forms.CharField(
        label=_("Or a blank points model: its definition without parameters (TOML: id, citation, inputs, endpoints)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [(BLANK, _("(a blank model, below)")), *awaiting_models()]

    def clean(self):
        data = super().clean()
        if bool(data.get("model")) == bool(data.get("base", "").strip()):
            raise forms.ValidationError(_("Pick an awaiting model or give a blank model's definition, not both."))
        return data


class StepForm(forms.Form):
    """A form of one draft's step; `base` is the model the draft digitises."""

    def __init__(self, *args, base: Definition, **kwargs):
        self.base = base
        super().__init__(*args, **kwargs)


class FigureForm(StepForm):
    file = forms.FileField(label=_("Figure: PNG, JPEG or PDF"))
    page = forms.IntegerField(label=_("Page of a PDF"), min_value=1, initial=1)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = size_problem(upload.size, settings.WORKBENCH_MAX_FIGURE_BYTES)
        if problem:
            raise forms.ValidationError(problem)
        return upload


def _coordinate(label):
    return forms.FloatField(label=label, required=False)


class CalibrationForm(StepForm):
    number = forms.IntegerField(label=_("Nomogram"), min_value=1, initial=1)
    axis = forms.ChoiceField(label=_("Axis"), choices=((POINTS_AXIS, _("Points")), (TOTAL_AXIS, _("Total Points"))))
    start_x = forms.FloatField(label=_("Start x (pixels)"))
    start_y = forms.FloatField(label=_("Start y (pixels)"))
    start_value = forms.FloatField(label=_("Value printed at the start"), initial=0)
    end_x = forms.FloatField(label=_("End x (pixels)"))
    end_y = forms.FloatField(label=_("End y (pixels)"))
    end_value = forms.FloatField(label=_("Value printed at the end"), initial=100)

    def calibration(self):
        data = self.cleaned_data
        return AxisCalibration(
            Click(data["start_x"], data["start_y"]),
            data["start_value"],
            Click(data["end_x"], data["end_y"]),
            data["end_value"],
        )


class MarkForm(StepForm):
    number = forms.IntegerField(label=_("Nomogram"), min_value=1, initial=1)
    axis = forms.ChoiceField(label=_("Axis"))
    # A figure that prints a probability axis per choice of an input (one per grade) names it here.
    stratum = forms.ChoiceField(label=_("Probability axis printed for"), required=False)
    # The draft page offers the axis' choices to pick from (<datalist id="mark-choices">); any
    # value can still be typed.
    label = forms.CharField(
        label=_("Printed value (a number, or a group as printed: ≤ 5, > 5 to 10, > 10), choice or probability"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "mark-choices", "autocomplete": "off"}),
    )
    x = _coordinate(_("x (pixels)"))
    y = _coordinate(_("y (pixels)"))
    points = forms.FloatField(label=_("Or its points, typed"), required=False)

    def __init__(self, *args, added_choices=None, **kwargs):
        """`added_choices`: the choices the draft declares for inputs whose base does not list them
        (input id -> ((value, label), ...)); a probability axis can be printed for those too."""
        super().__init__(*args, **kwargs)
        self.fields["axis"].choices = [
            *((f"{INPUTS}:{i.id}", i.name) for i in self.base.inputs if not i.is_eligibility_question),
            *((f"{PROBABILITY_AXES}:{e.id}", f"{e.name} ({e.id})") for e in self.base.endpoints),
        ]
        added_choices = added_choices or {}
        self.fields["stratum"].choices = [
            (BLANK, _("every patient")),
            *(
                (f"{i.id}={value}", f"{i.label}: {label}")
                for i in self.base.inputs
                if not i.is_number and not i.is_eligibility_question
                for value, label in (
                    [(choice.value, choice.label) for choice in i.choices] if i.choices else added_choices.get(i.id, ())
                )
            ),
        ]

    def clean(self):
        data = super().clean()
        clicked = data.get("x") is not None and data.get("y") is not None
        if clicked == (data.get("points") is not None):
            raise forms.ValidationError(_("Click the tick (or type its x and y), or type its points: one of the two."))
        if data.get("stratum") and data.get("axis", "").startswith(f"{INPUTS}:"):
            self.add_error("stratum", _("Only a probability axis is printed per stratum: leave this at every patient."))
        return data

    def mark(self):
        """The tick; a declared choice may be typed as its label or its value."""
        data = self.cleaned_data
        kind, axis_id = self.kind_and_axis()
        label = data["label"].strip()
        if kind == INPUTS:
            values = {choice.label.casefold(): choice.value for choice in self.base.input(axis_id).choices or ()}
            label = values.get(label.casefold(), label)
        click = Click(data["x"], data["y"]) if data["points"] is None else None
        return Mark(label, click, data["points"])

    def kind_and_axis(self):
        """(INPUTS or PROBABILITY_AXES, the axis' key in the draft: an input, or an endpoint and stratum)."""
        kind, axis_id = self.cleaned_data["axis"].split(":", 1)
        stratum = self.cleaned_data.get("stratum")
        if kind == PROBABILITY_AXES and stratum:
            axis_id = probability_axis_key(axis_id, tuple(stratum.split("=", 1)))
        return kind, axis_id


class ChoiceForm(StepForm):
    input = forms.ChoiceField(label=_("Input"))
    value = forms.SlugField(label=_("Value (short code)"), max_length=32)
    label = forms.CharField(label=_("Label as printed"), max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["input"].choices = [
            (i.id, i.name)
            for i in self.base.inputs
            if not i.is_number and not i.choices and not i.is_eligibility_question
        ]


class GoldenCaseForm(StepForm):
    """One patient the source gives a probability for: each input as typed, each endpoint's probability."""

    tolerance = forms.FloatField(
        label=_("Tolerance for every case"), min_value=0.0001, max_value=0.1, initial=DEFAULT_TOLERANCE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for model_input in self.base.inputs:
            self.fields[f"input_{model_input.id}"] = forms.CharField(label=model_input.name, max_length=64)
        for endpoint in self.base.endpoints:
            self.fields[f"outcome_{endpoint.id}"] = forms.CharField(
                label=_("%(endpoint)s: probability the source gives (0.85 or 85%%)") % {"endpoint": endpoint.name},
                max_length=16,
            )

    def clean(self):
        data = super().clean()
        for endpoint in self.base.endpoints:
            name = f"outcome_{endpoint.id}"
            if name in data and parse_probability(data[name]) is None:
                self.add_error(name, _("A probability between 0 and 1 (0.85) or a percentage (85%)."))
        return data

    def case(self):
        data = self.cleaned_data
        inputs = {i.id: data[f"input_{i.id}"].strip() for i in self.base.inputs}
        outcomes = {e.id: parse_probability(data[f"outcome_{e.id}"]) for e in self.base.endpoints}
        return inputs, outcomes, data["tolerance"]


class ReviewForm(forms.Form):
    APPROVE, SEND_BACK = "approve", "send_back"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=((APPROVE, _("Approve and install")), (SEND_BACK, _("Send back to the author"))),
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (when sending back)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
