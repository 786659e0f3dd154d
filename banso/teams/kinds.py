"""The kinds of help seeded by migration 0002, for the translation catalogs: the database keeps
the English name, ``HelpKind.display_name`` shows it translated."""

from django.utils.translation import gettext_noop

SEEDED_NAMES = (
    gettext_noop("VNeID account and level-2 identification"),
    gettext_noop("Online public-service dossier"),
    gettext_noop("Cashless payment account"),
    gettext_noop("Mobile money"),
    gettext_noop("Shop on an e-commerce marketplace"),
    gettext_noop("VssID social insurance app"),
    gettext_noop("Digital skills"),
    gettext_noop("Safety online"),
    gettext_noop("Telecom support enrolment"),
    gettext_noop("Other help"),
)
