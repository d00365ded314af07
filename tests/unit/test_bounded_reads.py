"""Reads stop at the limits (issue 14): standard input is read no further than one byte past
--max-size, and a rule file in a mirror that is a link to /dev/zero is refused, not read until
memory runs out."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from pathlib import Path

from tests.conftest import CliRun
from tests.support.corpus import REPO


class _Endless(io.RawIOBase):
    """A stream of ``<a>`` then spaces, counting what was read from it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = min(len(buffer), self.size - self.taken)
        buffer[:count] = b" " * count
        self.taken += count
        return count


def test_standard_input_is_read_only_up_to_the_size_limit(run_cli: CliRun) -> None:
    stream = _Endless(256 * 1024 * 1024)
    result = run_cli(
        ["validate", "-f", "json", "--max-size", "1MiB", "--max-pdf-size", "2MiB", "-"],
        input=io.BufferedReader(stream),  # type: ignore[arg-type]
    )
    assert result.exit_code == 2
    assert "over the size limit" in result.stdout
    assert stream.taken < 4 * 1024 * 1024


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))


def test_a_mirror_file_linked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    url = "https://example.org/rules/rules.sch"
    mirror = tmp_path / "mirror"
    (mirror / "example.org" / "rules").mkdir(parents=True)
    (mirror / "example.org" / "rules" / "rules.sch").symlink_to("/dev/zero")
    script = (
        "from pathlib import Path\n"
        "from einvoice_cli.errors import FetchError\n"
        "from einvoice_cli.rulepacks.fetch import FetchSettings, fetch\n"
        f"settings = FetchSettings(cache_dir=Path({str(tmp_path / 'cache')!r}), "
        f"mirror={str(mirror)!r}, allow_network=False)\n"
        "try:\n"
        f"    fetch(settings, {url!r}, '0' * 64)\n"
        "except FetchError as e:\n"
        "    print('refused:', e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(os.environ),
        preexec_fn=_limit_memory,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("refused:")
    assert "not a regular file" in result.stdout
