"""``einvoice serve``: the HTTP service (KoSIT daemon drop-in, JSON API, web page).

The command gathers its options, builds the worker pool and the app (``service/``), and runs
them under uvicorn until SIGTERM or Ctrl-C, which stop it after the requests in flight are
answered (exit status 0). Starlette and uvicorn are imported only here, when the command runs:
no other command pays for them.
"""

from __future__ import annotations

import logging
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from einvoice_cli.cli.localized import LocalizedCommand
from einvoice_cli.cli.options import ByteSize, RulesOptions, cache_options, mirror_option
from einvoice_cli.rulepacks.catalog import Catalog, load_catalog

DEFAULT_MAX_BODY = 20 * 1024**2
PREPARE_TIMEOUT_SECONDS = 900.0
"""How long workers may take to compile their rules on start (a first start compiles the
Schematron of every prepared configuration; later starts read the disk cache)."""


@dataclass(frozen=True, slots=True)
class ServeCommand:
    """The options of one ``einvoice serve`` run."""

    host: str
    port: int
    workers: int
    max_body: int
    timeout: float
    body_timeout: float
    queue: int
    token: str | None
    prepare: tuple[str, ...]
    rules: RulesOptions


def _read_token(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as e:
        raise click.BadParameter(f"{path} cannot be read ({e})", param_hint="--token-file") from e
    if not token or any(c.isspace() for c in token):
        raise click.BadParameter(
            f"{path} must hold one token without spaces", param_hint="--token-file"
        )
    return token


def _configurations(catalog: Catalog, named: tuple[str, ...]) -> tuple[str, ...]:
    known = {c.id for c in catalog.configurations}
    unknown = [n for n in named if n not in known]
    if unknown:
        raise click.BadParameter(
            f"unknown configuration {', '.join(unknown)}; known: {', '.join(sorted(known))}",
            param_hint="--prepare",
        )
    if named:
        return named
    return tuple(c.id for c in catalog.configurations if not c.fallback_only)[:1]


def bind_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (not yet listening), with TCP_NODELAY."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP,
    # and without it the body of an answer, written after its headers, waits for the client's
    # delayed ACK on a kept-alive connection (40 ms on Linux). Accepted sockets inherit it.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port} ({e.strerror or e})") from e
    return sock


@click.command(cls=LocalizedCommand)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port to listen on (0: a free one; the address is printed on stderr).",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Worker processes, each with its own warm rule engine (~300 MiB each).",
)
@click.option(
    "--max-body",
    type=ByteSize(),
    default=DEFAULT_MAX_BODY,
    show_default="20MiB",
    help="Largest request body; larger ones get 413.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds a document may take in a worker; past that, 504 and a fresh worker.",
)
@click.option(
    "--body-timeout",
    type=click.FloatRange(0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds a client may take to send its request body; past that, 408.",
)
@click.option(
    "--queue",
    type=click.IntRange(1),
    default=64,
    show_default=True,
    help="Documents that may wait for a free worker; past that, 503 with Retry-After.",
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Demand 'Authorization: Bearer TOKEN' (the file's content) on every route but "
    "/server/health and the web page.",
)
@click.option(
    "--prepare",
    multiple=True,
    metavar="CONFIGURATION",
    help="Compile this configuration's rules in every worker on start (repeatable; default: "
    "the first, XRechnung). Others compile on first use.",
)
@mirror_option("--mirror")
@cache_options
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    workers: int,
    max_body: int,
    timeout: float,
    body_timeout: float,
    queue: int,
    token_file: Path | None,
    prepare: tuple[str, ...],
    mirror: str | None,
    cache_dir: Path,
    offline: bool,
) -> None:
    """Serve validation over HTTP: a drop-in for the KoSIT validator daemon, a JSON API
    under /api/v1/ and a web page at /.

    POST an invoice to any path: the answer is the KoSIT report XML with status 200
    (acceptable), 406 (not acceptable) or 422 (processing failed). See README.md, "HTTP
    service", for the routes and the differences from the KoSIT daemon.

    \b
    Examples:
      einvoice serve --port 8080 --workers 4
      curl --data-binary @rechnung.xml http://127.0.0.1:8080/rechnung.xml
      curl -F file=@a.xml -F file=@b.pdf http://127.0.0.1:8080/api/v1/validate
    """
    catalog = load_catalog()
    command = ServeCommand(
        host=host,
        port=port,
        workers=workers,
        max_body=max_body,
        timeout=timeout,
        body_timeout=body_timeout,
        queue=queue,
        token=_read_token(token_file),
        prepare=_configurations(catalog, prepare),
        rules=RulesOptions(cache_dir=cache_dir, mirror=mirror, offline=offline),
    )
    execute(command, catalog)


def execute(command: ServeCommand, catalog: Catalog) -> None:
    """Start the workers, listen, and serve until stopped."""
    from einvoice_cli.batch.settings import BatchSettings
    from einvoice_cli.hybrid.settings import PdfSettings
    from einvoice_cli.service.app import Service, ServiceSettings, build_app
    from einvoice_cli.service.jobs import run_job
    from einvoice_cli.service.pool import ServicePool
    from einvoice_cli.service.server import Server
    from einvoice_cli.validation.pipeline import ValidationOptions
    from einvoice_cli.xml.parser import ParseSettings

    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s: %(message)s"
    )
    limit = command.max_body
    validation = ValidationOptions(
        parse=ParseSettings(max_bytes=limit),
        pdf=PdfSettings(max_pdf_bytes=limit, max_attachment_bytes=limit),
    )
    settings = BatchSettings(
        fetch=command.rules.fetch_settings(),
        validation=validation,
        jobs=command.workers,
        timeout=command.timeout,
        validator=run_job,
    )
    sock = bind_socket(command.host, command.port)
    pool = ServicePool(settings, queue_size=command.queue, configurations=command.prepare)
    click.echo(
        f"einvoice serve: preparing {command.workers} workers ({', '.join(command.prepare)})",
        err=True,
    )
    try:
        pool.start(PREPARE_TIMEOUT_SECONDS)
        service = Service(
            pool,
            catalog,
            ServiceSettings(max_body=limit, body_timeout=command.body_timeout, token=command.token),
        )
        address = sock.getsockname()
        shown = f"[{address[0]}]" if sock.family == socket.AF_INET6 else address[0]
        url = f"http://{shown}:{address[1]}"
        server = Server(
            build_app(service),
            grace=command.timeout + 5,
            on_listening=lambda: click.echo(f"einvoice serve: listening on {url}", err=True),
        )
        server.run(sockets=[sock])
    finally:
        pool.close()
        sock.close()
