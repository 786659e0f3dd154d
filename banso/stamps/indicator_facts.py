"""The stamps' facts for ``banso.indicators`` (the commune digital scorecard): openings of QR
stamps in a year, counted under the commune of the organisation that ordered the stamps (its
products being checked by buyers, wherever the buyers are). Registered from
``StampsConfig.ready``; indicators does not import stamps."""

from collections.abc import Iterable

from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from banso.indicators.facts import Fact, FactSource
from banso.stamps.models import Scan

SCANS = "stamps.scans"


class StampFacts:
    name = "stamps"

    def codes(self) -> dict[str, str]:
        return {SCANS: str(_("Stamp scans of the commune's producers"))}

    def facts(self, *, year: int | None) -> Iterable[Fact]:
        scans = Scan.objects.all()
        if year is not None:
            scans = scans.filter(scanned_at__year=year)
        rows = (
            scans.values("scanned_at__year", "stamp__run__organisation__unit_id")
            .annotate(count=Count("id"))
            .order_by()
        )
        for row in rows:
            yield Fact(
                code=SCANS,
                period=str(row["scanned_at__year"]),
                value=row["count"],
                unit_id=row["stamp__run__organisation__unit_id"],
            )

    def fact_sources(self, *, code: str, unit_id: int, year: int) -> list[FactSource]:
        """The scans by stamp run: the run's organisation, product and size, and how many of
        its stamps' openings fall in ``year``."""
        if code != SCANS:
            return []
        rows = (
            Scan.objects.filter(scanned_at__year=year, stamp__run__organisation__unit_id=unit_id)
            .values(
                "stamp__run_id",
                "stamp__run__organisation__name",
                "stamp__run__product__name",
                "stamp__run__quantity",
            )
            .annotate(count=Count("id"))
            .order_by("stamp__run__organisation__name", "stamp__run_id")
        )
        return [
            FactSource(
                label=gettext("%(organisation)s · %(product)s · run %(run)s of %(quantity)s stamps")
                % {
                    "organisation": row["stamp__run__organisation__name"],
                    "product": row["stamp__run__product__name"],
                    "run": row["stamp__run_id"],
                    "quantity": row["stamp__run__quantity"],
                },
                value=row["count"],
            )
            for row in rows
        ]


stamp_facts = StampFacts()
