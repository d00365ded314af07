"""Our own checks beyond the official rules: Leitweg-ID, portal pre-flight, picture vs XML.

They run after the official verdict is known and never change it (DESIGN.md "Official vs our
own"); their findings have rule ids ``EINV-...``, source ``einvoice`` and ``in_verdict``
false. The SBDH envelope (``sbdh.py``) is unwrapped before validation instead.
"""

from __future__ import annotations

from einvoice_cli.checks.leitweg import (
    LeitwegCheck,
    LeitwegIssue,
    LeitwegProblem,
    check_digits,
    check_leitweg_id,
    is_valid_leitweg_id,
)
from einvoice_cli.checks.settings import Channel, Check, CheckSettings, Portal

__all__ = [
    "Channel",
    "Check",
    "CheckSettings",
    "LeitwegCheck",
    "LeitwegIssue",
    "LeitwegProblem",
    "Portal",
    "check_digits",
    "check_leitweg_id",
    "is_valid_leitweg_id",
]
