"""The published schemas report tests validate against.

SARIF: the official SARIF 2.1.0 JSON schema, which no PyPI package ships; ``python -m
scripts.test_schemas`` fetches it (from Microsoft's ``@microsoft/jest-sarif`` npm package,
verified by sha256) into ``build/test-schemas/``. A missing schema fails the test with that
command; it is never skipped.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scripts.test_schemas import SARIF_SCHEMA, SARIF_SHA256


def sarif_schema() -> dict[str, Any]:
    """The SARIF 2.1.0 schema, checked against its pinned sha256."""
    if not SARIF_SCHEMA.is_file():
        pytest.fail(
            f"missing {SARIF_SCHEMA}: run `python -m scripts.test_schemas` once (needs npm)",
            pytrace=False,
        )
    data = SARIF_SCHEMA.read_bytes()
    if hashlib.sha256(data).hexdigest() != SARIF_SHA256:
        pytest.fail(f"{SARIF_SCHEMA} is not the pinned schema; run the script again")
    schema: dict[str, Any] = json.loads(data)
    jsonschema.Draft4Validator.check_schema(schema)
    return schema


REPORT_SCHEMA = (
    Path(__file__).resolve().parents[2] / "einvoice_cli" / "schemas" / "report.schema.json"
)


def document_validator() -> jsonschema.Draft202012Validator:
    """A validator of one ``documents`` entry against the JSON contract's schema."""
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    document = {"$ref": "#/$defs/document", "$defs": schema["$defs"]}
    return jsonschema.Draft202012Validator(document)
