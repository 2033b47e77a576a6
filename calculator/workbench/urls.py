from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("", views.draft_list, name="drafts"),
    path("drafts/<int:pk>/", views.draft_page, name="draft"),
    path("drafts/<int:pk>/figure/<str:image_sha256>", views.figure_image, name="figure"),
    path("drafts/<int:pk>/step/<slug:step>", views.draft_step, name="step"),
    path("drafts/<int:pk>/<slug:action>", views.draft_action, name="action"),
]
