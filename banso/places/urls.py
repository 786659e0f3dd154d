from django.urls import path

from banso.places import views

app_name = "places"
urlpatterns = [
    path("", views.unit_lookup, name="unit-lookup"),
    path("villages/", views.village_list, name="village-list"),
    path("villages/new/", views.village_create, name="village-create"),
    path("villages/import/", views.village_import, name="village-import"),
    path(
        "villages/import/template.xlsx",
        views.village_import_template,
        name="village-import-template",
    ),
    path("villages/<int:pk>/", views.village_update, name="village-update"),
    path("villages/<int:pk>/delete/", views.village_delete, name="village-delete"),
]
