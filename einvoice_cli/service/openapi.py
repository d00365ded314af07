"""The OpenAPI 3.1 document of the service (``GET /api/v1/openapi.json``)."""

from __future__ import annotations

from collections.abc import Sequence

from einvoice_cli.core.contract import JsonValue
from einvoice_cli.core.version import tool_version

_DOCUMENT_BODY: dict[str, JsonValue] = {
    "required": True,
    "content": {
        "application/xml": {"schema": {"type": "string"}},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "array", "items": {"type": "string", "format": "binary"}}
                },
            }
        },
    },
}

_ERRORS: dict[str, JsonValue] = {
    "400": {"description": "No content, a multipart body without a file, or a bad parameter."},
    "401": {"description": "The bearer token is missing or wrong (with --token-file)."},
    "408": {"description": "The client did not send its body within the body timeout."},
    "413": {"description": "The body is over the body limit (--max-body)."},
    "500": {"description": "A worker crashed on a document; the service goes on."},
    "503": {"description": "Every worker is busy and the queue is full; see Retry-After."},
    "504": {"description": "A document took longer than the timeout (--timeout)."},
}


def _query(name: str, description: str, values: Sequence[str] | None = None) -> JsonValue:
    schema: dict[str, JsonValue] = {"type": "string"}
    if values is not None:
        schema["enum"] = list(values)
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


def document(formats: Sequence[str]) -> dict[str, JsonValue]:
    """The OpenAPI document, listing the report formats ``validate`` takes."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "einvoice-cli HTTP service",
            "version": tool_version(),
            "description": (
                "Validate e-invoices (XRechnung, EN 16931, Peppol BIS, ZUGFeRD/Factur-X) with the "
                "official rules. POST to any other path is the KoSIT validator daemon's check: "
                "the body is the document, the answer the KoSIT report XML with status 200 "
                "(acceptable), 406 (not acceptable) or 422 (processing failed)."
            ),
        },
        "paths": {
            "/api/v1/validate": {
                "post": {
                    "summary": "Validate one document (the body) or several (multipart files).",
                    "parameters": [
                        _query("format", "Report format (default json).", formats),
                        _query("lang", "Language of the report's own words.", ("en", "de")),
                        _query("scenario", "Validate under this scenario instead."),
                        _query("name", "How the report names a document sent as the body."),
                    ],
                    "requestBody": _DOCUMENT_BODY,
                    "responses": {
                        "200": {
                            "description": "The report: for json, the JSON contract of "
                            "`einvoice validate --format json`; the verdicts are inside."
                        },
                        **_ERRORS,
                    },
                }
            },
            "/api/v1/convert": {
                "post": {
                    "summary": "Convert an invoice to UBL, CII or a Factur-X PDF.",
                    "parameters": [
                        _query("to", "Target syntax.", ("ubl", "cii", "facturx")),
                        _query("name", "How reports name the input."),
                    ],
                    "requestBody": {
                        "required": True,
                        "description": "The invoice as the body, or multipart with fields "
                        "'invoice' and (for facturx) 'pdf', the visual PDF.",
                        "content": {
                            "application/xml": {"schema": {"type": "string"}},
                            "multipart/form-data": {"schema": {"type": "object"}},
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The converted document; headers "
                            "X-Einvoice-Outcome, X-Einvoice-Input-Verdict and "
                            "X-Einvoice-Output-Verdict tell how it went."
                        },
                        "422": {
                            "description": "The input cannot be converted (a one-line reason)."
                        },
                        **_ERRORS,
                    },
                }
            },
            "/api/v1/view": {
                "post": {
                    "summary": "Render an invoice for people (the official KoSIT visualization).",
                    "parameters": [
                        _query("format", "What to render.", ("html", "pdf")),
                        _query("lang", "The rendering's language.", ("de", "en")),
                        _query("name", "How the rendering names the input."),
                    ],
                    "requestBody": {
                        "required": True,
                        "description": "The invoice (XML or a hybrid PDF) as the body.",
                        "content": {
                            "application/xml": {"schema": {"type": "string"}},
                            "application/pdf": {"schema": {"type": "string"}},
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "One self-contained HTML page, or a PDF/A-3b; "
                            "header X-Einvoice-Verdict gives the verdict (a rejected invoice is "
                            "rendered with a banner)."
                        },
                        "422": {"description": "The document cannot be rendered (one line)."},
                        **_ERRORS,
                    },
                }
            },
            "/server/health": {
                "get": {
                    "summary": "The KoSIT daemon's health document (never needs the token).",
                    "responses": {"200": {"description": "health XML, status UP"}},
                }
            },
            "/server/config": {
                "get": {
                    "summary": "The scenarios, in the shape of KoSIT's scenarios.xml.",
                    "responses": {"200": {"description": "scenarios XML"}},
                }
            },
            "/metrics": {
                "get": {
                    "summary": "Prometheus metrics (text exposition format).",
                    "responses": {"200": {"description": "metrics"}},
                }
            },
        },
    }
