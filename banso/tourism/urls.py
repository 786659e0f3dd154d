from django.urls import path

from banso.tourism.views import public

app_name = "tourism"

urlpatterns = [
    path("", public.home, name="home"),
    path("places/", public.place_list, name="place-list"),
    path("places/<slug:slug>/", public.place_detail, name="place-detail"),
    path("places/<slug:slug>/poster/", public.place_poster, name="place-poster"),
    path("stays/", public.stay_list, name="stay-list"),
    path("stays/<slug:slug>/", public.stay_detail, name="stay-detail"),
    path("tours/", public.tour_list, name="tour-list"),
    path("tours/<slug:slug>/", public.tour_detail, name="tour-detail"),
    path("festivals/", public.festival_list, name="festival-list"),
    path("festivals/<slug:slug>/", public.festival_detail, name="festival-detail"),
    path("map/", public.map_list, name="map"),
]
