"""``rules mirror`` after normal use (issue 13): it mirrors what is installed, says which packs
are in it and which are not, and the mirror installs again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

UBL = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"


def test_a_mirror_of_what_normal_use_installed_installs_again(
    run_cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("EINVOICE_CACHE_DIR", str(cache))
    validated = run_cli(["validate", "-q", str(require(UBL))], share_engine=False)
    assert validated.exit_code == 0  # installs only the packs this document needs
    mirror = tmp_path / "mirror"
    made = run_cli(["rules", "mirror", str(mirror)])
    assert made.exit_code == 0, made.stderr
    assert "xrechnung@2.5.0" in made.stderr
    assert "not installed, not mirrored" in made.stderr
    assert "cen-en16931@1.3.16" in made.stderr  # not needed by that document
    monkeypatch.setenv("EINVOICE_CACHE_DIR", str(tmp_path / "other-cache"))
    monkeypatch.delenv("EINVOICE_RULES_MIRROR")
    again = run_cli(["rules", "install", "--from", str(mirror), "xrechnung", "cen-en16931@1.3.15"])
    assert again.exit_code == 0, again.stderr
