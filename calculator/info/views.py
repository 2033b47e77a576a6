"""Information pages beside the calculators."""

from django.shortcuts import render

from nomograms.registry import all_definitions


def about_models(request):
    """What each model predicts, for whom, how well, its status and provenance: read from the definitions."""
    return render(request, "info/models.html", {"definitions": all_definitions()})


def leiomyosarcoma(request):
    return render(request, "info/leiomyosarcoma.html", {"definitions": all_definitions()})
