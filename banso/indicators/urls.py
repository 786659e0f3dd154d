from django.urls import path

from banso.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("dataValueSets.json", views.export_dhis2, name="export-dhis2"),
    path("<str:code>/", views.dashboard, name="unit-dashboard"),
]
