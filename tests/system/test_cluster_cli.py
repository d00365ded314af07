"""`einvoice validate --cluster` on a real Dask cluster: a scheduler and two workers started as
processes on loopback (`dask scheduler`, `dask worker`), and `--cluster local:2`.

Every report is compared with the local `--jobs 1` report of the same inputs, document for
document. The corpora used: the whole XRechnung test suite (XML) and the ZUGFeRD 2 PDFs of
the ZUGFeRD corpus (correct and fail); the fault test runs the XRechnung business cases twice
over, so a worker can be killed while chunks are still out.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from einvoice_cli.cli.main import cli
from einvoice_cli.validation.engine import RuleEngine
from tests.support.corpus import MIRROR, REPO, XRECHNUNG_TESTSUITE, ZUGFERD, files
from tests.support.dask_cluster import DaskProcesses, dask_processes, worker_environment

RUN_SECONDS = 240
EINVOICE = [sys.executable, "-c", "from einvoice_cli.cli.main import main; main()"]


def _json(text: str) -> Any:
    return json.loads(text)


def _corpus() -> list[Path]:
    return files(XRECHNUNG_TESTSUITE) + files(ZUGFERD / "ZUGFeRDv2", "*.pdf")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, rules_cache: Path) -> Iterator[DaskProcesses]:
    with dask_processes(tmp_path_factory.mktemp("dask"), rules_cache) as processes:
        yield processes


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("lists") / "corpus.txt"
    target.write_text("".join(f"{p}\n" for p in _corpus()), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def local_report(listing: Path, engine: RuleEngine, rules_cache: Path) -> Any:
    """The reference: the same inputs validated here, `--jobs 1`."""
    result = CliRunner().invoke(
        cli,
        [
            *("validate", "-f", "json", "--jobs", "1", "--files-from", str(listing)),
            *("--cache-dir", str(rules_cache), "--rules-mirror", str(MIRROR)),
        ],
        catch_exceptions=False,
        obj={"engine": engine},
    )
    assert result.exit_code == 2, result.stderr  # the corpus has PDFs in error
    return _json(result.stdout)


def _einvoice(args: list[str], rules_cache: Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [*EINVOICE, *args],
        env=worker_environment(rules_cache),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        check=False,
    )
    print(f"$ einvoice {' '.join(args)}\n--- exit {completed.returncode}")
    print(f"--- stderr\n{completed.stderr}")
    return completed


def test_a_scheduler_and_two_workers_report_as_the_local_run_does(
    cluster: DaskProcesses, listing: Path, local_report: Any, rules_cache: Path
) -> None:
    run = _einvoice(
        ["validate", "-f", "json", "--cluster", cluster.address, "--files-from", str(listing)],
        rules_cache,
    )
    assert run.returncode == 2
    report = _json(run.stdout)
    assert len(report["documents"]) == len(_corpus())
    assert report["documents"] == local_report["documents"]
    assert report["summary"] == local_report["summary"]
    summary = local_report["summary"]
    assert run.stderr.endswith(
        f"{summary['documents']} documents: {summary['accepted']} accepted, "
        f"{summary['rejected']} rejected, {summary['errors']} in error\n"
    )


def test_a_local_cluster_of_two_workers_reports_as_the_local_run_does(
    listing: Path, local_report: Any, rules_cache: Path
) -> None:
    run = _einvoice(
        ["validate", "-f", "json", "--cluster", "local:2", "--files-from", str(listing)],
        rules_cache,
    )
    assert run.returncode == 2
    assert _json(run.stdout)["documents"] == local_report["documents"]


def test_file_urls_are_listed_and_read_by_the_workers(
    cluster: DaskProcesses, local_report: Any, rules_cache: Path, tmp_path: Path
) -> None:
    folder = XRECHNUNG_TESTSUITE / "business-cases" / "standard"
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{folder.as_uri()}/\n", encoding="utf-8")
    run = _einvoice(
        ["validate", "-f", "jsonl", "--cluster", cluster.address, "--files-from", str(urls)],
        rules_cache,
    )
    assert run.returncode == 0
    documents = [_json(line) for line in run.stdout.splitlines()]
    expected = [d for d in local_report["documents"] if Path(d["path"]).parent == folder]
    assert len(documents) == len(expected) == len(files(folder))
    assert [d["path"] for d in documents] == [Path(d["path"]).as_uri() for d in expected]
    assert [{**d, "path": None} for d in documents] == [{**d, "path": None} for d in expected]


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    cluster: DaskProcesses, local_report: Any, rules_cache: Path, tmp_path: Path
) -> None:
    business = XRECHNUNG_TESTSUITE / "business-cases"
    inputs = [str(p) for p in files(business)] * 2
    listing = tmp_path / "thrice.txt"
    listing.write_text("".join(f"{p}\n" for p in inputs), encoding="utf-8")
    expected = {d["path"]: d for d in local_report["documents"]}
    command = ["validate", "-f", "jsonl", "--cluster", cluster.address, "--files-from"]
    errors = tmp_path / "stderr.txt"
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            [*EINVOICE, *command, str(listing)],
            env=worker_environment(rules_cache),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as process,
    ):
        assert process.stdout is not None
        try:
            lines = [process.stdout.readline()]
            victim = cluster.worker_pids()[0]
            assert process.poll() is None, "the run ended before a worker could be killed"
            os.kill(victim, signal.SIGKILL)
            lines += process.stdout.read().splitlines()
            process.wait(RUN_SECONDS)
        finally:
            if process.poll() is None:
                process.kill()
    print(errors.read_text())
    documents = [_json(line) for line in lines if line.strip()]
    assert process.returncode == 0
    assert [d["path"] for d in documents] == inputs
    assert documents == [expected[p] for p in inputs]
    # The nanny replaced the killed worker.
    deadline = time.monotonic() + RUN_SECONDS
    while victim in cluster.worker_pids() or len(cluster.worker_pids()) < 2:
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.2)


@pytest.mark.parametrize(("lang", "line"), [("en", "needs the dask extra"), ("de", "fehlt")])
def test_without_dask_the_cluster_option_says_what_to_install(
    lang: str, line: str, rules_cache: Path
) -> None:
    blocked = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('distributed', 'dask'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from einvoice_cli.cli.main import main; main()\n"
    )
    sample = str(files(XRECHNUNG_TESTSUITE / "business-cases" / "standard")[0])
    completed = subprocess.run(
        [sys.executable, "-c", blocked, "validate", "--lang", lang, "--cluster", "local", sample],
        env=worker_environment(rules_cache),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1
    assert line in completed.stderr
    assert "pip install 'einvoice-cli[dask]'" in completed.stderr


def test_ctrl_c_stops_a_cluster_run_with_a_complete_report_of_what_is_done(
    cluster: DaskProcesses, rules_cache: Path, tmp_path: Path
) -> None:
    business = XRECHNUNG_TESTSUITE / "business-cases"
    inputs = [str(p) for p in files(business)] * 4
    listing = tmp_path / "many.txt"
    listing.write_text("".join(f"{p}\n" for p in inputs), encoding="utf-8")
    command = ["validate", "-f", "jsonl", "--cluster", cluster.address, "--files-from"]
    errors = tmp_path / "stderr.txt"
    with (
        errors.open("w") as error_stream,
        subprocess.Popen(
            [*EINVOICE, *command, str(listing)],
            env=worker_environment(rules_cache),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=error_stream,
            text=True,
        ) as process,
    ):
        assert process.stdout is not None
        lines = [process.stdout.readline()]
        process.send_signal(signal.SIGINT)
        lines += process.stdout.read().splitlines()
        process.wait(RUN_SECONDS)
    stderr = errors.read_text()
    print(stderr)
    documents = [_json(line) for line in lines]
    assert process.returncode == 130
    assert stderr.endswith("interrupted\n")
    assert "Traceback" not in stderr
    assert 0 < len(documents) < len(inputs)
    assert [d["path"] for d in documents] == inputs[: len(documents)]


@pytest.mark.parametrize("output_format", ["sarif", "junit"])
def test_other_formats_and_report_files_are_the_local_ones(
    output_format: str, cluster: DaskProcesses, rules_cache: Path, tmp_path: Path
) -> None:
    folder = str(XRECHNUNG_TESTSUITE / "business-cases" / "standard")
    runs = {}
    for where in ("local", "cluster"):
        placement = ["--jobs", "1"] if where == "local" else ["--cluster", cluster.address]
        reports = tmp_path / where
        run = _einvoice(
            ["validate", "-f", output_format, *placement, "--output-dir", str(reports), folder],
            rules_cache,
        )
        assert run.returncode == 0
        files_written = {p.relative_to(reports): p.read_bytes() for p in reports.rglob("*")}
        runs[where] = (run.stdout, files_written)
    assert runs["cluster"] == runs["local"]
    assert len(runs["local"][1]) == len(files(XRECHNUNG_TESTSUITE / "business-cases" / "standard"))
