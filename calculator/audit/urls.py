from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.record_list, name="record_list"),
    path("records.csv", views.export_csv, name="export_csv"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("save/<slug:model_id>", views.save, name="save"),
    path("saved/<str:token>.pdf", views.saved_sheet_pdf, name="saved_sheet_pdf"),
    path("saved/<str:token>/", views.saved_sheet, name="saved_sheet"),
]
