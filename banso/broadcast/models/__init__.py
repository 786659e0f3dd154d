"""The broadcast app's tables: bulletins and their audio, the device registry, the communes'
programmes, and what the devices report."""

from banso.broadcast.models.alerts import AlertEnd, AlertLanguage, SpeakerAlert
from banso.broadcast.models.bulletins import (
    LANGUAGE_SCRIPTS,
    Bulletin,
    BulletinChange,
    BulletinState,
    BulletinVersion,
    Category,
    ChangeAction,
    Language,
    Priority,
    Script,
    VersionKind,
    VersionStatus,
)
from banso.broadcast.models.device import EmergencyAck, PlayOutcome, PlayReport
from banso.broadcast.models.orders import CommuneVersionOrder
from banso.broadcast.models.schedule import (
    EVERY_DAY,
    Programme,
    ProgrammeSlot,
    ScheduleVersion,
    SlotPlacement,
)
from banso.broadcast.models.speakers import (
    LinkKind,
    PowerSource,
    Speaker,
    SpeakerGroup,
    SpeakerStatus,
)

__all__ = [
    "EVERY_DAY",
    "LANGUAGE_SCRIPTS",
    "AlertEnd",
    "AlertLanguage",
    "Bulletin",
    "BulletinChange",
    "BulletinState",
    "BulletinVersion",
    "Category",
    "ChangeAction",
    "CommuneVersionOrder",
    "EmergencyAck",
    "Language",
    "LinkKind",
    "PlayOutcome",
    "PlayReport",
    "PowerSource",
    "Priority",
    "Programme",
    "ProgrammeSlot",
    "ScheduleVersion",
    "Script",
    "SlotPlacement",
    "Speaker",
    "SpeakerAlert",
    "SpeakerGroup",
    "SpeakerStatus",
    "VersionKind",
    "VersionStatus",
]
