"""The names of the seeded indicators (migrations 0002 and 0004), for the translation catalogs: the
database keeps the English name, ``Indicator.display_name`` shows it translated."""

from django.utils.translation import gettext_noop

SEEDED_NAMES = (
    gettext_noop("Share of poor and near-poor households using telecommunication services"),
    gettext_noop("Share of poor and near-poor households with a means of accessing information"),
    gettext_noop("Poor household rate"),
    gettext_noop("Near-poor household rate"),
    gettext_noop("Households receiving telecom support in the month"),
    gettext_noop("Share of telecom-supported households with traffic in the month"),
    gettext_noop("Telecom-supported households suspended for lack of traffic"),
)
