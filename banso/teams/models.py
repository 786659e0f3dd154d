"""The register of the villages' community digital-technology teams (tổ công nghệ số cộng đồng)
and the help they give.

A team is founded by a decision of the commune (number, date, a scan of the paper), serves one
village (thôn, bản or tổ dân phố) and lives until it is dissolved; a village has at most one
active team, and a team dissolved or replaced keeps its rows, its members and its records of
help. A membership runs from joining to leaving: a person who leaves keeps their row (with the
day and why), and one who comes back has a new one, so the register tells who served when.

Help given (``HelpRecord``) is recorded on a phone, often with no signal, and sent later: each
record carries the identifier the phone made for it (``client_id``), unique in the table, so a
record sent twice is stored once; the same identifier sent again with other content is kept
beside it as a ``HelpConflict``, never written over it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from banso.common.fields import DocumentField
from banso.common.models import Photo, TimeStampedModel
from banso.common.uploads import validate_document
from banso.households.models import Household
from banso.places.models import AdministrativeUnit, Village


def decision_scan_upload_to(team: "Team", filename: str) -> str:
    return f"teams/decisions/{filename}"


class Team(TimeStampedModel):
    """A village's community digital-technology team (tổ công nghệ số cộng đồng), as the
    commune's founding decision (quyết định thành lập) sets it up.

    ``unit`` is the commune of the village, kept beside it so that scoped reads filter on one
    indexed path, as households do. ``dissolved_on`` empty: the team is active.
    """

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    decision_scan = DocumentField(
        pgettext_lazy("scanned paper document", "scan"),
        upload_to=decision_scan_upload_to,
        blank=True,
        validators=[validate_document],
    )
    founded_on = models.DateField(_("founded on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolution_note = models.CharField(_("why it was dissolved"), max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("digital technology team")
        verbose_name_plural = _("digital technology teams")
        ordering = ["unit__path", "village__name_sort", "-founded_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["village"],
                condition=Q(dissolved_on__isnull=True),
                name="teams_team_one_active_per_village",
                violation_error_code="team_active",
                violation_error_message=_("This village already has an active team."),
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("founded_on")),
                name="teams_team_dissolved_after_founded",
                violation_error_code="dissolved_before_founded",
                violation_error_message=_(
                    "A team is dissolved on or after the day it was founded."
                ),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Digital technology team of %(village)s") % {"village": self.village}

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


class TeamPosition(models.TextChoices):
    LEADER = "leader", _("Team leader")
    DEPUTY = "deputy", _("Deputy team leader")
    MEMBER = "member", _("Member")


class MemberBackground(models.TextChoices):
    """Where a member comes from: the guidance (Official Letter 793/BTTTT-THH, 2022) draws the
    teams from the village's head and party cell, the mass organisations, the police, the
    schools and health workers, the post and telecom staff, and young volunteers."""

    VILLAGE_HEAD = "village_head", _("Village head")
    PARTY_SECRETARY = "party_secretary", _("Party cell secretary")
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    FARMERS_UNION = "farmers_union", _("Farmers' Union")
    VETERANS = "veterans", _("Veterans' Association")
    POLICE = "police", _("Police")
    TEACHER = "teacher", _("Teacher")
    HEALTH_WORKER = "health_worker", _("Village health worker")
    POST_TELECOM = "post_telecom", _("Post or telecom staff")
    VOLUNTEER = "volunteer", _("Volunteer")
    OTHER = "other", _("Other")


class TeamMember(TimeStampedModel):
    """A person's membership of a team, from the day they joined to the day they left.

    Names and phone numbers are personal data: only the officers of the team's commune and
    province and the team itself read them (``selectors``). ``user`` is the account the person
    signs in with, when they have one: an active membership lets them read their village's
    households and record help from their phone.
    """

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team_memberships",
    )
    position = models.CharField(
        _("position in the team"),
        max_length=10,
        choices=TeamPosition.choices,
        default=TeamPosition.MEMBER,
    )
    background = models.CharField(_("comes from"), max_length=20, choices=MemberBackground.choices)
    training = models.CharField(
        _("training received"),
        max_length=300,
        blank=True,
        help_text=_("The courses the person took, with who gave them and when."),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("why they left"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "left_on", "position", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="teams_member_left_after_joined",
                violation_error_code="left_before_joined",
                violation_error_message=_("A member leaves on or after the day they joined."),
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(position="leader", left_on__isnull=True),
                name="teams_member_one_leader",
                violation_error_code="leader_taken",
                violation_error_message=_("The team already has a leader."),
            ),
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(user__isnull=False, left_on__isnull=True),
                name="teams_member_account_once",
                violation_error_code="account_taken",
                violation_error_message=_("This account is already a member of the team."),
            ),
            models.UniqueConstraint(
                fields=["team", "phone"],
                condition=~Q(phone="") & Q(left_on__isnull=True),
                name="teams_member_phone_once",
                violation_error_code="phone_taken",
                violation_error_message=_("A member of the team already has this phone number."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class HelpKind(models.Model):
    """What a team helps with (VNeID, online public services, cashless payment …): a list the
    province maintains. The kinds seeded by migration 0002 keep their English name, shown
    through the translation catalogs (``display_name``; ``banso.teams.kinds`` lists them for
    the catalogs); a kind added later shows its name as written. A kind no longer offered is
    made inactive, never deleted: the records that name it keep it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("kind of help")
        verbose_name_plural = _("kinds of help")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return gettext(self.name)


class HelpOutcome(models.TextChoices):
    DONE = "done", _("Done")
    FOLLOW_UP = "follow_up", _("Needs follow-up")
    REFERRED = "referred", _("Referred")


class HelpRecord(TimeStampedModel):
    """A visit or session (lượt hỗ trợ) of a team: who of the team helped, whom (a household of
    the register, or a person who is not in it), with what, when, where and how it ended.

    ``client_id`` is made by the phone that recorded it and never changes: a record sent again
    is found by it. ``fingerprint`` is the hash of the content as first received, so that a
    record sent again is told the same or different without reading it all.
    """

    client_id = models.UUIDField(_("identifier"), unique=True, editable=False)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="help_records"
    )
    helper = models.ForeignKey(
        TeamMember,
        verbose_name=_("who helped"),
        on_delete=models.PROTECT,
        related_name="help_given",
    )
    village = models.ForeignKey(
        Village, verbose_name=_("where"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField(_("person helped"), max_length=120, blank=True)
    person_phone = models.CharField(_("their phone number"), max_length=20, blank=True)
    kinds = models.ManyToManyField(HelpKind, verbose_name=_("what with"), related_name="+")
    helped_on = models.DateField(_("day"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=HelpOutcome.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fingerprint = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("help given")
        verbose_name_plural = _("help given")
        ordering = ["-helped_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(household__isnull=False) & Q(person_name="") & Q(person_phone=""))
                | (Q(household__isnull=True) & ~Q(person_name="")),
                name="teams_help_household_or_person",
                violation_error_code="household_or_person",
                violation_error_message=_(
                    "Choose a household of the register, or write the name of the person helped."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["team", "helped_on"], name="teams_help_team_day"),
            models.Index(fields=["unit", "helped_on"], name="teams_help_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.helped_on:%Y-%m-%d} · {self.helper_id}"


class HelpPhoto(Photo):
    """A photo of a visit. People's homes and faces: kept under a folder the embedded mode's
    media view does not serve (``MEDIA_PRIVATE_PREFIXES``), shown through a view that asks
    who may read the record. ``source_sha256`` is the hash of the file as the phone sent it,
    so that a photo sent again (a retry) is stored once."""

    record = models.ForeignKey(HelpRecord, on_delete=models.CASCADE, related_name="photos")
    source_sha256 = models.CharField(max_length=64, editable=False)

    class Meta(Photo.Meta):
        verbose_name = _("photo of help given")
        verbose_name_plural = _("photos of help given")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "source_sha256"], name="teams_photo_once_per_record"
            ),
        ]

    def upload_path(self, filename: str) -> str:
        return f"teams/help/{filename}"


class ConflictResolution(models.TextChoices):
    """What a person chose for a conflicting copy (``services.help.help_conflict_resolve``)."""

    KEPT_SERVER = "kept_server", _("The server's record kept")
    TOOK_PHONE = "took_phone", _("The phone's copy taken")
    KEPT_BOTH = "kept_both", _("Both kept")


class HelpConflict(TimeStampedModel):
    """A record sent under an identifier the table already holds, with other content: kept as
    sent, beside the record, never written over it, so that nobody's work is lost and a person
    can see both. The same conflicting content sent again is kept once.

    Open while ``resolution`` is empty. The team or an officer over it settles it: keep the
    server's record; take the phone's copy (the record is rewritten with it, and the content
    it had is kept here in ``replaced_content``); or keep both (the copy becomes another
    record, ``kept_as``). Nothing is lost whichever is chosen.
    """

    record = models.ForeignKey(
        HelpRecord, verbose_name=_("help given"), on_delete=models.CASCADE, related_name="conflicts"
    )
    content = models.JSONField(_("content as sent"))
    fingerprint = models.CharField(max_length=64, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(
        _("settled by"), max_length=12, choices=ConflictResolution.choices, blank=True
    )
    resolved_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by whom"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_content = models.JSONField(
        _("the record's content before the phone's copy was taken"), null=True, blank=True
    )
    kept_as = models.OneToOneField(
        HelpRecord,
        verbose_name=_("kept as the record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("conflicting copy")
        verbose_name_plural = _("conflicting copies")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "fingerprint"], name="teams_conflict_once_per_content"
            ),
            models.CheckConstraint(
                condition=Q(resolution="", resolved_at__isnull=True)
                | (~Q(resolution="") & Q(resolved_at__isnull=False)),
                name="teams_conflict_settled_when",
                violation_error_code="settled_when",
                violation_error_message=_("A settled conflict has the time it was settled."),
            ),
        ]
        indexes = [
            models.Index(fields=["record"], condition=Q(resolution=""), name="teams_conflict_open"),
        ]

    @property
    def is_open(self) -> bool:
        return not self.resolution

    def __str__(self) -> str:
        return f"{self.record.client_id} · {self.created_at:%Y-%m-%d %H:%M}"


class HelpRequest(TimeStampedModel):
    """A request for help sent through the public page "ask the village team for help" (nhờ
    tổ công nghệ số giúp): the village, what the person needs (kinds of help), a phone number
    to call back (E.164) and, if they gave it, their name.

    The phone number and the name are personal data: only the village's team and the
    officers of its commune and province read them (``selectors.help_requests_for_user``);
    the public pages never show a request. ``answered_on`` set: the team answered it (called
    back, visited), and it leaves the to-do list. ``assigned_to``: the member of the village's
    team who is to call back, when an officer or the team named one.
    """

    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    kinds = models.ManyToManyField(HelpKind, verbose_name=_("help needed"), related_name="+")
    phone = models.CharField(_("phone number"), max_length=20)
    name = models.CharField(_("name"), max_length=120, blank=True)
    note = models.TextField(_("what they need"), max_length=500, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        TeamMember,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
    )

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["village", "answered_on"], name="teams_request_village_open"),
            models.Index(fields=["unit", "created_at"], name="teams_request_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} · {self.created_at:%Y-%m-%d}"


# --- The reports' tallies -----------------------------------------------------------------
# Kept by ``services/tallies.py`` in the transaction that stores the records they count, and
# rebuilt from the records by ``manage.py teams_tallies --rebuild``: a province's report reads
# some thousands of tally rows instead of a year of records. Never edited by hand. ``unit`` is
# the team's commune (the village's for ``HelpReachTally``), kept beside it as ``Team.unit`` is,
# so that a province's or a commune's report reads its rows on one indexed path with no join. A
# key that begins a unique constraint or an index has no index of its own (``db_index=False``).


def _tally_unit() -> models.ForeignKey:
    return models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )


class HelpMonthTally(models.Model):
    """Records of help of a team in a month (``month``: its first day)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = _tally_unit()
    month = models.DateField()
    records = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="teams_tally_team_month"),
        ]
        # The count in the index too: SQLite has no INCLUDE, and the reports read nothing else.
        indexes = [models.Index(fields=["unit", "month", "records"], name="teams_tally_month_unit")]

    def __str__(self) -> str:
        return f"{self.team_id} · {self.month:%Y-%m} · {self.records}"


class HelpKindTally(models.Model):
    """Records of help of a team in a year that name a kind (a record of two kinds counts in
    both)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = _tally_unit()
    year = models.PositiveSmallIntegerField()
    # Kinds are never deleted: no index of its own.
    kind = models.ForeignKey(HelpKind, on_delete=models.CASCADE, related_name="+", db_index=False)
    records = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year", "kind"], name="teams_tally_team_year_kind"
            ),
        ]
        indexes = [
            models.Index(
                fields=["unit", "year", "kind", "records"], name="teams_tally_kind_unit_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id} · {self.year} · {self.kind_id} · {self.records}"


class HouseholdReached(models.Model):
    """A household of the register helped at least once in ``year`` by a team of ``village``
    (the team's village): one row, however many visits, so that a village counts each
    household once a year, whichever of its teams (an old one, the one that replaced it)
    helped it."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year", "village"], name="teams_reached_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} · {self.year} · {self.village_id}"


class HelpReachTally(models.Model):
    """Households reached in a village in a year: the rows of ``HouseholdReached``, counted."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = _tally_unit()
    year = models.PositiveSmallIntegerField()
    households = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="teams_tally_village_year"),
        ]
        indexes = [
            models.Index(fields=["unit", "year", "households"], name="teams_tally_reach_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.village_id} · {self.year} · {self.households}"


class HouseholdLatestHelp(models.Model):
    """The latest record of help of a household (the latest day; the same day, the one stored
    last), by any team: the household has a follow-up open when that record needs one."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(HelpRecord, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    unit = _tally_unit()
    helped_on = models.DateField()
    follow_up = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(
                fields=["unit"], condition=Q(follow_up=True), name="teams_latest_open_by_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} · {self.record_id}"
