from django.urls import path

from banso.indicators import ranking_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("dataValueSets.json", views.export_dhis2, name="export-dhis2"),
    path("rankings/", ranking_views.rankings, name="rankings"),
    path("scorecard/", ranking_views.scorecards, name="scorecards"),
    path("scorecard/<str:code>/", ranking_views.scorecard, name="scorecard"),
    path(
        "scorecard/<str:code>/<slug:component>/",
        ranking_views.scorecard_component,
        name="scorecard-component",
    ),
    path("<str:code>/", views.dashboard, name="unit-dashboard"),
]
