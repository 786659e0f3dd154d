from django.urls import path

from banso.indicators import officer_views, ranking_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("dataValueSets.json", views.export_dhis2, name="export-dhis2"),
    path("rankings/", ranking_views.rankings, name="rankings"),
    path("rankings/new/", officer_views.ranking_edition_new, name="ranking-edition-new"),
    path("targets/", officer_views.targets, name="targets"),
    path("figures/", officer_views.recorded_facts, name="recorded-facts"),
    path("scorecard/", ranking_views.scorecards, name="scorecards"),
    path("scorecard/<str:code>/", ranking_views.scorecard, name="scorecard"),
    path(
        "scorecard/<str:code>/<slug:component>/",
        ranking_views.scorecard_component,
        name="scorecard-component",
    ),
    path("<str:code>/", views.dashboard, name="unit-dashboard"),
]
