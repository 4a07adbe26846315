"""Reliability benchmark of ``normcheck serve`` on 127.0.0.1 (loopback only, bounded).

    .venv/bin/python benchmarks/bench_service.py [--requests 2000] [--concurrency 32] [--max-seconds 600]

1. Starts ``normcheck serve`` as its own process on a free loopback port and waits for /readyz.
2. Warm-up: 200 scans; the server's resident memory (VmRSS from /proc) is read after it.
3. Load: N scan requests at concurrency C of one-page ads (read at run time from
   ../shared/corpus when it is there, else the few ads written below), half JSON text and half
   multipart .txt uploads. Reports status counts (the check: zero 5xx), p50/p90/p99 latency,
   requests/s and memory after the run against memory after the warm-up.
4. Abuse: malformed JSON, invalid UTF-8, a wrong content type, an oversized upload, a slow client,
   an unknown format — each must get its 4xx, and a normal scan must still succeed afterwards.

Nothing is sent beyond 127.0.0.1. The run stops early at --max-seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

OWN_ADS = [
    "Vi söker en driven och självsäker säljare till vårt kontor i Umeå.\n\nSom säljare ansvarar han för "
    "nya kunder i norra Sverige. Du är tävlingsinriktad, har skinn på näsan och vill vinna.\n\nVi erbjuder "
    "kollektivavtal, friskvårdsbidrag och flexibla arbetstider. Varmt välkommen med din ansökan!",
    "Till vår IT-avdelning söker vi en lösningsorienterad systemutvecklare.\n\nDu trivs i team, är "
    "nyfiken och tycker om att hjälpa kollegor. Vår ordförande och talesman i branschfrågor berättar "
    "gärna mer.\n\nKrav: några års erfarenhet av Python. Meriterande: erfarenhet av molntjänster.",
    "We are hiring a competitive, dominant sales lead to join our team in Leeds.\n\nHe will report to "
    "the chairman and must be a strong, ambitious leader. You are supportive and collaborative.\n\n"
    "We offer flexible hours and parental leave. Apply by 1 May.",
    "Our design studio is looking for a caring and thoughtful project coordinator.\n\nYou will support "
    "a small team of illustrators, keep our clients informed and share responsibility for planning.\n\n"
    "Must-have: two years of coordination work. Nice to have: experience with print production.",
]


def load_ads(limit: int = 400) -> tuple[list[str], str]:
    ads: list[str] = []
    for lang in ("sv", "en"):
        path = CORPUS / f"{lang}.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    text = json.loads(line).get("text", "")
                except json.JSONDecodeError:
                    continue
                if 800 <= len(text) <= 4000:  # about one page
                    ads.append(text)
    if not ads:
        return OWN_ADS, "the four ads in this script"
    random.Random(8).shuffle(ads)
    return ads[:limit], f"{min(limit, len(ads))} one-page ads from ../shared/corpus (800-4,000 characters)"


def engine_reference(ads: list[str], n: int = 100) -> float:
    """Milliseconds per ad for the library alone (scan + JSON rendering, one thread, in process)."""
    from normcheck import api
    from normcheck.reporters import get_reporters

    cfg = api.make_config(None)
    reporter = get_reporters()["json"]
    for i in range(n):  # warm, as the server is after its warm-up
        api.scan_text(ads[i % len(ads)], config=cfg)
    t0 = time.perf_counter()
    for i in range(n):
        reporter.render(api.scan_text(ads[i % len(ads)], config=cfg), cfg, {})
    return (time.perf_counter() - t0) / n * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, round(q / 100 * (len(values) - 1))))
    return values[k]


async def load(base: str, ads: list[str], n: int, concurrency: int, deadline: float) -> tuple[list[float], dict[int, int], float]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(n))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def worker() -> None:
            for i in counter:
                if time.monotonic() > deadline:
                    return
                ad = ads[i % len(ads)]
                t0 = time.perf_counter()
                try:
                    if i % 2:
                        r = await client.post("/v1/scan", json={"text": ad})
                    else:
                        r = await client.post("/v1/scan", files={"file": (f"ad{i}.txt", ad.encode("utf-8"), "text/plain")})
                    status = r.status_code
                except httpx.HTTPError:
                    status = 0  # connection failure: counted as a failure
                latencies.append(time.perf_counter() - t0)
                statuses[status] = statuses.get(status, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return latencies, statuses, elapsed


def raw(port: int, data: bytes, pause: float = 0.0, timeout: float = 60.0) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        if pause:
            time.sleep(pause)
        buf = b""
        try:
            while b"\r\n" not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    try:
        return int(buf.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def abuse(base: str, port: int, read_timeout: float) -> list[tuple[str, int, int, bool]]:
    """(case, expected status, got status, normal scan still fine afterwards)."""
    out = []

    def ok_after() -> bool:
        return httpx.post(base + "/v1/scan", json={"text": OWN_ADS[0]}, timeout=30).status_code == 200

    cases = [
        ("malformed JSON", 400, lambda: httpx.post(base + "/v1/scan", content=b'{"text": "Vi s', headers={"Content-Type": "application/json"}).status_code),
        ("invalid UTF-8", 400, lambda: httpx.post(base + "/v1/scan", content=b'{"text": "V\xe4lkommen"}', headers={"Content-Type": "application/json"}).status_code),
        ("JSON nested 100,000 deep", 400, lambda: httpx.post(base + "/v1/scan", content=b"[" * 100_000, headers={"Content-Type": "application/json"}).status_code),
        ("wrong content type", 415, lambda: httpx.post(base + "/v1/scan", content=b"text", headers={"Content-Type": "text/plain"}).status_code),
        ("image upload", 415, lambda: httpx.post(base + "/v1/scan", files={"file": ("x.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)}).status_code),
        ("oversized upload (11 MB)", 413, lambda: httpx.post(base + "/v1/scan", files={"file": ("big.txt", b"ord " * (11 * 262_144))}, timeout=60).status_code),
        ("missing fields", 422, lambda: httpx.post(base + "/v1/scan", json={"language": "sv"}).status_code),
        ("unknown format", 422, lambda: httpx.post(base + "/v1/scan?format=pptx", json={"text": "hej"}).status_code),
        (
            f"slow client (stops after 10 of 200 bytes; read timeout {read_timeout:g} s)",
            408,
            lambda: raw(port, b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"text\": \"", timeout=read_timeout + 30),
        ),
    ]
    for name, expected, call in cases:
        try:
            got = call()
        except httpx.HTTPError:
            got = 0
        out.append((name, expected, got, ok_after()))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--read-timeout", type=float, default=5.0)
    args = ap.parse_args()

    ads, ads_from = load_ads()
    engine_ms = engine_reference(ads)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="bench-service-"))
    (work / ".normcheck.toml").write_text(f"[service]\nread-timeout = {args.read_timeout}\n", encoding="utf-8")
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": os.environ.get("NORMCHECK_DISABLE_ENTRY_POINTS", "0")}
    env.pop("NORMCHECK_API_KEYS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "normcheck", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=work, env=env, start_new_session=True,
    )
    deadline = time.monotonic() + args.max_seconds
    try:
        t0 = time.monotonic()
        while True:
            if proc.poll() is not None:
                print("server exited", file=sys.stderr)
                return 2
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - t0 > 120:
                print("server not ready within 120 s", file=sys.stderr)
                return 2
            time.sleep(0.1)
        ready_s = time.monotonic() - t0
        rss_ready = rss_mb(proc.pid)
        asyncio.run(load(base, ads, args.warmup, args.concurrency, deadline))
        rss_warm = rss_mb(proc.pid)
        latencies, statuses, elapsed = asyncio.run(load(base, ads, args.requests, args.concurrency, deadline))
        rss_after = rss_mb(proc.pid)
        abuse_results = abuse(base, port, args.read_timeout)
        rss_end = rss_mb(proc.pid)
        metrics = httpx.get(base + "/metrics").text
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    done = len(latencies)
    five_xx = sum(v for k, v in statuses.items() if k >= 500 or k == 0)
    ms = [x * 1000 for x in latencies]
    growth = (rss_after - rss_warm) / rss_warm * 100
    print(f"### Load: {done} scan requests at concurrency {args.concurrency}\n")
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, one uvicorn worker, "
          f"client on the same machine. Input: {ads_from}, alternating JSON text and multipart upload.\n")
    print("| measure | value |\n|---|---|")
    print(f"| requests completed | {done} of {args.requests}{' (stopped at --max-seconds)' if done < args.requests else ''} |")
    print(f"| status counts | {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))} |")
    print(f"| 5xx or failed connections | {five_xx} {'(check passed)' if five_xx == 0 else '(CHECK FAILED)'} |")
    print(f"| latency p50 / p90 / p99 / max | {percentile(ms, 50):.0f} / {percentile(ms, 90):.0f} / {percentile(ms, 99):.0f} / {max(ms):.0f} ms |")
    print(f"| mean latency | {statistics.fmean(ms):.0f} ms |")
    print(f"| throughput | {done / elapsed:.1f} requests/s ({elapsed:.1f} s) |")
    print(f"| the library alone, same ads (scan + JSON, one thread, no HTTP) | {engine_ms:.0f} ms per ad = {1000 / engine_ms:.1f} ads/s |")
    print(f"| time to ready after start | {ready_s:.1f} s |")
    print(f"| server RSS: ready / after warm-up ({args.warmup}) / after load / after abuse | "
          f"{rss_ready:.0f} / {rss_warm:.0f} / {rss_after:.0f} / {rss_end:.0f} MB |")
    print(f"| RSS growth during the load | {growth:+.1f} % {'(within 10 %)' if abs(growth) <= 10 else '(MORE THAN 10 %)'} |")
    print("\n### Abuse: each bad request gets its 4xx and the service keeps serving\n")
    print("| case | expected | got | normal scan afterwards |\n|---|---|---|---|")
    for name, expected, got, ok in abuse_results:
        print(f"| {name} | {expected} | {got} | {'200' if ok else 'FAILED'} |")
    rejected = [line for line in metrics.splitlines() if line.startswith("normcheck_scans_rejected_total{")]
    if rejected:
        print("\nRejected by the scan pool: " + ", ".join(rejected))
    all_ok = five_xx == 0 and all(e == g and ok for _, e, g, ok in abuse_results)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
