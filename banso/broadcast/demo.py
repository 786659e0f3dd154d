"""Demo loudspeakers of Lào Cai: the province equips about 15 communes with IP radio; the demo
equips the five communes of its villages (Mường Khương, Bắc Hà, Tả Van, Y Tý, Sa Pa) with a
cluster at the commune's centre and one in each demo village, a programme at 6:00 and 17:00,
and two approved bulletins: the province's priority bulletin on cold spells for the whole
province, and Mường Khương's vaccination days, placed in its morning slot.

The bulletins became valid two days before the seeding, and the speakers have reported what
they played at the slots since then (the proof of broadcast), with one failure for want of
power, its battery now low; every speaker but one has sent a heartbeat, so the status board
has one faulty and one silent. ``make run`` then runs the demo's speakers simulated over HTTP
(``scripts/serve.sh``, ``manage.py speaker_sim --demo``): from then on they report what they
play and send heartbeats themselves, so the board stays live (all of them online).

The people who write and approve them are the demo's (``banso.web.demo.PEOPLE``): the province
officer and the Mường Khương officer are also the bulletin editors of their units, and the
province and Mường Khương each have an approver. Every step looks its rows up first, so
seeding twice changes nothing. The voice is made at once here (espeak-ng reads faster than
real time), so the bulletins can be approved while seeding.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from banso.accounts.models import PlaceRole, User
from banso.accounts.phone import phone_normalize
from banso.accounts.services import role_grant
from banso.broadcast.models import (
    Bulletin,
    BulletinState,
    Programme,
    ProgrammeSlot,
    Speaker,
    SpeakerGroup,
    VersionStatus,
)
from banso.broadcast.selectors.playlist import speaker_playlist
from banso.broadcast.selectors.speakers import speaker_audience
from banso.broadcast.services.bulletins import (
    BulletinData,
    bulletin_approve,
    bulletin_create,
    bulletin_submit,
)
from banso.broadcast.services.device import (
    HeartbeatData,
    PlayData,
    heartbeat_record,
    play_reports_record,
)
from banso.broadcast.services.schedule import placement_add, programme_set, slot_add
from banso.broadcast.services.speakers import SpeakerData, group_create, speaker_register
from banso.broadcast.services.versions import voice_run
from banso.places.models import AdministrativeUnit, Village

LAO_CAI = "15"
EQUIPPED = ("02761", "02839", "03037", "02701", "03006")
SLOTS = ((datetime.time(6), "Buổi sáng"), (datetime.time(17), "Buổi chiều"))
SLOT_MINUTES = 30
MODEL = "Bộ thu truyền thanh IP 4G"
# Who writes and approves (phone of banso.web.demo.PEOPLE, role, unit code).
EXTRA_ROLES = (
    ("0981000002", PlaceRole.BROADCAST_EDITOR, LAO_CAI),
    ("0981000003", PlaceRole.BROADCAST_EDITOR, "02761"),
    ("0981000014", PlaceRole.BROADCAST_DUTY_APPROVER, "02761"),
)
PROVINCE_EDITOR, COMMUNE_EDITOR = "0981000002", "0981000003"
PROVINCE_APPROVER, COMMUNE_APPROVER = "0981000015", "0981000014"
VALID_DAYS = 60
HISTORY_DAYS = 2
# The clusters at the centres of Y Tý (its mains power lost in the evenings) and of Sa Pa
# (which never reported).
FAILING_CENTRE, SILENT_CENTRE = "02701", "03006"

COLD = (
    "Phòng chống rét đậm, rét hại cho người và gia súc",
    "Sở Nông nghiệp và Môi trường tỉnh Lào Cai thông báo: từ đêm nay không khí lạnh tăng "
    "cường, vùng núi cao có thể xuất hiện băng giá, sương muối. Bà con che chắn chuồng trại, "
    "dự trữ rơm cỏ, không thả rông trâu bò trên núi cao; giữ ấm cho người già và trẻ nhỏ, "
    "không đốt than sưởi trong phòng kín.",
)
VACCINATION = (
    "Lịch tiêm phòng vắc xin cho đàn gia súc, gia cầm",
    "Ủy ban nhân dân xã Mường Khương thông báo: từ ngày 15 đến ngày 20 tháng này, cán bộ thú "
    "y xã tiêm phòng lở mồm long móng, tụ huyết trùng cho trâu bò và cúm cho gia cầm tại các "
    "thôn. Đề nghị bà con nhốt giữ vật nuôi vào buổi sáng để cán bộ tiêm đủ, tiêm đúng.",
)


def _person(phone: str) -> User | None:
    return User.objects.filter(phone=phone_normalize(phone)).first()


def _unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(is_current=True, code=code)


def _speakers(admin, commune: AdministrativeUnit) -> list[Speaker]:
    """A cluster at the commune's centre and one in each of its villages."""
    villages = list(Village.objects.filter(commune=commune).order_by("name_sort"))
    wanted = [(f"Cụm loa UBND {commune.name}", None)] + [
        (f"Cụm loa {village}", village) for village in villages
    ]
    speakers = []
    for name, village in wanted:
        speaker = Speaker.objects.filter(commune=commune, name=name).first()
        if speaker is None:
            place = village or (villages[0] if villages else None)
            latitude = place.latitude if place else commune.latitude
            longitude = place.longitude if place else commune.longitude
            if village is None and latitude is not None and longitude is not None:
                latitude, longitude = latitude + 0.004, longitude - 0.003
            speaker, _token = speaker_register(
                actor=admin,
                commune=commune,
                data=SpeakerData(
                    name=name,
                    village=village,
                    latitude=latitude,
                    longitude=longitude,
                    model=MODEL,
                    power_watts=60 if village else 120,
                    link="wired" if village is None and commune.code == "03006" else "4g",
                    firmware="2.4.0",
                ),
            )
        speakers.append(speaker)
    return speakers


def _programme(admin, commune: AdministrativeUnit) -> list[ProgrammeSlot]:
    if not Programme.objects.filter(commune=commune).exists():
        programme_set(actor=admin, commune=commune, name=f"Chương trình phát thanh {commune.name}")
    slots = []
    for starts_at, name in SLOTS:
        slot = ProgrammeSlot.objects.filter(programme__commune=commune, starts_at=starts_at).first()
        if slot is None:
            slot = slot_add(
                actor=admin,
                commune=commune,
                starts_at=starts_at,
                length_minutes=SLOT_MINUTES,
                name=name,
            )
        slots.append(slot)
    return slots


def _bulletin(
    *, editor: User, approver: User, unit: AdministrativeUnit, title: str, text: str, **fields
) -> Bulletin:
    bulletin = Bulletin.objects.filter(source_unit=unit, title=title).first()
    if bulletin is not None:
        return bulletin
    # From the first minute of the day HISTORY_DAYS ago, so that every slot since has played.
    now = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() - datetime.timedelta(days=HISTORY_DAYS), datetime.time(0)
        )
    )
    bulletin = bulletin_create(
        actor=editor,
        source_unit=unit,
        data=BulletinData(
            title=title,
            text=text,
            valid_from=now,
            valid_until=now + datetime.timedelta(days=VALID_DAYS),
            **fields,
        ),
    )
    for version in bulletin.versions.filter(status=VersionStatus.PENDING):
        voice_run(version_id=version.pk)
    bulletin_submit(actor=editor, bulletin=bulletin)
    return bulletin_approve(actor=approver, bulletin=bulletin)


def _history() -> None:
    """What the speakers played at the slots of the last days, as they would have reported it
    (a report's identifier names the day, slot and version, so seeding again adds nothing),
    and their heartbeats."""
    today = timezone.localdate()
    speakers = Speaker.objects.filter(commune__code__in=EQUIPPED).select_related("commune")
    for speaker in speakers.order_by("pk"):
        centre = speaker.commune.code if speaker.village_id is None else None
        audience = speaker_audience(speaker.pk)
        assert audience is not None
        reports = []
        for days_ago in range(HISTORY_DAYS, 0, -1):
            day = today - datetime.timedelta(days=days_ago)
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0)))
            for item in speaker_playlist(audience, now=start).items:
                local = timezone.localtime(item.starts_at)
                if local.date() != day:
                    continue
                failed = centre == FAILING_CENTRE and local.hour == 17
                ended = item.starts_at + datetime.timedelta(milliseconds=item.version.duration_ms)
                reports.append(
                    PlayData(
                        client_id=f"demo-{item.starts_at:%Y%m%d%H%M%S}-{item.version.id}",
                        version_id=item.version.id,
                        outcome="failed" if failed else "played",
                        started_at=item.starts_at,
                        ended_at=None if failed else ended,
                        scheduled_at=item.starts_at,
                        error="Mất điện lưới, pin dự phòng cạn" if failed else "",
                    )
                )
        if reports:
            play_reports_record(speaker=speaker, reports=reports)
        if centre != SILENT_CENTRE:
            heartbeat_record(
                speaker=speaker,
                data=HeartbeatData(
                    clock=timezone.now(),
                    signal_dbm=-71 - speaker.pk % 20,
                    power_source="battery" if centre == FAILING_CENTRE else "mains",
                    battery_percent=15 if centre == FAILING_CENTRE else 100,
                    temperature_c=18.5,
                    firmware=speaker.firmware,
                ),
            )


def broadcast_demo_seed(*, admin) -> list[str]:
    """The demo's loudspeakers, programmes and bulletins; returns the pages to open."""
    province = _unit(LAO_CAI)
    for phone, role, code in EXTRA_ROLES:
        person = _person(phone)
        if person is not None:
            role_grant(user=person, role=role, unit=_unit(code), granted_by=admin)
    slots = {}
    for code in EQUIPPED:
        commune = _unit(code)
        speakers = _speakers(admin, commune)
        slots[code] = _programme(admin, commune)
        if code == "02839" and not SpeakerGroup.objects.filter(commune=commune).exists():
            group_create(
                actor=admin, commune=commune, name="Chợ phiên Bắc Hà", speakers=(speakers[0],)
            )
    province_editor, commune_editor = _person(PROVINCE_EDITOR), _person(COMMUNE_EDITOR)
    province_approver, commune_approver = _person(PROVINCE_APPROVER), _person(COMMUNE_APPROVER)
    if not (province_editor and commune_editor and province_approver and commune_approver):
        return []
    muong_khuong = _unit("02761")
    _bulletin(
        editor=province_editor,
        approver=province_approver,
        unit=province,
        title=COLD[0],
        text=COLD[1],
        category="disaster",
        priority="priority",
        department="Sở Nông nghiệp và Môi trường",
        is_province_wide=True,
    )
    vaccination = _bulletin(
        editor=commune_editor,
        approver=commune_approver,
        unit=muong_khuong,
        title=VACCINATION[0],
        text=VACCINATION[1],
        category="farming",
        priority="normal",
        department="Trạm Thú y xã",
        target_communes=(muong_khuong,),
    )
    morning = slots["02761"][0]
    if (
        vaccination.state == BulletinState.APPROVED
        and not morning.placements.filter(bulletin=vaccination).exists()
    ):
        placement_add(actor=admin, slot=morning, bulletin=vaccination)
    if vaccination.state == BulletinState.APPROVED:
        _history()
    return [
        settings.SITE_URL + reverse("broadcast:bulletin-list"),
        settings.SITE_URL + reverse("broadcast:week", args=["02761"]),
    ]
