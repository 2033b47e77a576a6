from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("models", views.models, name="models"),
    path("models/<str:model_id>", views.model, name="model"),
    path("models/<str:model_id>/predict", views.predict, name="predict"),
    path("openapi.json", views.openapi, name="openapi"),
    path("docs", views.docs, name="docs"),
    # Anything else under the API answers a problem, not the site's HTML page.
    re_path(r"^(?P<path>.*)$", views.not_found),
]
