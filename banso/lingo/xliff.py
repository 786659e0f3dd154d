"""XLIFF 2.0 files of translations to review, for translators who work in their own tool
(OmegaT, Okapi, Poedit, a CAT tool of an agency) and send the file back.

An export holds one ``<file>`` of one target language, one ``<unit id="t{pk}">`` a translation,
its current source and the proposal waiting for review (or the text shown, or nothing) as the
target. The file read back is hostile until proven otherwise: its size is bounded, it is parsed
with defusedxml (no document type declaration, so no entities), and it must be an XLIFF 2.0
document (namespace and version) whose target language is one of the site's. Every refusal is a
``ValidationError`` in the person's language, raised before anything is written.

lxml is not a dependency of the project: xml.etree writes, defusedxml reads.
"""

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from typing import IO

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from banso.lingo.models import Translation
from banso.lingo.services import ReturnedUnit

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
VERSION = "2.0"
# A reviewer's queue of a few thousand texts fits in a few MB; more is not a review file.
MAX_BYTES = 5 * 1024 * 1024
MAX_UNITS = 10_000
_UNIT_ID = re.compile(r"t([0-9]{1,18})")
_NS = f"{{{NAMESPACE}}}"


def xliff_export(rows: Iterable[Translation], *, language: str) -> bytes:
    """An XLIFF 2.0 document of ``rows`` (translations into ``language``)."""
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(
        f"{_NS}xliff",
        {"version": VERSION, "srcLang": settings.LANGUAGE_CODE, "trgLang": language},
    )
    document = ElementTree.SubElement(root, f"{_NS}file", {"id": f"banso-{language}"})
    for row in rows:
        unit = ElementTree.SubElement(document, f"{_NS}unit", {"id": f"t{row.pk}"})
        if row.field:
            notes = ElementTree.SubElement(unit, f"{_NS}notes")
            note = ElementTree.SubElement(notes, f"{_NS}note", {"category": "location"})
            note.text = f"{row.content_type.app_label}.{row.content_type.model}.{row.field}"
        segment = ElementTree.SubElement(unit, f"{_NS}segment", {"state": "initial"})
        ElementTree.SubElement(segment, f"{_NS}source").text = row.source
        target = row.suggestion or row.text
        if target:
            segment.set("state", "translated")
        ElementTree.SubElement(segment, f"{_NS}target").text = target
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _read(upload: IO[bytes]) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _too_large()
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large()
    return data


def _too_large() -> ValidationError:
    return _refused(
        _("The file is larger than %(size)d MB; export fewer translations at a time.")
        % {"size": MAX_BYTES // (1024 * 1024)},
        "too_large",
    )


def _text(element) -> str:
    """The whole text of ``element``, inline codes' text included (``<ph>``, ``<pc>``)."""
    return "".join(element.itertext()) if element is not None else ""


def xliff_read(upload: IO[bytes]) -> list[ReturnedUnit]:
    """The units of an uploaded XLIFF 2.0 file, after every check (see the module)."""
    data = _read(upload)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise _refused(
            _(
                "This file contains an XML document type declaration (DTD) or entities, which "
                "are refused for safety."
            ),
            "dtd",
        ) from error
    except (ElementTree.ParseError, ValueError) as error:
        raise _refused(
            _("This file is not well-formed XML: %(problem)s") % {"problem": error}, "malformed"
        ) from error
    if root.tag != f"{_NS}xliff" or root.get("version") != VERSION:
        raise _refused(
            _("This file is not an XLIFF 2.0 document (urn:oasis:names:tc:xliff:document:2.0)."),
            "not_xliff",
        )
    language = root.get("trgLang", "")
    targets = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    if language.lower() not in targets:
        raise _refused(
            _("The file's target language (trgLang) must be one of: %(languages)s.")
            % {"languages": ", ".join(targets)},
            "language",
        )
    units = root.findall(f".//{_NS}unit")
    if len(units) > MAX_UNITS:
        raise _refused(
            _("The file holds more than %(count)d units; export fewer at a time.")
            % {"count": MAX_UNITS},
            "too_many_units",
        )
    found = []
    for unit in units:
        matched = _UNIT_ID.fullmatch(unit.get("id", ""))
        if matched is None:
            raise _refused(
                _("The unit “%(id)s” was not exported by Bản Số: its id must read t and a number.")
                % {"id": unit.get("id", "")},
                "unit_id",
            )
        source, target = _unit_texts(unit)
        found.append(
            ReturnedUnit(
                translation_id=int(matched[1]),
                source=source,
                language=language.lower(),
                target=target,
            )
        )
    return found


def _unit_texts(unit) -> tuple[str, str]:
    """The source and target of a unit, put together from its segments and the ignorable
    spaces between them, in order (a tool may have cut our one segment into sentences)."""
    sources, targets = [], []
    for part in unit:
        if part.tag not in (f"{_NS}segment", f"{_NS}ignorable"):
            continue
        source = _text(part.find(f"{_NS}source"))
        target_element = part.find(f"{_NS}target")
        sources.append(source)
        if target_element is not None:
            targets.append(_text(target_element))
        elif part.tag == f"{_NS}ignorable":
            targets.append(source)
    return "".join(sources), "".join(targets)
