"""Order codes: how they are made and how a code typed by a person or carried back by a bank
transfer is read. A module of its own, importing nothing of the marketplace, because checkout
(which makes codes), payments (which find them in transfer messages) and the order pages (which
read them as typed) all need it.
"""

import secrets

# Crockford's base32 without I, L, O and U: nothing to misread on a phone or a bank slip.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "DH"
CODE_LENGTH = 8


def order_code_new() -> str:
    """A fresh order code: "DH" and 8 random characters (40 bits), ASCII and short enough for a
    VietQR transfer's purpose (at most 25 characters)."""
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def order_code_normalize(text: str) -> str:
    """A code as typed: upper case, no spaces or dashes, and the letters people confuse with
    digits read as the digits (O → 0, I and L → 1)."""
    text = "".join(text.split()).replace("-", "").upper()
    if not text.startswith(CODE_PREFIX):
        return text
    body = text[len(CODE_PREFIX) :].translate(str.maketrans("OIL", "011"))
    return CODE_PREFIX + body
