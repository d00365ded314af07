"""Batch throughput, cold start and memory of `einvoice validate`, side by side with Java Saxon-HE.

Not a test, and not run by CI: run it by hand. It installs what it needs (Debian's
libsaxonhe-java through apt-get when /usr/share/java/Saxon-HE.jar is missing; a JDK must be
there) and compiles benchmarks/java/SaxonBatch.java with javac into a temporary folder.

    python benchmarks/batch_bench.py [--runs 5] [--documents 1000] [--memory 10000,100000]

Every figure is the median of --runs rounds; in each round the commands run one after the
other, in an order that rotates from round to round, so both sides see the same load (the
machines are shared and noisy: compare figures of one run, never across runs); the two cold
commands run --cold-runs times a round, alternating. Before the
first round the rules are installed and compiled to XSLT (the disk cache), and each command
runs once untimed. Python runs with its bytecode cached (PYTHONPYCACHEPREFIX in the temporary
folder), as from an installed package.

(a) cold: one XRechnung UBL invoice, the whole process: `einvoice validate FILE` against
    Java Saxon-HE validating the same file in a new JVM (start, compile the XSD and the
    scenario's stylesheets, validate);
(b) throughput: the XRechnung test suite repeated to --documents documents,
    `einvoice validate --format jsonl --jobs 1|2 --files-from LIST` (output to a file);
(c) Java Saxon-HE in one JVM over the same list: SaxonBatch (the same XSLT, the same XSDs
    through JAXP, one thread), the engine of the official KoSIT validator;
(d) peak resident memory (VmHWM, sampled every 50 ms) of each process: our main process,
    each worker, the JVM;
(e) --memory: `--format jsonl` over that many documents, peak memory of each process, to show
    whether memory stays flat as a batch grows.

Both sides check every document against its XML Schema and run the two Schematron steps of
its scenario; the SVRL findings they count must agree (a check that they did the same work).
The line "two processes" says how this machine runs two CPU-bound processes at once: on
virtual machines two vCPUs often give well under twice the work of one, which bounds what
--jobs 2 can gain.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from einvoice_cli.core.results import Container  # noqa: E402
from einvoice_cli.rulepacks.catalog import load_catalog  # noqa: E402
from einvoice_cli.rulepacks.fetch import FetchSettings  # noqa: E402
from einvoice_cli.rulepacks.scenarios import select_scenario  # noqa: E402
from einvoice_cli.rulepacks.store import RuleStore  # noqa: E402
from einvoice_cli.validation.engine import RuleEngine  # noqa: E402
from einvoice_cli.xml.parser import ParseSettings, parse_xml  # noqa: E402
from tests.support.corpus import MIRROR, XRECHNUNG_TESTSUITE  # noqa: E402

ONE = XRECHNUNG_TESTSUITE / "business-cases" / "standard" / "01.01a-INVOICE_ubl.xml"
SAXON_JAR = Path("/usr/share/java/Saxon-HE.jar")
HARNESS = Path(__file__).resolve().parent / "java" / "SaxonBatch.java"
SAMPLE_SECONDS = 0.05
MIB = 1024 * 1024
ROLES = ("helper", "worker", "main")
"""Process roles, weakest first: a process seen once as a worker stays one."""

# Setup


@dataclass(frozen=True, slots=True)
class Workspace:
    """What both sides read: the rules cache, the Java scenario table, the compiled harness."""

    folder: Path
    environment: dict[str, str]
    scenarios: Path
    """The Java side's table: root namespace, local name, XSD, XSLT files in order."""
    classes: Path


def ensure_java() -> None:
    """Install Java Saxon-HE with apt-get when it is missing; a JDK must be present."""
    if shutil.which("java") is None or shutil.which("javac") is None:
        raise SystemExit("java and javac are needed (a JDK, e.g. apt-get install default-jdk)")
    if SAXON_JAR.is_file():
        return
    print("installing libsaxonhe-java with apt-get ...", file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "libsaxonhe-java"], check=True)
    if not SAXON_JAR.is_file():
        raise SystemExit(f"libsaxonhe-java did not install {SAXON_JAR}")


def suite() -> list[Path]:
    """The XRechnung test suite's documents (all accepted under XRechnung 3.0)."""
    return sorted(XRECHNUNG_TESTSUITE.rglob("*.xml"))


def prepare(folder: Path) -> Workspace:
    """Install and compile the rules once; write the Java side's scenario table; javac."""
    cache = folder / "cache"
    environment = {
        key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
    }
    environment |= {
        "EINVOICE_CACHE_DIR": str(cache),
        "EINVOICE_RULES_MIRROR": str(MIRROR),
        "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
    }
    settings = FetchSettings(cache_dir=cache, mirror=str(MIRROR), allow_network=False)
    engine = RuleEngine(RuleStore(load_catalog(), settings))
    order = engine.store.catalog.selection_order(Container.XML)
    rows: dict[str, str] = {}
    for path in suite():
        tree = parse_xml(path.read_bytes(), str(path), ParseSettings())
        scenario = select_scenario(tree, order, None).scenario
        if scenario is None:
            raise SystemExit(f"{path}: no scenario")
        engine.store.ensure_scenario(scenario)
        namespace, _, local = str(tree.getroot().tag)[1:].partition("}")
        xslt = []
        for step in scenario.schematron:
            target = (
                folder / "xslt" / (str(step.rules).replace(":", "_").replace("@", "_") + ".xsl")
            )
            target.parent.mkdir(exist_ok=True)
            target.write_text(engine.xslt_text(step.rules), encoding="utf-8")  # fills the cache
            xslt.append(str(target))
        row = "\t".join([namespace, local, str(engine.store.artifact_path(scenario.xsd)), *xslt])
        if rows.setdefault(f"{namespace} {local}", row) != row:
            raise SystemExit(f"{path}: documents with one root need one scenario for Java")
    scenarios = folder / "scenarios.tsv"
    scenarios.write_text("\n".join(rows.values()) + "\n", encoding="utf-8")
    ensure_java()
    classes = folder / "classes"
    javac = ["javac", "-nowarn", "-cp", str(SAXON_JAR), "-d", str(classes), str(HARNESS)]
    subprocess.run(javac, check=True)
    return Workspace(folder, environment, scenarios, classes)


def document_list(workspace: Workspace, count: int) -> Path:
    """A file listing ``count`` paths: the test suite, repeated."""
    target = workspace.folder / f"documents-{count}.txt"
    if not target.exists():
        paths = itertools.islice(itertools.cycle(suite()), count)
        target.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    return target


def einvoice() -> list[str]:
    """The command that runs the CLI as a separate process."""
    script = shutil.which("einvoice", path=str(Path(sys.executable).parent))
    if script is None:
        raise SystemExit("the einvoice script is not installed beside this Python")
    return [script]


def java(workspace: Workspace, documents: Path) -> list[str]:
    """The command that runs the Java harness over a document list."""
    classpath = f"{SAXON_JAR}{os.pathsep}{workspace.classes}"
    return ["java", "-cp", classpath, "SaxonBatch", str(workspace.scenarios), str(documents)]


# Measuring one process tree


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def _status(pid: int) -> tuple[str, int] | None:
    """A process's role as its command line shows it and its peak resident bytes (VmHWM)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    lines = status.splitlines()
    peak = next((line.split()[1] for line in lines if line.startswith("VmHWM:")), "0")
    role = "worker" if b"spawn_main" in command else "helper"
    return role, int(peak) * 1024


@dataclass(slots=True)
class Measurement:
    """The wall time of one command and the peak memory of each process it started."""

    seconds: float
    peaks: dict[int, tuple[str, int]] = field(default_factory=dict)
    """Process id -> (role, peak resident bytes); the command's own process is ``main``."""
    stdout: str = ""

    def peak(self, role: str) -> int:
        """The largest peak of any process in that role (0 when there was none)."""
        return max((b for r, b in self.peaks.values() if r == role), default=0)


def _sample(root: int, peaks: dict[int, tuple[str, int]]) -> None:
    pending = [root]
    while pending:
        pid = pending.pop()
        found = _status(pid)
        if found is not None:
            # An exiting process shows an empty command line: a role, once seen, sticks.
            seen_role, seen_peak = peaks.get(pid, ("helper", 0))
            role = "main" if pid == root else found[0]
            strongest = max(role, seen_role, key=ROLES.index)
            peaks[pid] = (strongest, max(found[1], seen_peak))
        pending += _children(pid)


def measure(
    command: Sequence[str], environment: dict[str, str], output: Path | None
) -> Measurement:
    """Run a command, sampling the peak memory of it and its descendants until it ends."""
    peaks: dict[int, tuple[str, int]] = {}
    with output.open("wb") if output else tempfile.TemporaryFile() as stream:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env=environment, stdout=stream, stderr=subprocess.PIPE, close_fds=True
        )
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(SAMPLE_SECONDS):
                _sample(process.pid, peaks)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, stderr = process.communicate()
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        if process.returncode != 0:
            message = stderr.decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(command[:3])} ... failed:\n{message}")
        stream.seek(0)
        text = "" if output else stream.read().decode()
    return Measurement(seconds, peaks, text)


def check_jsonl(output: Path, count: int) -> int:
    """Every document accepted; returns the number of Schematron findings (Java counts them too)."""
    documents = findings = 0
    with output.open(encoding="utf-8") as stream:
        for line in stream:
            document = json.loads(line)
            documents += 1
            if document["verdict"] != "accept":
                raise SystemExit(f"{document['path']}: {document['verdict']}, expected accept")
            findings += sum(f["source"] not in ("xsd", "scenario") for f in document["findings"])
    if documents != count:
        raise SystemExit(f"{output}: {documents} documents reported, {count} expected")
    return findings


def java_figures(measurement: Measurement) -> dict[str, str]:
    """The key=value lines the harness prints."""
    pairs = (line.partition("=") for line in measurement.stdout.splitlines() if "=" in line)
    return {key: value for key, _, value in pairs}


def _burn(iterations: int) -> float:
    start = time.perf_counter()
    total = 0
    for number in range(iterations):
        total += number * number
    return time.perf_counter() - start


def parallel_scaling() -> float:
    """How many times the work of one process two CPU-bound processes do together."""
    iterations = 10_000_000
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        alone = pool.apply(_burn, (iterations,))
        together = max(pool.map(_burn, [iterations, iterations]))
    return 2 * alone / together


# The rounds


@dataclass(slots=True)
class Runs:
    """Every measurement of each command, over the rounds."""

    by_name: dict[str, list[Measurement]] = field(default_factory=dict)

    def add(self, name: str, measurement: Measurement) -> None:
        """Keep one measurement."""
        self.by_name.setdefault(name, []).append(measurement)

    def seconds(self, name: str) -> float:
        """The median wall time of a command."""
        return statistics.median(m.seconds for m in self.by_name[name])

    def spread(self, name: str) -> str:
        """Min and max wall time."""
        times = [m.seconds for m in self.by_name[name]]
        return f"{min(times):.2f}-{max(times):.2f}"

    def peak(self, name: str, role: str) -> float:
        """The median over rounds of the largest peak of a role, in MiB."""
        return statistics.median(m.peak(role) for m in self.by_name[name]) / MIB


def rounds(
    workspace: Workspace, runs: int, count: int, cold_runs: int
) -> tuple[Runs, dict[str, str]]:
    """Run every command ``runs`` times (after one untimed run), rotating their order; the cold
    pair, the shortest and noisiest figure, ``cold_runs`` times a round, alternating."""
    one = workspace.folder / "one.txt"
    one.write_text(f"{ONE}\n", encoding="utf-8")
    batch = document_list(workspace, count)
    output = workspace.folder / "out.jsonl"
    jsonl = [*einvoice(), "validate", "-f", "jsonl", "--files-from", str(batch)]
    commands: dict[str, tuple[list[str], Path | None]] = {
        "ours cold": ([*einvoice(), "validate", str(ONE)], None),
        "java cold": (java(workspace, one), None),
        "ours jobs 1": ([*jsonl, "-j", "1"], output),
        "ours jobs 2": ([*jsonl, "-j", "2"], output),
        "java batch": (java(workspace, batch), None),
    }
    figures: dict[str, str] = {}
    for command, target in commands.values():  # untimed: page cache, bytecode cache
        measure(command, workspace.environment, target)
    steps = [["ours cold", "java cold"], ["ours jobs 1"], ["ours jobs 2"], ["java batch"]]
    results = Runs()
    for round_number in range(runs):
        shift = round_number % len(steps)
        for step in steps[shift:] + steps[:shift]:
            for repeat in range(cold_runs if len(step) > 1 else 1):
                for name in step if repeat % 2 == 0 else step[::-1]:
                    command, target = commands[name]
                    measurement = measure(command, workspace.environment, target)
                    results.add(name, measurement)
                    if target is not None:
                        figures["ours_findings"] = str(check_jsonl(target, count))
                    if name == "java batch":
                        figures |= java_figures(measurement)
        print(f"round {round_number + 1}/{runs} done", file=sys.stderr)
    return results, figures


def memory_runs(workspace: Workspace, sizes: Sequence[int], jobs: int) -> dict[int, Measurement]:
    """One jsonl run per size; the output goes to a file that is checked afterwards."""
    found = {}
    for size in sizes:
        batch = document_list(workspace, size)
        output = workspace.folder / f"memory-{size}.jsonl"
        command = [*einvoice(), "validate", "-f", "jsonl", "-j", str(jobs)]
        found[size] = measure([*command, "--files-from", str(batch)], workspace.environment, output)
        check_jsonl(output, size)
        output.unlink()
        print(f"memory run over {size:,} documents done", file=sys.stderr)
    return found


# The table


def met(passed: bool) -> str:
    """How a target line ends."""
    return "met" if passed else "MISSED"


def _row(results: Runs, name: str, label: str, per: int) -> str:
    seconds = results.seconds(name)
    if name.startswith("java"):
        memory = f"JVM {results.peak(name, 'main'):.0f}"
    elif name == "ours jobs 2":
        memory = f"main {results.peak(name, 'main'):.0f}, worker {results.peak(name, 'worker'):.0f}"
    else:
        memory = f"{results.peak(name, 'main'):.0f}"
    return (
        f"{label:36} {seconds:8.2f} {results.spread(name):>11} {1000 * seconds / per:8.2f}"
        f" {memory:>20}"
    )


def report(results: Runs, figures: dict[str, str], count: int, runs: int, scaling: float) -> None:
    """Print the side-by-side table, the ratios and the targets."""
    load = os.getloadavg()
    print(
        f"einvoice-cli against Java Saxon-HE {figures.get('saxon', '?')} (Java "
        f"{figures.get('java', '?')}); {os.cpu_count()} CPUs, two processes do "
        f"{scaling:.2f}x the work of one; load average at the end {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f}; medians of {runs} rounds (cold: {len(results.by_name['ours cold'])} runs)"
    )
    print(
        f"cold: {ONE.relative_to(XRECHNUNG_TESTSUITE)}; batch: the XRechnung test suite "
        f"({len(suite())} documents) repeated to {count}"
    )
    print()
    header = f"{'':36} {'wall s':>8} {'min-max s':>11} {'ms/doc':>8} {'peak RSS MiB':>20}"
    print(header)
    print("-" * len(header))
    for name, label, per in (
        ("ours cold", "(a) einvoice, cold, one invoice", 1),
        ("java cold", "(a) Java Saxon-HE, cold, one invoice", 1),
        ("ours jobs 1", "(b) einvoice --jobs 1", count),
        ("ours jobs 2", "(b) einvoice --jobs 2", count),
        ("java batch", "(c) Java Saxon-HE, one JVM", count),
    ):
        print(_row(results, name, label, per))
    print()
    print(
        f"Java in one JVM: JVM start {figures.get('jvm_start_ms')} ms, compiling XSDs and XSLT "
        f"{figures.get('compile_ms')} ms, warm {figures.get('per_document_ms')} ms per document "
        "(median of the second half)"
    )
    print(
        f"SVRL findings over the batch: Java {figures.get('findings')}, einvoice "
        f"{figures.get('ours_findings')}"
        + ("" if figures.get("findings") == figures.get("ours_findings") else "  DIFFERENT")
    )
    cold = results.seconds("ours cold")
    cold_ratio = cold / results.seconds("java cold")
    rate = {n: count / results.seconds(n) for n in ("ours jobs 1", "ours jobs 2", "java batch")}
    worker = max(results.peak("ours jobs 2", "worker"), results.peak("ours jobs 1", "main"))
    print()
    print("ratios, einvoice against Java Saxon-HE:")
    print(f"  cold: {cold_ratio:.2f} of Java's time")
    for jobs in (1, 2):
        ours = rate[f"ours jobs {jobs}"]
        print(
            f"  throughput --jobs {jobs}: {ours / rate['java batch']:.2f}x Java's "
            f"({ours:.0f} against {rate['java batch']:.0f} documents/s)"
        )
    twice = rate["ours jobs 2"] / rate["java batch"]
    print()
    print("targets:")
    print(f"  throughput --jobs 2 at least 2x Java's:  {twice:5.2f}x     {met(twice >= 2)}")
    third = cold_ratio <= 1 / 3
    print(f"  cold at most 1/3 of Java's:              {cold_ratio:5.2f}      {met(third)}")
    print(f"  cold at most 1.0 s:                      {cold:5.2f} s    {met(cold <= 1.0)}")
    print(f"  peak RSS per worker at most 300 MiB:     {worker:5.0f} MiB  {met(worker <= 300)}")


def report_memory(found: dict[int, Measurement], jobs: int) -> None:
    """Print the peaks of the long jsonl runs."""
    print()
    print(f"--format jsonl over many documents, --jobs {jobs}: peak RSS (VmHWM) per process")
    for size, measurement in found.items():
        workers = sorted(b / MIB for r, b in measurement.peaks.values() if r == "worker")
        shown = ", ".join(f"{w:.0f}" for w in workers) or "none"
        print(
            f"  {size:>7,} documents: {measurement.seconds:7.1f} s, main "
            f"{measurement.peak('main') / MIB:.0f} MiB, workers {shown} MiB"
        )
    if len(found) > 1:
        small, large = found[min(found)], found[max(found)]
        growth = {role: (large.peak(role) - small.peak(role)) / MIB for role in ("main", "worker")}
        print(
            f"  from {min(found):,} to {max(found):,} documents: main {growth['main']:+.0f} MiB, "
            f"worker {growth['worker']:+.0f} MiB"
        )


@contextmanager
def workspace_folder(keep: bool) -> Iterator[Path]:
    """A temporary folder, removed afterwards unless asked to keep it."""
    folder = Path(tempfile.mkdtemp(prefix="einvoice-batch-bench-"))
    try:
        yield folder
    finally:
        if keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """Parse the options, prepare, measure, print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds (medians are reported)")
    parser.add_argument("--documents", type=int, default=1000, help="documents per batch")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold pairs per round")
    parser.add_argument(
        "--memory",
        default="10000,100000",
        help="document counts of the long jsonl runs, comma-separated; empty: none",
    )
    parser.add_argument("--memory-jobs", type=int, default=2, help="--jobs of the long runs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    arguments = parser.parse_args()
    sizes = [int(s) for s in arguments.memory.split(",") if s.strip()]
    with workspace_folder(arguments.keep) as folder:
        workspace = prepare(folder)
        scaling = parallel_scaling()
        results, figures = rounds(
            workspace, arguments.runs, arguments.documents, arguments.cold_runs
        )
        found = memory_runs(workspace, sizes, arguments.memory_jobs) if sizes else {}
    report(results, figures, arguments.documents, arguments.runs, scaling)
    if found:
        report_memory(found, arguments.memory_jobs)


if __name__ == "__main__":
    main()
