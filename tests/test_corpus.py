"""Corpus scanning: CSV and JSONL corpora, folders, worker processes, order, resume, progress."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from normcheck import corpus
from normcheck.cli import cli

ROOT = Path(__file__).resolve().parent.parent
NORMCHECK = [sys.executable, "-m", "normcheck"]

AD_MASCULINE = "We want a competitive and assertive analyst who is ambitious and decisive."
AD_FEMININE = "We hope you are supportive and considerate, and that you like to collaborate."
AD_NEUTRAL = "The job is in our office. You write reports and plan the week with your colleagues."


def run(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"}
    return subprocess.run([*NORMCHECK, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300, **kwargs)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample(tmp_path_factory, request) -> Path:
    """About 200 real ads (English and Swedish) read from the shared corpus into a temp file."""
    from tests.conftest import CORPUS

    en, sv = CORPUS / "en.jsonl", CORPUS / "sv.jsonl"
    if not en.exists() or not sv.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    picked = en.read_text(encoding="utf-8").splitlines()[:150] + sv.read_text(encoding="utf-8").splitlines()[:50]
    out = tmp_path_factory.mktemp("corpus") / "sample.jsonl"
    out.write_text("\n".join(picked) + "\n", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def serial_output(sample: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial") / "one.jsonl"
    proc = run("scan", str(sample), "--input-format", "jsonl", "-f", "jsonl", "--jobs", "1", "-o", str(out))
    assert proc.returncode in (0, 1), proc.stderr
    return out


# ---------------------------------------------------------------------------------------------
# Order and identity


def test_jobs_two_gives_the_same_bytes_in_the_same_order(sample: Path, serial_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "two.jsonl"
    proc = run("scan", str(sample), "--input-format", "jsonl", "-f", "jsonl", "--jobs", "2", "-o", str(out))
    assert proc.returncode in (0, 1), proc.stderr
    assert out.read_bytes() == serial_output.read_bytes()
    ids = [json.loads(line)["id"] for line in sample.read_text(encoding="utf-8").splitlines()]
    docs = lines(out)
    assert [d["source"] for d in docs] == ids  # input order, none lost
    assert len(docs) == 200
    assert {d["language"] for d in docs} >= {"en", "sv"}


def test_jsonl_output_keeps_corpus_fields_and_matches_the_schema(serial_output: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "src/normcheck/schema/normcheck-v1.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    docs = lines(serial_output)
    for doc in docs[:50]:
        validator.validate({"schema": "normcheck/v1", "normcheck_version": "0", "documents": [doc]})
    first = docs[0]
    assert first["meta"]["id"] == first["source"]
    assert "lang" in first["meta"] and "text" not in first["meta"]


def test_python_api_scan_corpus_in_parallel_matches_serial(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    records = [{"id": f"a{i}", "text": [AD_MASCULINE, AD_FEMININE, AD_NEUTRAL][i % 3]} for i in range(30)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    serial = [r.to_dict() for r in corpus.scan_corpus(path, input_format="jsonl", lang="en")]
    parallel = [r.to_dict() for r in corpus.scan_corpus(path, input_format="jsonl", lang="en", jobs=2)]
    assert serial == parallel
    assert [d["source"] for d in parallel] == [f"a{i}" for i in range(30)]
    verdicts = [d["scores"]["gender_coding"]["verdict"] for d in parallel[:3]]
    assert verdicts[0].endswith("masculine-coded") and verdicts[1].endswith("feminine-coded") and verdicts[2] == "neutral"


def test_window_bounds_the_chunks_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader is never more than the window ahead of the writer (memory stays flat)."""
    from normcheck import api

    pulled = 0

    def items():
        nonlocal pulled
        for i in range(400):
            pulled += 1
            yield corpus.Document(f"d{i}", AD_NEUTRAL, (), "text/plain")

    monkeypatch.setattr(corpus, "CHUNK_DOCS", 4)
    settings = corpus.Settings(api.make_config(None, lang="en"))
    results = corpus.scan_results(items(), settings, jobs=2)
    max_ahead = 0
    for n, _ in enumerate(results, start=1):
        max_ahead = max(max_ahead, pulled - n)
    assert n == 400
    # window = 2 jobs x 3 chunks of 4 documents, plus the chunk being cut
    assert max_ahead <= 2 * corpus.WINDOW_PER_JOB * 4 + 4


def test_folder_of_files_is_read_in_workers(tmp_path: Path) -> None:
    folder = tmp_path / "ads"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(AD_MASCULINE, encoding="utf-8")
    (folder / "b.md").write_text("# Job\n\n" + AD_FEMININE, encoding="utf-8")
    (folder / "sub" / "c.txt").write_text(AD_NEUTRAL, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    one = run("scan", str(folder), "-f", "jsonl", "--lang", "en", "--fail-on", "never")
    two = run("scan", str(folder), "-f", "jsonl", "--lang", "en", "--fail-on", "never", "--jobs", "2")
    assert two.stdout == one.stdout
    sources = [json.loads(line)["source"] for line in two.stdout.splitlines()]
    assert [Path(s).name for s in sources] == ["a.txt", "b.md", "c.txt"]
    assert "empty.txt" in two.stderr and two.returncode == 2  # one unreadable file, reported, others scanned


# ---------------------------------------------------------------------------------------------
# CSV corpora


def test_csv_corpus_with_chosen_columns(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text(
        'ad_id,company,body,published\n'
        f'x1,Acme,"{AD_MASCULINE}",2021-02-03\n'
        f'x2,Beta,"{AD_FEMININE}\n\nSecond paragraph, with a comma.",2021-05-01\n'
        'x3,Beta,"",2021-06-01\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["scan", str(path), "--input-format", "csv", "--text-field", "body", "--id-field", "ad_id",
              "-f", "jsonl", "--lang", "en", "--jobs", "2"],
    )
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == ["x1", "x2"]
    assert docs[0]["meta"] == {"ad_id": "x1", "company": "Acme", "published": "2021-02-03"}
    assert docs[1]["findings"] and docs[1]["findings"][0]["location"]["line"] == 1
    assert f"{path}:6: no text in column 'body'" in result.stderr  # the line where the row starts
    assert result.exit_code == 2


def test_csv_semicolons_and_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "annonser.csv"
    text = "Vi söker en driven och målinriktad ledare som är självsäker."
    path.write_bytes(f"id;text\nsv1;{text}\n".encode("cp1252"))
    docs = list(corpus.scan_corpus(path, input_format="csv", lang="sv"))
    assert docs[0].source == "sv1"
    assert docs[0].document.text == text


def test_csv_without_the_text_column_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text("id,description\n1,hello\n", encoding="utf-8")
    proc = run("scan", str(path), "--input-format", "csv", "-f", "jsonl")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"normcheck: error: {path}: no column 'text' for the text (columns: id, description)"]
    assert "Traceback" not in proc.stderr


def test_csv_row_with_wrong_cell_count_is_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text(f'id,text\n1,"{AD_NEUTRAL}"\n2,"{AD_NEUTRAL}",extra\n3,"{AD_FEMININE}"\n', encoding="utf-8")
    items = list(corpus.iter_items([str(path)], corpus.api.make_config(None), input_format="csv"))
    assert [getattr(i, "source", None) for i in items] == ["1", f"{path}:3", "3"]
    assert "2 cells" not in items[1].message and "3 cells" in items[1].message


def test_folder_of_jsonl_files_with_a_corpus_format(tmp_path: Path) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "2021.jsonl").write_text(json.dumps({"id": "a", "text": AD_NEUTRAL}) + "\n", encoding="utf-8")
    (folder / "2022.jsonl").write_text(json.dumps({"id": "b", "text": AD_FEMININE}) + "\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not part of the corpus", encoding="utf-8")
    docs = list(corpus.scan_corpus(folder, input_format="jsonl", lang="en"))
    assert [d.source for d in docs] == ["a", "b"]


# ---------------------------------------------------------------------------------------------
# Resume


def test_resume_after_a_killed_run_loses_and_duplicates_nothing(sample: Path, serial_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "resumed.jsonl"
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1"}
    args = [*NORMCHECK, "scan", str(sample), "--input-format", "jsonl", "-f", "jsonl", "--jobs", "2", "--resume", str(out)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 0:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run, workers included, as a crash would
    proc.wait()
    written = out.read_bytes()
    assert 0 < written.count(b"\n") < 200, "the run should have been killed midway"
    # Simulate a write cut off in the middle of a line as well.
    with out.open("ab") as fh:
        fh.write(b'{"source": "cut-off in the mid')
    again = run("scan", str(sample), "--input-format", "jsonl", "-f", "jsonl", "--jobs", "2", "--resume", str(out))
    assert again.returncode in (0, 1), again.stderr
    assert "already in" in again.stderr
    assert out.read_bytes() == serial_output.read_bytes()


def test_resume_when_the_output_is_complete_scans_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": AD_NEUTRAL}) + "\n" for i in range(5)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    first = run("scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--resume", str(out), "--lang", "en")
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    second = run("scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--resume", str(out), "--lang", "en")
    assert second.returncode == 0
    assert out.read_bytes() == before
    assert "5 documents were already in" in second.stderr


def test_resume_counts_repeated_ids(tmp_path: Path) -> None:
    """A corpus that repeats an id: each written copy stands for one occurrence."""
    path = tmp_path / "ads.jsonl"
    records = [{"id": "same", "text": AD_NEUTRAL}, {"id": "same", "text": AD_FEMININE}, {"id": "other", "text": AD_MASCULINE}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    full = run("scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--lang", "en", "--fail-on", "never")
    first_line = full.stdout.splitlines(keepends=True)[0]
    out.write_text(first_line, encoding="utf-8")
    again = run("scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--lang", "en", "--resume", str(out), "--fail-on", "never")
    assert again.returncode == 0, again.stderr
    assert out.read_text(encoding="utf-8") == full.stdout


def test_resume_refuses_a_file_that_is_not_normcheck_output(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text(json.dumps({"id": "a", "text": AD_NEUTRAL}) + "\n", encoding="utf-8")
    other = tmp_path / "notes.jsonl"
    other.write_text("hello\nworld\n", encoding="utf-8")
    proc = run("scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--resume", str(other))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"normcheck: error: {other}: cannot resume: line 1 is not JSON (is this a normcheck --format jsonl output?)"
    assert other.read_text(encoding="utf-8") == "hello\nworld\n"


def test_resume_needs_a_line_format(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text(json.dumps({"id": "a", "text": AD_NEUTRAL}) + "\n", encoding="utf-8")
    proc = run("scan", str(path), "--input-format", "jsonl", "-f", "json", "--resume", str(tmp_path / "o.json"))
    assert proc.returncode == 2
    assert "--resume needs a format written line by line" in proc.stderr


# ---------------------------------------------------------------------------------------------
# Progress and interruption


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": AD_NEUTRAL}) + "\n" for i in range(20)), encoding="utf-8")
    proc = run("scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--lang", "en", "--jobs", "2")
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 20


def test_progress_on_a_terminal(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    path = tmp_path / "ads.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": AD_NEUTRAL}) + "\n" for i in range(60)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    leader, follower = pty.openpty()
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1"}
    proc = subprocess.Popen(
        [*NORMCHECK, "scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--lang", "en", "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=follower, env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    final = shown.replace("\r\n", "\n").split("\r")[-1]
    assert "60/60 documents (100%)" in final
    assert "words/s" in final and "done in" in final
    assert len(lines(out)) == 60


def test_progress_line_shows_rate_and_eta() -> None:
    import io

    bar = corpus.Progress(io.StringIO(), total=100, skipped=10)
    bar.start -= 10  # ten seconds in
    for i in range(30):
        bar.update(corpus.Scanned(f"d{i}", 100, 0, line="{}\n"))
    text = bar.line()
    assert "30/90 documents (33%)" in text
    assert "300 words/s" in text
    assert "10 already done" in text
    assert "ETA 20s" in text


def test_ctrl_c_stops_cleanly_and_says_how_to_continue(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1"}
    proc = subprocess.Popen(
        [*NORMCHECK, "scan", str(sample), "--input-format", "jsonl", "-f", "jsonl", "--jobs", "2", "--resume", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and out.stat().st_size):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
    _, err = proc.communicate(timeout=120)
    if proc.returncode in (0, 1):
        pytest.skip("the run finished before the interrupt arrived")
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert err.strip().endswith(f"run the same command again to continue (--resume {out})")
    assert out.read_bytes().endswith(b"\n")


def test_unknown_engine_option_combination(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text(json.dumps({"id": "a", "text": AD_NEUTRAL}) + "\n", encoding="utf-8")
    proc = run("scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--scheduler", "tcp://127.0.0.1:1")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "normcheck: error: --scheduler: --scheduler needs --engine dask"
