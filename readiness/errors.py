"""The one error type that reaches the user: bad input, located, one line."""

from __future__ import annotations

import re


class InputError(Exception):
    """Unusable input: a plan, a rule file or an option. The CLI prints
    `str(error)` as one line and exits 2; nothing else is shown."""

    def __init__(self, file: str, message: str, *, path: str | None = None,
                 line: int | None = None, column: int | None = None):
        self.file = file
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        parts = [where]
        if self.path:
            parts.append(printable(self.path))
        parts.append(printable(_LINE_BREAKS.sub(" ", self.message)))  # always one line
        return ": ".join(parts)


# Line breaks (and the space around them) become one space; other white space
# stays, since a quoted value such as an id '  ' must show as it is.
_LINE_BREAKS = re.compile(r"\s*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\s*")


def printable(text: str) -> str:
    """Control and line-breaking characters (a key named "\r", a file name
    with a newline) escaped, so that one error stays one line. A file name's
    bytes that are not UTF-8 (which Python keeps as lone surrogates) are
    shown as `\xff`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else
                   f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else repr(c)[1:-1] for c in text)




class PlanErrors(Exception):
    """One or more located problems in one plan file (each printed on its
    own line). Lives here, not in loader.py, so that the CLI can catch it
    without importing pydantic."""

    def __init__(self, errors: list[InputError]):
        self.errors = errors
        super().__init__("\n".join(map(str, errors)))
