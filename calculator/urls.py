from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("models/<slug:model_id>/", views.model_page, name="model"),
    path("models/<slug:model_id>/result", views.result, name="result"),
    path("audit/", include("calculator.audit.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
