"""How each language writes dates and numbers (``FORMAT_MODULE_PATH``), over Django's own.

One form a language, used by every page through ``|date:"SHORT_DATE_FORMAT"``, the ``formats``
template library and :mod:`banso.common.numbers`:

- Vietnamese: ``20/11/2025``, ``20/11/2025 07:30``, ``1.200``, ``12,5``, ``80%``;
- English: ``20 Nov 2025``, ``20 Nov 2025, 07:30``, ``1,200``, ``12.5``, ``80%``;
- Chinese: ``2025年11月20日``, ``2025年11月20日 07:30``, ``1,200``, ``12.5``, ``80%``.

Only what differs from Django's locale files is written here; the rest comes from them.
"""
