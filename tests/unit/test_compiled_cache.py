"""The compiled stylesheets in the rules cache are not trusted blindly (issue 14): an entry
edited after compiling is recompiled, and no stylesheet we run may write a file or call an
extension (``xsl:result-document``, extension instructions, ``fn:transform``)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import SchematronCompileError
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from einvoice_cli.xml.saxon import SaxonProcessor
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE, require

GOOD = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
SVRL = "http://purl.oclc.org/dsdl/svrl"


def _forged(extra: str = "") -> str:
    """A stylesheet that reports no finding at all (and does ``extra`` on the way)."""
    return (
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        f'<xsl:template match="/">{extra}<svrl:schematron-output xmlns:svrl="{SVRL}"/>'
        "</xsl:template></xsl:stylesheet>"
    )


@pytest.fixture
def cache_copy(engine: RuleEngine, rules_cache: Path, tmp_path: Path) -> Path:
    """A copy of the session's rules cache with the XRechnung UBL rules compiled."""
    result = validate_input(
        Input(name="good", path=require(GOOD)), engine, ValidationOptions(), None
    )
    assert result.verdict is Verdict.ACCEPT
    copy = tmp_path / "cache"
    shutil.copytree(rules_cache, copy)
    assert list((copy / "compiled").glob("*.xsl"))
    return copy


def _engine(cache: Path, saxon: SaxonProcessor) -> RuleEngine:
    settings = FetchSettings(cache_dir=cache, mirror=str(require(MIRROR)), allow_network=False)
    return RuleEngine(RuleStore(load_catalog(), settings), saxon)


def test_an_edited_compiled_entry_is_recompiled_not_trusted(
    cache_copy: Path, saxon: SaxonProcessor, without_buyer_reference: Path
) -> None:
    for entry in (cache_copy / "compiled").glob("*.xsl"):
        entry.write_text(_forged(), encoding="utf-8")
    engine = _engine(cache_copy, saxon)
    item = Input(name="no-bt-10", path=without_buyer_reference)
    result = validate_input(item, engine, ValidationOptions(), None)
    assert result.verdict is Verdict.REJECT
    assert "BR-DE-15" in {f.rule for f in result.findings}
    # The entries this document needed were compiled again, each with its digest; a forged
    # entry never has a matching digest (the others are unused and stay as forged).
    recompiled = 0
    for entry in (cache_copy / "compiled").glob("*.xsl"):
        recorded = entry.with_suffix(".sha256").read_text(encoding="ascii")
        matches = recorded == hashlib.sha256(entry.read_bytes()).hexdigest()
        forged = entry.read_text(encoding="utf-8") == _forged()
        assert matches != forged
        recompiled += matches
    assert recompiled >= 1


def test_an_injected_result_document_writes_nothing(
    cache_copy: Path, saxon: SaxonProcessor, tmp_path: Path
) -> None:
    planted = tmp_path / "planted.txt"
    injection = (
        f'<xsl:result-document href="{planted.as_uri()}" method="text">x</xsl:result-document>'
    )
    for entry in (cache_copy / "compiled").glob("*.xsl"):
        entry.write_text(_forged(injection), encoding="utf-8")
    engine = _engine(cache_copy, saxon)
    result = validate_input(
        Input(name="good", path=require(GOOD)), engine, ValidationOptions(), None
    )
    assert result.verdict is Verdict.ACCEPT
    assert not planted.exists()


@pytest.mark.parametrize(
    "body",
    [
        '<xsl:result-document href="file:///tmp/einvoice-never-written.txt">x</xsl:result-document>',
        '<xsl:result-document href="never-written.txt">x</xsl:result-document>',
        "<xsl:sequence select=\"transform(map{'stylesheet-text': '&lt;x/&gt;'})\"/>",
        "<xsl:sequence select=\"load-xquery-module('urn:x')\"/>",
        '<xsl:value-of select="saxon:system-id()" xmlns:saxon="http://saxon.sf.net/"/>',
        '<ext:run xmlns:ext="urn:ext" xsl:extension-element-prefixes="ext"/>',
    ],
    ids=[
        "result-document-uri",
        "result-document-relative",
        "transform",
        "xquery",
        "saxon-fn",
        "ext-instruction",
    ],
)
def test_stylesheets_that_write_or_call_extensions_are_refused(
    saxon: SaxonProcessor, body: str
) -> None:
    with pytest.raises(SchematronCompileError, match="refused"):
        saxon.compile_stylesheet(_forged(body), "forged")
    assert not Path("/tmp/einvoice-never-written.txt").exists()
    assert not Path("never-written.txt").exists()
