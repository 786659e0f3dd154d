from django.urls import path

from banso.stamps import views

app_name = "stamps"
urlpatterns = [
    path("", views.run_list, name="run-list"),
    path("runs/new/", views.run_create, name="run-create"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/files/<slug:kind>/", views.run_file, name="run-file"),
    path("runs/<int:pk>/printed/", views.run_mark_printed, name="run-mark-printed"),
    path("runs/<int:pk>/activate/", views.run_activate, name="run-activate"),
    path("runs/<int:pk>/void/", views.run_void, name="run-void"),
    path("activate/", views.stamps_activate, name="activate"),
    path("void/", views.stamps_void, name="void"),
    path("flagged/", views.flagged, name="flagged"),
    path("area/", views.area_stamps, name="area-stamps"),
    path("orgs/<slug:slug>/", views.dashboard, name="dashboard"),
    path("orgs/<slug:slug>/export.xlsx", views.dashboard_export, name="dashboard-export"),
]
