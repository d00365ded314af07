"""Shared fixtures. Tests are hermetic: rules come from the shared mirror into a temporary
cache, the network is refused unless a test opts in, and one Saxon processor and one rule
engine serve the whole session (compiling the official rules takes seconds)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from einvoice_cli.cli.main import cli
from einvoice_cli.rendering import Renderer
from einvoice_cli.rulepacks import fetch
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings
from einvoice_cli.rulepacks.store import RuleStore
from einvoice_cli.validation.engine import RuleEngine
from einvoice_cli.xml.saxon import SaxonProcessor
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE, require

CORPUS_TESTS = Path(__file__).resolve().parent / "corpus"
SYSTEM_TESTS = Path(__file__).resolve().parent / "system"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "network: the test may open network connections")
    config.addinivalue_line(
        "markers", "corpus: runs over the official corpora (tests/corpus); the fast loop skips it"
    )
    config.addinivalue_line(
        "markers",
        "system: starts real processes: worker pools, servers, clusters, headless Chromium "
        "(tests/system); the fast loop skips it",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/corpus is marked ``corpus``, every one under tests/system
    ``system``: ``pytest -m "not corpus and not system"`` is the fast loop a developer runs
    after each change; CI runs everything."""
    for item in items:
        if CORPUS_TESTS in item.path.parents:
            item.add_marker(pytest.mark.corpus)
        elif SYSTEM_TESTS in item.path.parents:
            item.add_marker(pytest.mark.system)


@pytest.fixture(scope="session")
def saxon() -> SaxonProcessor:
    """The session's Saxon processor."""
    return SaxonProcessor()


@pytest.fixture(scope="session")
def rules_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A rules cache for the session, filled from the shared mirror on first use."""
    return tmp_path_factory.mktemp("rules-cache")


@pytest.fixture(scope="session")
def fetch_settings(rules_cache: Path) -> FetchSettings:
    """Install from the shared mirror only; never download."""
    return FetchSettings(cache_dir=rules_cache, mirror=str(require(MIRROR)), allow_network=False)


@pytest.fixture(scope="session")
def engine(fetch_settings: FetchSettings, saxon: SaxonProcessor) -> RuleEngine:
    """The session's rule engine (stylesheets compile once and are reused)."""
    return RuleEngine(RuleStore(load_catalog(), fetch_settings), saxon)


@pytest.fixture(scope="session")
def renderer(engine: RuleEngine) -> Renderer:
    """The session's renderer (the official visualization compiles once, on first use)."""
    return Renderer(engine.store)


@pytest.fixture(autouse=True)
def hermetic(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, rules_cache: Path
) -> None:
    """Point the CLI at the session cache and the mirror; refuse downloads unless opted in."""
    monkeypatch.setenv("EINVOICE_CACHE_DIR", str(rules_cache))
    monkeypatch.setenv("EINVOICE_RULES_MIRROR", str(MIRROR))
    monkeypatch.delenv("EINVOICE_OFFLINE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    if request.node.get_closest_marker("network") is None:

        def refuse(address: str, timeout: float) -> bytes:
            raise AssertionError(f"test tried to download {address}; mark it @pytest.mark.network")

        monkeypatch.setattr(fetch, "_read_url", refuse)


class CliRun:
    """Runs the real CLI in-process with the session's engine, and shows output on failure."""

    def __init__(self, engine: RuleEngine, renderer: Renderer | None = None) -> None:
        self.engine = engine
        self.renderer = renderer or Renderer(engine.store)

    def __call__(
        self,
        args: Sequence[str],
        *,
        input: bytes | str | None = None,
        share_engine: bool = True,
    ) -> Result:
        runner = CliRunner()
        result = runner.invoke(
            cli,
            list(args),
            input=input,
            catch_exceptions=False,
            prog_name="einvoice",
            obj={"engine": self.engine, "renderer": self.renderer} if share_engine else None,
        )
        print(f"$ einvoice {' '.join(args)}\n--- exit {result.exit_code}")
        print(f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
        return result


@pytest.fixture
def run_cli(engine: RuleEngine, renderer: Renderer) -> Iterator[CliRun]:
    """Invoke ``einvoice`` in-process; stdout and stderr are printed if the test fails."""
    yield CliRun(engine, renderer)


@pytest.fixture
def without_buyer_reference(tmp_path: Path) -> Path:
    """A corpus invoice with BT-10 removed: schema-valid, but BR-DE-15 fails."""
    source = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
    text = require(source).read_text(encoding="utf-8")
    start = text.index("<cbc:BuyerReference>")
    end = text.index("</cbc:BuyerReference>") + len("</cbc:BuyerReference>")
    target = tmp_path / "no-buyer-reference.xml"
    target.write_text(text[:start] + text[end:], encoding="utf-8")
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output (review the diff like code)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are rewritten instead of compared."""
    return bool(request.config.getoption("--update-golden"))
