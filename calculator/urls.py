from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .batch import views as batch_views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("models/<slug:model_id>/", views.model_page, name="model"),
    path("models/<slug:model_id>/result", views.result, name="result"),
    path("models/<slug:model_id>/batch", batch_views.batch_page, name="batch"),
    path("models/<slug:model_id>/batch/template.csv", batch_views.template_csv, name="batch-template"),
    path("api/v1/", include("calculator.api.urls")),
    path("audit/", include("calculator.audit.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
