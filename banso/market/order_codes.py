"""Order codes: "DH" and 8 characters (``banso.common.codes``). A module of its own, importing
nothing of the marketplace, because checkout (which makes codes), payments (which find them in
transfer messages) and the order pages (which read them as typed) all need it.
"""

from banso.common.codes import CODE_ALPHABET, code_new, code_normalize

__all__ = ["CODE_ALPHABET", "CODE_LENGTH", "CODE_PREFIX", "order_code_new", "order_code_normalize"]

CODE_PREFIX = "DH"
CODE_LENGTH = 8


def order_code_new() -> str:
    """A fresh order code: "DH" and 8 random characters (40 bits)."""
    return code_new(CODE_PREFIX, CODE_LENGTH)


def order_code_normalize(text: str) -> str:
    return code_normalize(text, CODE_PREFIX)
