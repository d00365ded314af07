"""The service's metrics, rendered in the Prometheus text exposition format (version 0.0.4).

Counters and one latency histogram live in one :class:`Metrics` object the app owns; the
worker pool's state (queue depth, busy workers, restarts) is read from the pool when
``/metrics`` is asked. The format is simple enough that writing it here costs less than a
dependency: https://prometheus.io/docs/instrumenting/exposition_formats/
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter

from einvoice_cli.service.answers import PoolState

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
"""Upper bounds (seconds) of the request latency histogram."""

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    """Request counters, verdict counters and the latency histogram of one service."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[tuple[str, int]] = Counter()
        self._verdicts: Counter[str] = Counter()
        self._buckets: dict[str, list[int]] = {}
        self._sums: dict[str, float] = {}

    def request(self, route: str, status: int, seconds: float) -> None:
        """Count one answered request of a route (``kosit``, ``validate``, ...)."""
        with self._lock:
            self._requests[route, status] += 1
            buckets = self._buckets.setdefault(route, [0] * (len(BUCKETS) + 1))
            buckets[bisect_left(BUCKETS, seconds)] += 1
            self._sums[route] = self._sums.get(route, 0.0) + seconds

    def verdict(self, verdict: str) -> None:
        """Count one validated document by its verdict."""
        with self._lock:
            self._verdicts[verdict] += 1

    def render(self, pool: PoolState) -> str:
        """Everything in the text exposition format."""
        with self._lock:
            lines = [
                "# HELP einvoice_requests_total HTTP requests answered, by route and status.",
                "# TYPE einvoice_requests_total counter",
            ]
            for (route, status), count in sorted(self._requests.items()):
                lines.append(
                    f'einvoice_requests_total{{route="{route}",status="{status}"}} {count}'
                )
            lines += [
                "# HELP einvoice_documents_total Documents validated, by verdict.",
                "# TYPE einvoice_documents_total counter",
            ]
            for verdict, count in sorted(self._verdicts.items()):
                lines.append(f'einvoice_documents_total{{verdict="{verdict}"}} {count}')
            lines += [
                "# HELP einvoice_request_duration_seconds Time from request to answer, by route.",
                "# TYPE einvoice_request_duration_seconds histogram",
            ]
            for route, buckets in sorted(self._buckets.items()):
                cumulative = 0
                for bound, count in zip((*BUCKETS, float("inf")), buckets, strict=True):
                    cumulative += count
                    le = "+Inf" if bound == float("inf") else f"{bound:g}"
                    lines.append(
                        f'einvoice_request_duration_seconds_bucket{{route="{route}",le="{le}"}} '
                        f"{cumulative}"
                    )
                lines.append(
                    f'einvoice_request_duration_seconds_sum{{route="{route}"}} {self._sums[route]}'
                )
                lines.append(
                    f'einvoice_request_duration_seconds_count{{route="{route}"}} {cumulative}'
                )
        lines += [
            "# HELP einvoice_queue_depth Documents waiting for a free worker.",
            "# TYPE einvoice_queue_depth gauge",
            f"einvoice_queue_depth {pool.queued}",
            "# HELP einvoice_workers Worker processes, and how many of them are busy.",
            "# TYPE einvoice_workers gauge",
            f'einvoice_workers{{state="prepared"}} {pool.prepared}',
            f'einvoice_workers{{state="busy"}} {pool.busy}',
            "# HELP einvoice_worker_restarts_total Workers replaced, by reason.",
            "# TYPE einvoice_worker_restarts_total counter",
        ]
        for reason, count in sorted(pool.restarts.items()):
            lines.append(f'einvoice_worker_restarts_total{{reason="{reason}"}} {count}')
        return "\n".join(lines) + "\n"
