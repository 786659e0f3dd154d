from django.urls import path

from banso.households import telecom_views, views

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="household-list"),
    path("new/", views.household_create, name="household-create"),
    path("import/", views.household_import, name="household-import"),
    path("import/template.xlsx", views.household_import_template, name="import-template"),
    path("export/", views.household_export, name="household-export"),
    path("telecom/", telecom_views.telecom_coverage, name="telecom-coverage"),
    path("<str:code>/", views.household_detail, name="household-detail"),
    path("<str:code>/edit/", views.household_update, name="household-update"),
    path("<str:code>/members/new/", views.member_add, name="member-add"),
    path("<str:code>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("<str:code>/review/", views.assessment_record, name="assessment-record"),
    path("<str:code>/telecom/enrol/", telecom_views.telecom_enrol, name="telecom-enrol"),
    path(
        "<str:code>/telecom/<int:pk>/month/",
        telecom_views.telecom_activity,
        name="telecom-activity",
    ),
    path("<str:code>/telecom/<int:pk>/end/", telecom_views.telecom_end, name="telecom-end"),
]
