"""Organisations and certificates made through the services, as the application makes them."""

import datetime
import io
import itertools

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from stdnum.vn import mst

from banso.orgs.models import Certificate, CertificateKind, Organisation, OrganisationKind
from banso.orgs.services import certificate_add, organisation_create

_serials = itertools.count(530_000_001)


def tax_code(serial: str | None = None) -> str:
    """A valid 10-digit tax code (53 is Lào Cai's prefix) built from 9 digits."""
    while True:
        base = serial or str(next(_serials))
        check = mst.calc_check_digit(base)
        if len(check) == 1:
            return base + check
        if serial is not None:
            raise ValueError(f"{serial} has no single-digit check digit")


def png_upload(name: str = "scan.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class OrganisationFactory(factory.Factory):
    """``OrganisationFactory(actor=…, unit=…)`` registers one through ``organisation_create``."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Hợp tác xã Thử Nghiệm {n}")
    kind = OrganisationKind.COOPERATIVE

    @classmethod
    def _create(cls, model_class, *args, actor, unit, **fields):
        return organisation_create(actor=actor, unit=unit, **fields)


class CertificateFactory(factory.Factory):
    """``CertificateFactory(actor=…, organisation=…)`` adds one through ``certificate_add``."""

    class Meta:
        model = Certificate

    kind = CertificateKind.VIETGAP
    issuer = "Trung tâm Chứng nhận Phù hợp"
    number = factory.Sequence(lambda n: f"VietGAP-TT-{n:04d}")
    valid_from = datetime.date(2024, 3, 1)
    valid_until = datetime.date(2099, 3, 1)

    @classmethod
    def _create(cls, model_class, *args, actor, organisation, **fields):
        return certificate_add(actor=actor, organisation=organisation, **fields)
