"""Invoices with large attachments (issue 13): a single base64 text over libxml2's 10 MB text
node limit is parsed, with our own limits (total size, depth, no DOCTYPE) still in force."""

from __future__ import annotations

import base64
import random
import re
from pathlib import Path

import pytest

from einvoice_cli.core.verdict import Verdict
from einvoice_cli.errors import InputError
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.validation.inputs import Input
from einvoice_cli.validation.pipeline import ValidationOptions, validate_input
from einvoice_cli.xml.parser import DEFAULT_MAX_BYTES, ParseSettings, parse_xml
from tests.conftest import CliRun
from tests.support.corpus import XRECHNUNG_TESTSUITE, require

WITH_ATTACHMENT = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "02.03a-INVOICE_ubl.xml"
_REFERENCE = re.compile(
    r"<cac:AdditionalDocumentReference>.*?</cac:AdditionalDocumentReference>", re.DOTALL
)
_BINARY = re.compile(r"(<cbc:EmbeddedDocumentBinaryObject[^>]*>)[^<]*(<)")


def _invoice_with_attachments(sizes: list[int]) -> bytes:
    """The corpus invoice with its one attachment replaced by attachments of ``sizes`` bytes
    (random bytes, base64 as UBL embeds them)."""
    text = require(WITH_ATTACHMENT).read_text(encoding="utf-8")
    reference = _REFERENCE.search(text)
    assert reference is not None
    generator = random.Random(13)
    blocks = []
    for number, size in enumerate(sizes):
        payload = base64.b64encode(generator.randbytes(size)).decode("ascii")
        binary = _BINARY.search(reference.group())
        assert binary is not None
        block = reference.group()
        block = block[: binary.end(1)] + payload + block[binary.start(2) :]
        block = block.replace("<cbc:ID>", f"<cbc:ID>A{number}-", 1)
        # BR-DE-22: the file names of the attachments are unique.
        blocks.append(block.replace('filename="', f'filename="A{number}-', 1))
    return (text[: reference.start()] + "".join(blocks) + text[reference.end() :]).encode()


def _validate(engine: RuleEngine, data: bytes) -> Verdict:
    result = validate_input(Input(name="big", data=data), engine, ValidationOptions(), None)
    assert result.error is None, result.error
    return result.verdict


def test_fifteen_megabytes_with_one_ten_mebibyte_attachment_is_accepted(
    engine: RuleEngine,
) -> None:
    data = _invoice_with_attachments([10_700_000])
    assert 14_000_000 < len(data) < 15_000_000
    assert _validate(engine, data) is Verdict.ACCEPT


def test_fifteen_megabytes_in_many_attachments_is_accepted(engine: RuleEngine) -> None:
    data = _invoice_with_attachments([1_070_000] * 10)
    assert 14_000_000 < len(data) < 15_000_000
    assert _validate(engine, data) is Verdict.ACCEPT


def test_convert_carries_a_ten_mebibyte_attachment(run_cli: CliRun, tmp_path: Path) -> None:
    source = tmp_path / "big.xml"
    source.write_bytes(_invoice_with_attachments([10_700_000]))
    out = tmp_path / "big-cii.xml"
    result = run_cli(["convert", str(source), "--to", "cii", "-o", str(out)])
    assert result.exit_code == 0
    assert out.stat().st_size > 14_000_000


def test_the_size_limit_still_refuses_before_parsing() -> None:
    data = _invoice_with_attachments([DEFAULT_MAX_BYTES * 3 // 4 + 1024])
    assert len(data) > DEFAULT_MAX_BYTES
    with pytest.raises(InputError, match="over the size limit"):
        parse_xml(data, "huge.xml", ParseSettings())


def test_a_huge_text_does_not_lift_the_depth_limit() -> None:
    deep = "<a>" * 300 + "x" * 11_000_000 + "</a>" * 300
    with pytest.raises(InputError, match="nested deeper than 256"):
        parse_xml(deep.encode(), "deep.xml", ParseSettings())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_huge_text_does_not_let_a_late_doctype_in(encoding: str) -> None:
    text = (
        "<!--" + "c" * 70_000 + '--><!DOCTYPE a [<!ENTITY e "boom">]>'
        "<a>&e;" + "x" * 11_000_000 + "</a>"
    )
    with pytest.raises(InputError, match="document type declarations"):
        parse_xml(text.encode(encoding), "late-doctype.xml", ParseSettings())


def test_a_parse_error_names_its_position_once() -> None:
    data = b"<Invoice>\n<a>\n</b>\n</Invoice>"
    with pytest.raises(InputError) as raised:
        parse_xml(data, "broken.xml", ParseSettings())
    message = str(raised.value)
    assert "(<string>" not in message
    assert message.count("line 3") == 1, message
