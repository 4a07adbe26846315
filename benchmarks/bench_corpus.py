"""Corpus scanning speed and memory: ``--jobs 1`` vs ``--jobs 2``, memory from 1x to 20x, Dask.

    .venv/bin/python benchmarks/bench_corpus.py                 # everything, prints a Markdown table
    .venv/bin/python benchmarks/bench_corpus.py --only jobs     # jobs | memory | dask

Each run is the real command line (``normcheck scan CORPUS --input-format jsonl -f jsonl``) in
a subprocess. Words/s counts the words normcheck reports for the documents it scanned, divided
by the wall time of the whole command (start-up included). Peak memory is the largest sum of
the resident set sizes of the command and all its worker processes, sampled every 50 ms from
/proc. The memory test repeats the first ``--memory-base`` ads of the corpus 1, 5 and 20 times
(with fresh ids) and scans each with ``--jobs 2``: a flat peak means memory does not grow with
the corpus. The Dask row starts a local cluster of two worker processes (the start-up is part
of the time) and compares it with the local engine on the same input.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "en.jsonl"


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for p in pids:
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    pids.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return pids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (its own, not its children's)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all processes, all cores)."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_scan(corpus: Path, *extra: str) -> dict[str, float]:
    """Run one scan; wall seconds, words scanned, documents, peak RSS (MiB) of the process tree,
    CPU seconds of the whole tree and of the main process alone."""
    import resource

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        cmd = [sys.executable, "-m", "normcheck", "scan", str(corpus), "--input-format", "jsonl", "-f", "jsonl",
               "-o", str(out), "--fail-on", "never", *extra]
        env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": os.environ.get("NORMCHECK_DISABLE_ENTRY_POINTS", "0")}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy_before = _busy_seconds()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        peak = 0
        main_cpu = 0.0
        while proc.poll() is None:
            peak = max(peak, sum(_rss_kb(p) for p in _tree(proc.pid)))
            main_cpu = max(main_cpu, _cpu_seconds(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        # CPU the rest of the machine used meanwhile: on a shared machine this is what the
        # workers could not have.
        others = max(0.0, _busy_seconds() - busy_before - cpu)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode not in (0, 2):
            raise SystemExit(f"scan failed ({proc.returncode}): {err[-2000:]}")
        words = docs = 0
        with out.open(encoding="utf-8") as fh:
            for line in fh:
                words += json.loads(line)["words"]
                docs += 1
    return {"seconds": seconds, "words": words, "documents": docs, "peak_mib": peak / 1024, "cpu": cpu, "main_cpu": main_cpu,
            "others": others}


def repeated(base_lines: list[str], times: int, folder: Path) -> Path:
    path = folder / f"corpus-x{times}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for copy in range(times):
            for line in base_lines:
                record = json.loads(line)
                record["id"] = f"{record.get('id')}#{copy}"
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def row(label: str, r: dict[str, float]) -> str:
    rate = r["words"] / r["seconds"] if r["seconds"] else 0
    return (f"| {label} | {int(r['documents']):,} | {int(r['words']):,} | {r['seconds']:.1f} | {rate:,.0f} | "
            f"{r['cpu']:.1f} | {r['main_cpu']:.1f} | {r['others'] / r['seconds']:.2f} | {r['peak_mib']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", choices=["jobs", "memory", "dask"], action="append")
    parser.add_argument("--memory-base", type=int, default=400, help="ads repeated for the memory test (0: the whole corpus)")
    parser.add_argument("--times", default="1,5,20", help="how many times the memory test repeats them")
    args = parser.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    wanted = set(args.only or ["jobs", "memory", "dask"])
    header = ("| run | documents | words | seconds | words/s | CPU s (all processes) | CPU s (main process) "
              "| cores used by other programs meanwhile | peak memory (MiB) |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"corpus: {args.corpus.name}; {os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.2f}\n")
    print(header, flush=True)
    results: dict[str, dict[str, float]] = {}
    if "jobs" in wanted:
        for jobs in (1, 2):
            results[f"jobs{jobs}"] = r = run_scan(args.corpus, "--jobs", str(jobs))
            print(row(f"`--jobs {jobs}`", r), flush=True)
    if "memory" in wanted:
        lines = [line for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
        lines = lines[: args.memory_base] if args.memory_base else lines
        with tempfile.TemporaryDirectory() as tmp:
            for times in (int(t) for t in args.times.split(",")):
                path = repeated(lines, times, Path(tmp))
                results[f"x{times}"] = r = run_scan(path, "--jobs", "2")
                print(row(f"`--jobs 2`, first {len(lines)} ads x{times}", r), flush=True)
    if "dask" in wanted:
        results["dask"] = r = run_scan(args.corpus, "--engine", "dask", "--jobs", "2")
        print(row("`--engine dask --jobs 2` (LocalCluster, 2 processes)", r), flush=True)
        if "jobs2" not in results:
            results["jobs2"] = r2 = run_scan(args.corpus, "--jobs", "2")
            print(row("`--jobs 2`", r2), flush=True)
    print()
    if "jobs1" in results and "jobs2" in results:
        speedup = results["jobs1"]["seconds"] / results["jobs2"]["seconds"]
        print(f"speed-up of --jobs 2 over --jobs 1: {speedup:.2f}x (wall clock)")
        # What two idle cores would give: the serial CPU time over half the parallel run's CPU
        # time (the main process and both workers share the two cores).
        bound = results["jobs1"]["cpu"] / (results["jobs2"]["cpu"] / 2)
        print(f"speed-up on two idle cores, from CPU time: {bound:.2f}x "
              f"(main process {100 * results['jobs2']['main_cpu'] / results['jobs2']['cpu']:.1f} % of the CPU time)")
    sizes = sorted(int(k[1:]) for k in results if k.startswith("x"))
    if len(sizes) > 1:
        print(f"peak memory x{sizes[-1]} / x{sizes[0]}: {results[f'x{sizes[-1]}']['peak_mib'] / results[f'x{sizes[0]}']['peak_mib']:.2f}")
    if "dask" in results and "jobs2" in results:
        print(f"Dask engine time / local engine time (2 workers each): {results['dask']['seconds'] / results['jobs2']['seconds']:.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
