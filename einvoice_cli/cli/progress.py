"""The progress bar of ``einvoice validate``: drawn on stderr while a batch runs.

It listens to the batch as a :class:`~einvoice_cli.batch.BatchObserver` (documents done, in
the order they finish) and shows documents done of the total (once known), the rate,
accepted / rejected / in error so far, and the time left. It disappears when the batch ends;
the summary follows. The CLI shows it only when stderr is a terminal and not with --quiet.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from einvoice_cli.core.results import DocumentResult
from einvoice_cli.core.verdict import Verdict
from einvoice_cli.report.terminal_words import terminal_words


class _RateColumn(ProgressColumn):
    """Documents per second, over the last half minute."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(
            f"{speed:5.1f} docs/s" if speed else "  ... docs/s", style="progress.data.speed"
        )


NARROW = 100
"""Terminals narrower than this get the short progress line."""


class ProgressDisplay:
    """A progress bar for one batch (a context manager and a batch observer).

    ``redirect_stdout`` makes writes to ``sys.stdout`` appear above the bar, for when the
    report goes to the same terminal; create the formatter after entering, so it writes to
    the redirected stream.
    """

    def __init__(self, console: Console, *, redirect_stdout: bool, lang: str = "en") -> None:
        words = terminal_words(lang)
        # The bar must fit one line: a wrapped bar leaves its second line behind when a report
        # line is printed above it. Under 100 columns (an 80-column terminal) it is shorter
        # and the counts are abbreviated.
        narrow = console.width < NARROW
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn(words.validating),
            BarColumn(bar_width=10 if narrow else 40),
            MofNCompleteColumn(),
            _RateColumn(),
            TextColumn(words.progress_counts_short if narrow else words.progress_counts),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            redirect_stdout=redirect_stdout,
            redirect_stderr=False,
        )
        self._counts = dict.fromkeys(Verdict, 0)
        self._task = self._progress.add_task(
            words.validating, total=None, accepted=0, rejected=0, errors=0
        )

    def __enter__(self) -> ProgressDisplay:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def set_total(self, total: int) -> None:
        """The number of documents, once counted (the bar pulses until then)."""
        self._progress.update(self._task, total=total)

    def document_done(self, result: DocumentResult) -> None:
        """Count one finished document."""
        self._counts[result.verdict] += 1
        self._progress.update(
            self._task,
            advance=1,
            accepted=self._counts[Verdict.ACCEPT],
            rejected=self._counts[Verdict.REJECT],
            errors=self._counts[Verdict.ERROR],
        )
