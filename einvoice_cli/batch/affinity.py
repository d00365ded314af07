"""Which rules a document will want, guessed by the parent from its first bytes.

A worker compiles a scenario's stylesheets the first time a document needs them (about 0.7 s
for the two stylesheets of an XRechnung syntax). The parent sends documents of one kind to the
workers that have had that kind before, so with two workers and a mix of UBL and CII each
worker mostly compiles the rules of one syntax (``pool.py`` says when a worker takes another
kind). The kind is only a hint: a wrong or empty guess costs time, never a verdict, as the
worker detects and validates every document in full.
"""

from __future__ import annotations

import re
import stat

from einvoice_cli.validation.inputs import Input

HEAD_BYTES = 4096
"""Bytes read to find the root element: room for a declaration and a few comments."""

_PDF = b"%PDF-"
_SKIP = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL)
_ROOT = re.compile(rb"\s*<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")


def kind_of(item: Input) -> str:
    """``pdf``, the root element's local name, or ``''`` when the first bytes do not say."""
    if item.data is not None:
        head = item.data[:HEAD_BYTES]
    elif item.path is not None and item.problem is None:
        try:
            # Only a regular file is opened here: opening a FIFO blocks until a writer comes,
            # and reading a pipe takes bytes its reader needs (issue 14). A worker reads those,
            # within the timeout.
            if not stat.S_ISREG(item.path.stat().st_mode):
                return ""
            with item.path.open("rb") as stream:
                head = stream.read(HEAD_BYTES)
        except OSError:
            return ""  # the worker reports why the document cannot be read
    else:
        return ""
    return sniff(head)


def sniff(head: bytes) -> str:
    """The kind of a document from its first bytes (UTF-8 or an ASCII-compatible encoding)."""
    if head.startswith(_PDF):
        return "pdf"
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        skipped = _SKIP.match(head, position)
        if skipped is None:
            break
        position = skipped.end()
    root = _ROOT.match(head, position)
    return root.group(1).decode("ascii") if root is not None else ""
