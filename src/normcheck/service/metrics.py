"""Request metrics in the Prometheus text exposition format (version 0.0.4), kept in memory.

Counts are per process: with ``--workers N`` each worker answers ``/metrics`` with its own
figures (Prometheus sums them when every worker is scraped through the same port over time;
for exact totals run one worker per container and scrape each).
"""

from __future__ import annotations

import threading
from collections import defaultdict

#: Upper bounds (seconds) of the latency histogram buckets.
BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(**labels: str) -> str:
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items()) + "}"


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


class Metrics:
    """Counters, one latency histogram per route and a few gauges; safe to use from threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, str], int] = defaultdict(int)
        self.errors: dict[tuple[str, str], int] = defaultdict(int)
        self.rejected: dict[str, int] = defaultdict(int)
        self._hist: dict[str, list[int]] = {}
        self._sum: dict[str, float] = defaultdict(float)
        self._count: dict[str, int] = defaultdict(int)
        self.in_flight = 0
        self.scans_running = 0
        self.scans_waiting = 0

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(route, method, str(status))] += 1
            buckets = self._hist.get(route)
            if buckets is None:
                buckets = self._hist[route] = [0] * len(BUCKETS)
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
            self._sum[route] += seconds
            self._count[route] += 1

    def error(self, route: str, code: str) -> None:
        with self._lock:
            self.errors[(route, code)] += 1

    def reject(self, reason: str) -> None:
        with self._lock:
            self.rejected[reason] += 1

    def add_in_flight(self, delta: int) -> None:
        with self._lock:
            self.in_flight += delta

    def render(self, ready: bool, rules: int) -> str:
        with self._lock:
            out: list[str] = []
            out.append("# HELP normcheck_http_requests_total HTTP requests answered, by route, method and status.")
            out.append("# TYPE normcheck_http_requests_total counter")
            for (route, method, status), n in sorted(self.requests.items()):
                out.append(f"normcheck_http_requests_total{_labels(route=route, method=method, status=status)} {n}")
            out.append("# HELP normcheck_http_request_duration_seconds Time from request start to response end.")
            out.append("# TYPE normcheck_http_request_duration_seconds histogram")
            for route in sorted(self._hist):
                buckets = self._hist[route]
                for bound, n in zip(BUCKETS, buckets, strict=True):
                    out.append(f"normcheck_http_request_duration_seconds_bucket{_labels(route=route, le=_number(bound))} {n}")
                out.append(f"normcheck_http_request_duration_seconds_bucket{_labels(route=route, le='+Inf')} {self._count[route]}")
                out.append(f"normcheck_http_request_duration_seconds_sum{_labels(route=route)} {self._sum[route]!r}")
                out.append(f"normcheck_http_request_duration_seconds_count{_labels(route=route)} {self._count[route]}")
            out.append("# HELP normcheck_http_errors_total Error responses, by route and error code.")
            out.append("# TYPE normcheck_http_errors_total counter")
            for (route, code), n in sorted(self.errors.items()):
                out.append(f"normcheck_http_errors_total{_labels(route=route, code=code)} {n}")
            out.append("# HELP normcheck_scans_rejected_total Scan requests turned away before they ran, by reason.")
            out.append("# TYPE normcheck_scans_rejected_total counter")
            for reason, n in sorted(self.rejected.items()):
                out.append(f"normcheck_scans_rejected_total{_labels(reason=reason)} {n}")
            out.append("# HELP normcheck_http_requests_in_flight Requests being handled now.")
            out.append("# TYPE normcheck_http_requests_in_flight gauge")
            out.append(f"normcheck_http_requests_in_flight {self.in_flight}")
            out.append("# HELP normcheck_scans_running Scans running in the worker threads now.")
            out.append("# TYPE normcheck_scans_running gauge")
            out.append(f"normcheck_scans_running {self.scans_running}")
            out.append("# HELP normcheck_scans_waiting Scans admitted and waiting for a worker thread.")
            out.append("# TYPE normcheck_scans_waiting gauge")
            out.append(f"normcheck_scans_waiting {self.scans_waiting}")
            out.append("# HELP normcheck_ready 1 when the lexicons are loaded and the service is warm.")
            out.append("# TYPE normcheck_ready gauge")
            out.append(f"normcheck_ready {1 if ready else 0}")
            out.append("# HELP normcheck_rules Lexicon rules loaded.")
            out.append("# TYPE normcheck_rules gauge")
            out.append(f"normcheck_rules {rules}")
            return "\n".join(out) + "\n"
