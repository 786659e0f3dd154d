from django.urls import path

from banso.teams import (
    conflict_views,
    followup_views,
    public_views,
    register_views,
    report_views,
    views,
)

app_name = "teams"
urlpatterns = [
    path("", views.team_list, name="team-list"),
    path("new/", views.team_create, name="team-create"),
    path("mine/", views.my_team, name="my-team"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("manifest.webmanifest", views.web_manifest, name="web-manifest"),
    path("import/", views.team_import, name="team-import"),
    path("import/template.xlsx", views.team_import_template, name="import-template"),
    path("photos/<int:pk>/<int:width>w.webp", views.help_photo, name="help-photo"),
    path("<int:pk>/", views.team_detail, name="team-detail"),
    path("<int:pk>/members/new/", views.member_create, name="member-create"),
    path("<int:pk>/members/<int:member_pk>/leave/", views.member_leave_view, name="member-leave"),
    path("<int:pk>/members/<int:member_pk>/edit/", register_views.member_edit, name="member-edit"),
    path("<int:pk>/dissolve/", register_views.team_dissolve_view, name="team-dissolve"),
    path("<int:pk>/replace/", register_views.team_replace_view, name="team-replace"),
    path("<int:pk>/help/new/", views.help_create, name="help-create"),
    # Conflicting copies of the help given: a team's, the area's; settling one.
    path("<int:pk>/conflicts/", conflict_views.conflict_list, name="team-conflicts"),
    path("conflicts/", conflict_views.conflict_list, name="conflict-list"),
    path("conflicts/<int:pk>/settle/", conflict_views.conflict_settle, name="conflict-settle"),
    # The to-do list, the public requests and the communes' recognition pages.
    path("<int:pk>/follow-up/", followup_views.team_followup_view, name="team-followup"),
    path("<int:pk>/follow-up/record/", followup_views.help_record_create, name="followup-record"),
    path("requests/", followup_views.help_request_list, name="help-request-list"),
    path(
        "requests/<int:pk>/assign/",
        followup_views.help_request_assign_view,
        name="help-request-assign",
    ),
    path(
        "requests/<int:pk>/answered/",
        followup_views.help_request_answer_view,
        name="help-request-answer",
    ),
    path("ask/", public_views.help_request_create, name="help-request-create"),
    path("ask/sent/", public_views.help_request_sent, name="help-request-sent"),
    path(
        "communes/<str:code>/",
        public_views.commune_recognition_view,
        name="commune-recognition",
    ),
    # Reports (aggregates): the person's widest, a commune's or the province's, a team's.
    path("report/", report_views.report_home, name="report-home"),
    path("report/<str:code>/", report_views.unit_report, name="unit-report"),
    path("report/<str:code>/xlsx", report_views.unit_report_xlsx, name="unit-report-xlsx"),
    path("<int:pk>/report/", report_views.team_report_view, name="team-report"),
    path("<int:pk>/report/xlsx", report_views.team_report_xlsx, name="team-report-xlsx"),
]
