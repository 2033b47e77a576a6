from django.urls import path

from . import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("models/<slug:model_id>/", views.model_page, name="model"),
    path("models/<slug:model_id>/result", views.result, name="result"),
]
