"""Helpers for the service tests: a real uvicorn server on a free loopback port, in a thread."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from normcheck.hookspecs import hookimpl

ROOT = Path(__file__).resolve().parent.parent


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


def free_port() -> int:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    return int(port)


def wait_ready(base: str, *, timeout: float = 60.0, headers: dict[str, str] | None = None, proc: Any = None) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            r = httpx.get(f"{base}/readyz", timeout=2.0, headers=headers)
            if r.status_code == 200:
                return
            last = r.text
        except httpx.HTTPError as exc:
            last = repr(exc)
        time.sleep(0.05)
    raise RuntimeError(f"server at {base} not ready: {last}")


class LiveServer:
    """``create_app(config, settings)`` served by uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.app = app
        self._sock = free_socket()
        self.port = int(self._sock.getsockname()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=3)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True)

    def start(self, headers: dict[str, str] | None = None) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        wait_ready(self.base)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self._sock.close()

    @property
    def state(self) -> Any:
        return self.app.state.normcheck


def serve(settings: Any = None, config: Any = None) -> LiveServer:
    from normcheck.config import Config
    from normcheck.service import create_app
    from normcheck.service.settings import ServiceSettings

    return LiveServer(create_app(config or Config(), settings or ServiceSettings())).start()


class BlockingCheck:
    """A check that waits on an event when the text holds ``BLOCKSCAN``: lets tests hold a scan."""

    name = "test-blocking"
    profiles = ("default",)

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def run(self, analysis: Any, rules: Any, config: Any) -> list[Any]:
        if "BLOCKSCAN" in analysis.document.text:
            self.entered.set()
            self.release.wait(30)
        return []


class BlockingPlugin:
    def __init__(self) -> None:
        self.check = BlockingCheck()

    @hookimpl
    def register_checks(self, config: Any) -> list[Any]:
        return [self.check]


def cli_json(path: Path, *args: str) -> dict[str, Any]:
    """``normcheck scan PATH -f json`` run as a separate process from the file's folder."""
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "normcheck", "scan", path.name, "-f", "json", "--fail-on", "never", *args],
        cwd=path.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def raw_http(port: int, request: bytes, *, timeout: float = 10.0, pause: float | None = None, tail: bytes = b"") -> bytes:
    """Send ``request`` over a plain socket (then ``tail`` after ``pause`` s) and read the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(request)
            if pause is not None:
                time.sleep(pause)
                if tail:
                    sock.sendall(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass
        return b"".join(chunks)


def parse_raw(response: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body
