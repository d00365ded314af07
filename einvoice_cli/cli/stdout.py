"""Writing a document to standard output, all of it or a clear failure.

Python's buffered streams do not report every failed write: under a file size limit
(``ulimit -f``) a short write is dropped silently at the flush, and the command went on to say
"converted" with exit status 0 over a truncated file (issue 14). Documents therefore go to the
file descriptor through ``core/outputs.py``'s checked :func:`write_all`.
"""

from __future__ import annotations

import sys

from einvoice_cli.core.outputs import write_all
from einvoice_cli.errors import OutputError


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output completely, or raise :class:`OutputError`."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.flush()
        descriptor = sys.stdout.buffer.fileno()
    except (AttributeError, OSError, ValueError):
        descriptor = None  # not a file (a test runner's capture): it keeps what it is given
    if descriptor is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_all(descriptor, data)
    except OSError as e:
        raise OutputError(
            f"cannot write to standard output ({e.strerror or e}): the output is incomplete"
        ) from e
