"""The HTTP routes of ``einvoice serve``: the KoSIT daemon's, the JSON API's and the web page.

Every route reads the request body itself, up to the body limit (413 past it) and within the
body timeout (408 for a client that sends too slowly), and hands documents to the worker pool
(503 with ``Retry-After`` when its queue is full). A request names documents only by bytes in
its body: no route reads a local file or opens a URL. The report of a one-document request
comes formatted from its worker (``jobs.py``); a request of several documents is formatted
here, from the results the workers send back. The verdict is always the pipeline's.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from dataclasses import dataclass

import anyio
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from einvoice_cli.checks.settings import CheckSettings
from einvoice_cli.conversion.convert import Target
from einvoice_cli.core.languages import LANGUAGES, Language
from einvoice_cli.errors import ScenarioError
from einvoice_cli.rulepacks.catalog import Catalog
from einvoice_cli.rulepacks.scenarios import find_scenario
from einvoice_cli.service import daemon, openapi, page
from einvoice_cli.service.answers import Answer, Outcome, QueueFull
from einvoice_cli.service.jobs import Job, JobResult, Work, report_text
from einvoice_cli.service.metrics import CONTENT_TYPE, Metrics
from einvoice_cli.service.middleware import AccessLog, BearerToken
from einvoice_cli.service.pool import ServicePool

MEDIA_TYPES = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "sarif": "application/sarif+json",
    "junit": "application/xml",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
"""The JSON API's report formats (``?format=``) and their media types."""
RETRY_AFTER_SECONDS = 1
"""What a 503 tells a client to wait: a document takes a worker tens of milliseconds."""
STATUS_OF_OUTCOME = {Outcome.TIMEOUT: 504, Outcome.CRASHED: 500}


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    """The limits and defaults of the HTTP side."""

    max_body: int
    """Bytes a request body may have (413 past it)."""
    body_timeout: float = 30.0
    """Seconds a client may take to send its body (408 past it)."""
    token: str | None = None
    """The bearer token every route but ``/server/health`` demands, if any."""


class HttpProblem(Exception):
    """A request that gets an error status and a one-line plain-text answer."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}

    def response(self) -> Response:
        """The answer to the client."""
        return PlainTextResponse(str(self) + "\n", self.status, headers=self.headers)


Handler = Callable[[Request, "Service"], Awaitable[Response]]


class Service:
    """One running service: the pool, the catalog, the metrics and the routes' settings."""

    def __init__(self, pool: ServicePool, catalog: Catalog, settings: ServiceSettings) -> None:
        self.pool = pool
        self.catalog = catalog
        self.settings = settings
        self.metrics = Metrics()
        self.names = daemon.InputNames()
        self.page = page.render_page().encode("utf-8")

    async def body(self, request: Request) -> bytes:
        """The request body, within the body limit and timeout."""
        limit = self.settings.max_body
        declared = request.headers.get("content-length", "")
        too_large = HttpProblem(413, f"the body is over the limit of {limit:,} bytes")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(self.settings.body_timeout):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise too_large
                    chunks.append(chunk)
        except ClientDisconnect:
            raise HttpProblem(400, "the client went away before its body arrived") from None
        except TimeoutError:
            raise HttpProblem(
                408, f"the body did not arrive within {self.settings.body_timeout:g} s"
            ) from None
        return b"".join(chunks)

    async def run(self, jobs: Sequence[Job]) -> list[Answer]:
        """The answers of the pool, counted; 503 when its queue is full."""
        try:
            answers = await self.pool.submit(jobs)
        except QueueFull as e:
            raise HttpProblem(503, str(e), {"Retry-After": str(RETRY_AFTER_SECONDS)}) from None
        for answer in answers:
            self.metrics.verdict(answer.result.verdict.value)
        return answers

    def scenario(self, request: Request) -> str | None:
        """``?scenario=``, checked against the catalog (400 for an unknown one)."""
        name = request.query_params.get("scenario") or None
        if name is not None:
            try:
                find_scenario(self.catalog.scenarios, name)
            except ScenarioError as e:
                raise HttpProblem(400, str(e)) from None
        return name


def _is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/")


async def _parts(request: Request, body: bytes, limit: int) -> list[tuple[str, bytes, str]]:
    """The files of a multipart body: (form field, bytes, file name), in order."""

    async def stream() -> AsyncGenerator[bytes, None]:
        yield body

    parser = MultiPartParser(request.headers, stream(), max_part_size=limit)
    parser.spool_max_size = limit + 1  # kept in memory: nothing is written to disk
    try:
        form = await parser.parse()
    except MultiPartException as e:
        raise HttpProblem(400, f"the multipart body cannot be read: {e.message}") from None
    files: list[tuple[str, bytes, str]] = []
    for field, value in form.multi_items():
        if isinstance(value, UploadFile):
            files.append(
                (field, await value.read(), value.filename or f"document-{len(files) + 1}")
            )
    return files


def _outcome_status(answers: Sequence[Answer]) -> int | None:
    for outcome in (Outcome.TIMEOUT, Outcome.CRASHED):
        if any(a.outcome is outcome for a in answers):
            return STATUS_OF_OUTCOME[outcome]
    return None


async def kosit_check(request: Request, service: Service) -> Response:
    """``POST`` to any path: the KoSIT daemon's check (the body is the document)."""
    if _is_multipart(request):
        raise HttpProblem(400, "No content supplied (multipart bodies are not supported here)")
    body = await service.body(request)
    if not body:
        raise HttpProblem(400, "No content supplied")
    name = service.names.name(request.url.path)
    (answer,) = await service.run([Job(name=name, data=body, kosit=True)])
    status = daemon.STATUS_OF_VERDICT[answer.result.verdict]
    return Response(_kosit_body(answer), status, media_type="application/xml")


def _kosit_body(answer: Answer) -> bytes:
    """The KoSIT report of an answer; a timeout or crash is its status with a one-line text."""
    result = answer.result
    failed = _outcome_status([answer])
    if failed is not None:
        raise HttpProblem(failed, result.error or "the document could not be validated")
    report = result.kosit_report if isinstance(result, JobResult) else None
    if report is None:
        raise HttpProblem(500, f"no report for {result.path}: {result.error or 'unknown'}")
    return report


async def api_validate(request: Request, service: Service) -> Response:
    """``POST /api/v1/validate``: one document (the body) or several (multipart)."""
    output = request.query_params.get("format", "json")
    if output not in MEDIA_TYPES and output != "kosit":
        raise HttpProblem(400, f"unknown format {output!r}; use one of {_formats()}")
    try:
        lang = Language(request.query_params.get("lang", Language.EN.value))
    except ValueError:
        raise HttpProblem(400, f"unknown language; use one of {', '.join(LANGUAGES)}") from None
    scenario = service.scenario(request)
    checks = _checks(request, lang)
    documents = await _documents(request, service)
    if output == "kosit" and len(documents) != 1:
        raise HttpProblem(400, "format kosit takes one document per request")
    kosit = output == "kosit"
    # One document: its worker formats the report (see the module docstring).
    report = None if kosit or len(documents) > 1 else output
    jobs = [
        Job(
            name=name,
            data=data,
            scenario=scenario,
            kosit=kosit,
            checks=checks,
            report=report,
            lang=lang.value,
        )
        for name, data in documents
    ]
    answers = await service.run(jobs)
    status = _outcome_status(answers) or 200
    if output == "kosit":
        return Response(_kosit_body(answers[0]), status, media_type="application/xml")
    made = answers[0].result if len(answers) == 1 else None
    if isinstance(made, JobResult) and made.report is not None:
        return Response(made.report, status, media_type=MEDIA_TYPES[output])
    # Several documents, or an answer the worker did not make (a timeout, a crash).
    text = report_text([answer.result for answer in answers], output, lang)
    return Response(text, status, media_type=MEDIA_TYPES[output])


def _checks(request: Request, lang: Language) -> CheckSettings:
    """Our own checks, by the command line's names: ``?check=leitweg,portal,consistency``,
    ``?portal=zre|ozg-re|peppol``, ``?channel=`` (400 for an unknown name)."""
    names = [n for value in request.query_params.getlist("check") for n in value.split(",") if n]
    try:
        return CheckSettings.from_names(
            names,
            portal=request.query_params.get("portal") or None,
            channel=request.query_params.get("channel") or None,
            lang=lang.value,
        )
    except ValueError as e:
        raise HttpProblem(400, str(e)) from None


def _formats() -> str:
    return ", ".join([*MEDIA_TYPES, "kosit"])


async def _documents(request: Request, service: Service) -> list[tuple[str, bytes]]:
    body = await service.body(request)
    if _is_multipart(request):
        files = [(name, data) for _, data, name in await _parts(request, body, len(body))]
        if not files:
            raise HttpProblem(400, "the multipart body holds no file")
        return files
    if not body:
        raise HttpProblem(400, "No content supplied")
    return [(request.query_params.get("name") or service.names.name(""), body)]


async def api_convert(request: Request, service: Service) -> Response:
    """``POST /api/v1/convert?to=ubl|cii|facturx``: the converted document, verdicts in
    headers. ``facturx`` takes multipart: ``invoice`` and ``pdf`` (the visual PDF)."""
    try:
        target = Target(request.query_params.get("to", ""))
    except ValueError:
        raise HttpProblem(400, "say what to convert to: ?to=ubl, cii or facturx") from None
    body = await service.body(request)
    visual: bytes | None = None
    if _is_multipart(request):
        parts = {
            field: (data, name) for field, data, name in await _parts(request, body, len(body))
        }
        if "invoice" not in parts:
            raise HttpProblem(400, "the multipart body needs a file field named 'invoice'")
        data, name = parts["invoice"]
        visual = parts["pdf"][0] if "pdf" in parts else None
    else:
        data, name = body, request.query_params.get("name") or "invoice"
    if not data:
        raise HttpProblem(400, "No content supplied")
    if target is Target.FACTURX and visual is None:
        raise HttpProblem(400, "a facturx conversion needs the visual PDF as multipart field 'pdf'")
    job = Job(name=name, data=data, work=Work.CONVERT, target=target, visual_pdf=visual)
    (answer,) = await service.run([job])
    failed = _outcome_status([answer])
    result = answer.result
    conversion = result.conversion if isinstance(result, JobResult) else None
    if failed is not None or conversion is None:
        raise HttpProblem(failed or 422, result.error or f"{name}: cannot be converted")
    headers = {
        "X-Einvoice-Outcome": conversion.outcome.value,
        "X-Einvoice-Input-Verdict": conversion.input.verdict.value,
    }
    if conversion.output is not None:
        headers["X-Einvoice-Output-Verdict"] = conversion.output.verdict.value
    if conversion.document is None:
        raise HttpProblem(422, f"{name}: not converted ({conversion.outcome.value})", headers)
    media = "application/pdf" if target is Target.FACTURX else "application/xml"
    return Response(conversion.document, 200, media_type=media, headers=headers)


VIEW_MEDIA_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
"""What ``/api/v1/view`` renders, by ``?format=``."""


async def api_view(request: Request, service: Service) -> Response:
    """``POST /api/v1/view?format=html|pdf&lang=de|en``: the invoice rendered for people (the
    official KoSIT visualization; a rejected invoice with a banner saying why)."""
    render_format = request.query_params.get("format", "html")
    if render_format not in VIEW_MEDIA_TYPES:
        raise HttpProblem(400, "say how to render: ?format=html or ?format=pdf")
    lang = request.query_params.get("lang", "de")
    if lang not in LANGUAGES:
        raise HttpProblem(400, f"?lang= is one of {', '.join(LANGUAGES)}")
    body = await service.body(request)
    if not body:
        raise HttpProblem(400, "No content supplied")
    name = request.query_params.get("name") or "invoice"
    job = Job(name=name, data=body, work=Work.VIEW, render_format=render_format, lang=lang)
    (answer,) = await service.run([job])
    failed = _outcome_status([answer])
    result = answer.result
    rendering = result.rendering if isinstance(result, JobResult) else None
    if failed is not None or rendering is None:
        raise HttpProblem(failed or 422, result.error or f"{name}: cannot be rendered")
    headers = {"X-Einvoice-Verdict": result.verdict.value}
    return Response(rendering, 200, media_type=VIEW_MEDIA_TYPES[render_format], headers=headers)


def build_app(service: Service) -> Starlette:
    """The ASGI application of a service."""

    def route(path: str, methods: list[str], name: str, handler: Handler) -> Route:
        async def endpoint(request: Request) -> Response:
            started = time.monotonic()
            try:
                response = await handler(request, service)
            except HttpProblem as problem:
                response = problem.response()
            service.metrics.request(name, response.status_code, time.monotonic() - started)
            return response

        return Route(path, endpoint, methods=methods, name=name)

    routes = [
        route("/", ["GET"], "page", _page),
        route("/server/health", ["GET"], "health", _health),
        route("/server/config", ["GET"], "config", _config),
        route("/metrics", ["GET"], "metrics", _metrics),
        route("/api/v1/openapi.json", ["GET"], "openapi", _openapi),
        route("/api/v1/validate", ["POST"], "validate", api_validate),
        route("/api/v1/convert", ["POST"], "convert", api_convert),
        route("/api/v1/view", ["POST"], "view", api_view),
        route("/{path:path}", ["POST"], "kosit", kosit_check),
    ]
    app = Starlette(routes=routes)
    # The page is open: it holds no data, and a browser cannot send a bearer token to open it
    # (the page asks for the token and sends it with its requests).
    open_routes = ((None, "/server/health"), ("GET", "/"))
    app.add_middleware(BearerToken, token=service.settings.token, open_routes=open_routes)
    app.add_middleware(AccessLog)
    return app


async def _page(request: Request, service: Service) -> Response:
    return HTMLResponse(
        service.page, headers={"Content-Security-Policy": page.CONTENT_SECURITY_POLICY}
    )


async def _health(request: Request, service: Service) -> Response:
    up = service.pool.state().prepared > 0
    return Response(daemon.health_xml(up), 200 if up else 503, media_type="application/xml")


async def _config(request: Request, service: Service) -> Response:
    return Response(daemon.config_xml(service.catalog), media_type="application/xml")


async def _metrics(request: Request, service: Service) -> Response:
    return Response(service.metrics.render(service.pool.state()), media_type=CONTENT_TYPE)


async def _openapi(request: Request, service: Service) -> Response:
    return JSONResponse(openapi.document([*MEDIA_TYPES, "kosit"]))
