"""How the import words bad input: the file-level error, and cell values echoed in messages only masked."""

import re

from chatdong.core import rrn

# Anything shaped like a resident number, wherever it stands in a cell (a number typed in the wrong column too).
_RRN_LIKE = re.compile(r"(?<!\d)(\d{6})[- ]?(\d{7})(?!\d)")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header, empty); the message is Korean."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def looks_like_resident_number(text: str) -> bool:
    return _RRN_LIKE.search(text) is not None


def scrub(text: str) -> str:
    """Mask anything shaped like a resident number, so reasons and logs never carry one in clear."""
    return _RRN_LIKE.sub(lambda m: rrn.mask(m.group(1) + m.group(2)), text)


def quote(value: str, limit: int = 30) -> str:
    """A cell value echoed in a message: masked, and shortened so a misplaced long cell stays readable."""
    value = scrub(value)
    return value if len(value) <= limit else value[:limit] + "…"
