"""Short codes people read aloud, type on a phone and write in a bank transfer's message: order
codes, booking codes. A prefix and random characters of Crockford's base32 without I, L, O and
U, so nothing is misread; a code as typed is read back with :func:`code_normalize`."""

import secrets

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def code_new(prefix: str, length: int = 8) -> str:
    """``prefix`` and ``length`` random characters (5 bits each: 8 make 40 bits), ASCII and
    short enough for a VietQR transfer's purpose (at most 25 characters)."""
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_normalize(text: str, prefix: str) -> str:
    """A code as typed: upper case, no spaces or dashes, and after ``prefix`` the letters people
    confuse with digits read as the digits (O → 0, I and L → 1)."""
    text = "".join(text.split()).replace("-", "").upper()
    if not text.startswith(prefix):
        return text
    body = text[len(prefix) :].translate(str.maketrans("OIL", "011"))
    return prefix + body
