from django.urls import path

from banso.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("area/", views.area_organisations, name="area-organisations"),
    path("mine/", views.my_organisations, name="my-organisations"),
    path("sign-up/", views.sign_up, name="sign-up"),
    path("waiting/", views.organisations_waiting, name="organisations-waiting"),
    path("<slug:slug>/review/", views.organisation_review, name="organisation-review"),
    path("<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("<slug:slug>/edit/", views.organisation_update, name="organisation-update"),
    path("<slug:slug>/certificates/new/", views.certificate_create, name="certificate-create"),
]
