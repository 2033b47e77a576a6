from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .batch import views as batch_views
from .info import views as info_views
from .printing import views as printing_views
from .sign_in import ThrottledAuthenticationForm

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("models/<slug:model_id>/", views.model_page, name="model"),
    path("models/<slug:model_id>/result", views.result, name="result"),
    path("models/<slug:model_id>/compare", views.compare, name="compare"),
    path("models/<slug:model_id>/comparison", views.comparison, name="comparison"),
    path("models/<slug:model_id>/comparison.pdf", printing_views.comparison_pdf, name="comparison-pdf"),
    path("models/<slug:model_id>/result.pdf", printing_views.result_pdf, name="result-pdf"),
    path("models/<slug:model_id>/worksheet", printing_views.worksheet, name="worksheet"),
    path("about/models", info_views.about_models, name="about-models"),
    path("about/leiomyosarcoma", info_views.leiomyosarcoma, name="about-leiomyosarcoma"),
    path("models/<slug:model_id>/batch", batch_views.batch_page, name="batch"),
    path("models/<slug:model_id>/batch/template.csv", batch_views.template_csv, name="batch-template"),
    path("api/v1/", include("calculator.api.urls")),
    path("audit/", include("calculator.audit.urls")),
    path("workbench/", include("calculator.workbench.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
