"""Errors in EPCIS input, each naming the event and the field, so a client can fix its document."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class EpcisProblem:
    """One thing wrong with a document: which event (index in the document's eventList, and its
    eventID when it has one), which field (a JSON path inside the event, such as
    ``bizStep`` or ``quantityList[0].epcClass``) and what is wrong, in the user's language."""

    message: str
    field: str = ""
    event_index: int | None = None
    event_id: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


class EpcisError(Exception):
    """A document (or event) is refused as a whole; nothing of it is stored."""

    def __init__(self, problems: list[EpcisProblem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems[:5]))


class EventIdTaken(EpcisError):
    """An eventID is already the ID of another stored event: refused, nothing stored. EPCIS
    2.0 wants an eventID to be globally unique, so an event cannot take the ID of another one,
    whoever recorded it."""
