from django.urls import path

from banso.broadcast.views import board, bulletins, commune_orders, communes, public, reports

app_name = "broadcast"
urlpatterns = [
    path("", bulletins.bulletin_list, name="bulletin-list"),
    path("new/", bulletins.bulletin_create_view, name="bulletin-create"),
    path("<int:pk>/", bulletins.bulletin_detail, name="bulletin-detail"),
    path("<int:pk>/edit/", bulletins.bulletin_edit, name="bulletin-edit"),
    path("<int:pk>/submit/", bulletins.bulletin_submit_view, name="bulletin-submit"),
    path("<int:pk>/approve/", bulletins.bulletin_approve_view, name="bulletin-approve"),
    path("<int:pk>/reject/", bulletins.bulletin_reject_view, name="bulletin-reject"),
    path("<int:pk>/withdraw/", bulletins.bulletin_withdraw_view, name="bulletin-withdraw"),
    path("<int:pk>/voice/", bulletins.bulletin_voice_view, name="bulletin-voice"),
    path("<int:pk>/recordings/new/", bulletins.recording_create, name="recording-create"),
    path("<int:pk>/versions/order/", bulletins.versions_order_view, name="versions-order"),
    path(
        "<int:pk>/versions/<int:version_pk>/audio.mp3",
        bulletins.version_audio,
        name="version-audio",
    ),
    path(
        "<int:pk>/versions/<int:version_pk>/approve/",
        bulletins.version_approve_view,
        name="version-approve",
    ),
    path(
        "<int:pk>/versions/<int:version_pk>/remove/",
        bulletins.version_remove_view,
        name="version-remove",
    ),
    # A commune's loudspeakers and programme.
    path("communes/", communes.commune_list, name="commune-list"),
    path("communes/<str:code>/", communes.commune_detail, name="commune-detail"),
    path("communes/<str:code>/speakers/new/", communes.speaker_create, name="speaker-create"),
    path("communes/<str:code>/groups/new/", communes.group_create_view, name="group-create"),
    path("communes/<str:code>/programme/", communes.programme, name="programme"),
    path(
        "communes/<str:code>/programme/slots/<int:slot_pk>/remove/",
        communes.slot_remove_view,
        name="slot-remove",
    ),
    path(
        "communes/<str:code>/programme/slots/<int:slot_pk>/place/",
        communes.placement_add_view,
        name="placement-add",
    ),
    path(
        "communes/<str:code>/programme/placements/<int:pk>/remove/",
        communes.placement_remove_view,
        name="placement-remove",
    ),
    path(
        "communes/<str:code>/programme/placements/<int:pk>/up/",
        communes.placement_up_view,
        name="placement-up",
    ),
    path("communes/<str:code>/week/", communes.week, name="week"),
    path(
        "communes/<str:code>/bulletins/<int:pk>/order/",
        commune_orders.commune_versions_order_view,
        name="commune-versions-order",
    ),
    # The status board.
    path("status/", board.status_overview, name="status-overview"),
    path("communes/<str:code>/status/", board.commune_status, name="commune-status"),
    path("speakers/<int:pk>/", communes.speaker_detail, name="speaker-detail"),
    path("speakers/<int:pk>/token/", communes.speaker_token, name="speaker-token"),
    path("speakers/<int:pk>/active/", communes.speaker_active, name="speaker-active"),
    path("groups/<int:pk>/", communes.group_edit, name="group-edit"),
    # Proof of broadcast: what the speakers reported, by bulletin and by commune.
    path("<int:pk>/plays/", reports.bulletin_plays_view, name="bulletin-plays"),
    path("<int:pk>/plays/xlsx/", reports.bulletin_plays_xlsx, name="bulletin-plays-xlsx"),
    path("communes/<str:code>/plays/", reports.commune_plays_view, name="commune-plays"),
    path("communes/<str:code>/plays/xlsx/", reports.commune_plays_xlsx, name="commune-plays-xlsx"),
    # Public, without an account: a commune's board, its feed and the audio they link to.
    path("kiosk/<str:code>/", public.kiosk, name="kiosk"),
    path("kiosk/<str:code>/feed.atom", public.commune_feed, name="commune-feed"),
    path("kiosk/<str:code>/audio/<int:version_pk>.mp3", public.public_audio, name="public-audio"),
]
