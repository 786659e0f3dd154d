"""Machine translation engines behind one function.

:func:`machine_translate` is all the rest of lingo calls: it answers a list of texts in the
target language, or ``None`` when no engine is configured or the configured one cannot answer
now. It never raises, so a failing engine never breaks a page or a save.
"""


def machine_translate(texts: list[str], *, source: str, target: str) -> list[str] | None:
    """``texts`` translated from ``source`` to ``target`` (Django language codes), in order, or
    ``None`` when no engine can answer."""
    return None
