"""Bounded concurrency for scans: a thread pool, an admission limit and a time limit.

A scan is CPU work in Python, so it runs in a worker thread and the event loop stays free
to answer health checks and turn requests away. At most ``max_concurrency`` scans run and
at most ``max_queue`` wait; a request beyond that is refused at once (503) instead of piling
up. A request that does not finish within the time limit is answered 504; its thread cannot
be killed, so its slot stays taken until the scan returns, which keeps the bound honest.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from normcheck.service.metrics import Metrics

T = TypeVar("T")


class Busy(Exception):
    """Every scan slot and every queue place is taken."""


class ScanTimeout(Exception):
    """The scan did not finish within the time limit."""


class ScanPool:
    def __init__(self, max_concurrency: int, max_queue: int, metrics: Metrics) -> None:
        self._executor = ThreadPoolExecutor(max_workers=max_concurrency, thread_name_prefix="normcheck-scan")
        self._capacity = max_concurrency + max_queue
        self._admitted = 0
        self._lock = threading.Lock()
        self._metrics = metrics

    @property
    def admitted(self) -> int:
        return self._admitted

    def _release(self, future: Future[object]) -> None:
        with self._lock:
            self._admitted -= 1
            if future.cancelled():  # never started: it was still waiting
                self._metrics.scans_waiting -= 1

    async def run(self, fn: Callable[[], T], timeout: float) -> T:
        with self._lock:
            if self._admitted >= self._capacity:
                raise Busy()
            self._admitted += 1
            self._metrics.scans_waiting += 1

        def job() -> T:
            with self._lock:
                self._metrics.scans_waiting -= 1
                self._metrics.scans_running += 1
            try:
                return fn()
            finally:
                with self._lock:
                    self._metrics.scans_running -= 1

        try:
            future = self._executor.submit(job)
        except RuntimeError:  # shutting down
            with self._lock:
                self._admitted -= 1
                self._metrics.scans_waiting -= 1
            raise Busy() from None
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            raise ScanTimeout() from None

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
