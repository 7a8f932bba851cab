"""Every error khaldun raises, in one place.

    KhaldunError                 base; carries code, origin (which input) and stage
    ├── InputError               an input cannot be read or is not an article (it becomes a Rejection)
    │   ├── UnreadableInput      E-IN-001: missing file, permission, decoding, invalid JSON
    │   ├── EmptyInput           E-IN-002: no text at all
    │   ├── NotText              E-IN-003: binary or markup-only content
    │   ├── NotEnglish           E-IN-004: the extractor reads English only
    │   └── FetchRefused         E-IN-005: a URL not fetched (private address, size, redirects, type, timeout)
    ├── UsageError               E-USE-001: a bad option or argument (exit status 1)
    ├── PipelineError            E-PIPE-001: stages declared in an impossible order
    ├── PipelineFailure          E-PIPE-002: a stage failed on one article (in a batch: that article's Rejection)
    │                            E-PIPE-003 (a Rejection only): a worker process died on the article (parallel.py)
    ├── OverBudget               E-PIPE-004: an article would cost more than its budget (characters to parse, seconds)
    ├── GazetteerError           E-GAZ-001: the gazetteer cannot be built, or a file to import is not GeoNames'
    ├── StoreError               E-STORE-001: the ledger database cannot be opened, migrated or written
    │   └── NoLedger             E-STORE-002: a read command names a database that does not exist
    └── ReviewError              E-REV-001: a review names no such claim or incident, or a field or value it cannot set
        └── NotFound             E-REV-002: the claim or incident named does not exist

Each message says which input and stage failed and what the user can do about it. Every message is one line of
inert text (``printable``): an input's name or id with a newline or a terminal escape sequence is shown escaped.
"""
from __future__ import annotations

import unicodedata

# control characters, format characters (bidi overrides…) and line/paragraph separators: never raw on a terminal
_UNPRINTABLE = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))


def printable(text: str) -> str:
    """``text`` as one line of inert characters: controls, escapes and separators written as \\n, \\x1b, \\u202e."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if unicodedata.category(c) in _UNPRINTABLE:
            out.append(c.encode("unicode_escape").decode("ascii") if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return "".join(out)


class KhaldunError(Exception):
    code = "E-000"

    def __init__(self, message: str, *, origin: str = "", stage: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.origin = origin
        self.stage = stage

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        stage = f" (stage {self.stage})" if self.stage else ""
        return printable(f"{where}[{self.code}] {self.message}{stage}")


class InputError(KhaldunError):
    code = "E-IN-000"


class UnreadableInput(InputError):
    code = "E-IN-001"


class EmptyInput(InputError):
    code = "E-IN-002"


class NotText(InputError):
    code = "E-IN-003"


class NotEnglish(InputError):
    code = "E-IN-004"


class FetchRefused(InputError):
    code = "E-IN-005"


class UsageError(KhaldunError):
    code = "E-USE-001"


class PipelineError(KhaldunError):
    code = "E-PIPE-001"


class GazetteerError(KhaldunError):
    code = "E-GAZ-001"


class StoreError(KhaldunError):
    code = "E-STORE-001"


class PipelineFailure(KhaldunError):
    code = "E-PIPE-002"


class OverBudget(KhaldunError):
    code = "E-PIPE-004"


class NoLedger(StoreError):
    code = "E-STORE-002"


class ReviewError(KhaldunError):
    code = "E-REV-001"


class NotFound(ReviewError):
    code = "E-REV-002"
