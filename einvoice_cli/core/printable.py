"""Untrusted text made safe to show to a person: file names, attachment names, messages.

A file named ``b.xml\\nACCEPT  a.xml`` must not print a second verdict line, and a name holding
``ESC [ 2 J`` must not drive the terminal. Every human-readable output (the text report,
``--quiet`` lines, messages on stderr, ``extract`` notes) passes such text through
:func:`printable`, which writes each character that could move the cursor, end a line, change
the terminal's state or hide or reorder text as a visible escape:

- ``\\n``, ``\\r``, ``\\t`` for newline, carriage return and tab;
- ``\\xNN`` for the other C0 controls and DEL, and for a byte of a file name that is not
  valid UTF-8 (Python's surrogate escape, :pep:`383`, as ``os.fsdecode`` gives it);
- ``\\uNNNN`` for C1 controls, line and paragraph separators, and the invisible formatting
  characters (bidirectional overrides and isolates, zero-width characters, the BOM).

Reports that are XML or HTML cannot hold an undecodable byte at all; they show the name
through :func:`without_surrogates` (``\\xNN`` for each such byte, the rest as it is). JSON
keeps it as the escape ``\\udcNN`` (``report/contract.py``).

Backslashes are not doubled, so ordinary paths print as they are; the escaping exists to keep
one line per document and the terminal intact, not to be reversed. Machine-readable formats
(JSON, JSONL, SARIF) keep the exact text, escaped by their own rules.
"""

from __future__ import annotations

import re

_INVISIBLE_CHARACTERS = (
    "\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
)
INVISIBLE = re.compile(f"[{_INVISIBLE_CHARACTERS}]")
"""Line and paragraph separators and the invisible formatting characters: bidirectional
overrides and isolates, zero-width characters, the BOM (a name holding one can show as
another, ``rechnung\u202efdp.exe``)."""
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE_CHARACTERS}\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x80:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        # A surrogate escape stands for the undecodable byte code - 0xDC00.
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control, invisible formatting and undecodable character escaped."""
    return _UNSAFE.sub(_escape, text)


_SURROGATE_ESCAPE = re.compile("[\udc80-\udcff]")


def without_surrogates(text: str) -> str:
    """``text`` with each undecodable byte of a file name (a surrogate escape) as ``\\xNN``."""
    return _SURROGATE_ESCAPE.sub(_escape, text)
