from django.urls import path

from banso.teams import views

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
    path("<int:pk>/help/new/", views.help_create, name="help-create"),
]
