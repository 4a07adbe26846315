"""The command line, run as a real subprocess and through click's runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from normcheck.cli import cli

AD_SV = "Vi söker en talesman till vårt kontor.\n\nDen sökande ska ha körkort. Han ska kunna resa.\n"
AD_EN = "We are hiring a chairman for the board.\n\nThe applicant must have a licence. He will travel.\n"
CLEAN_SV = "Vi söker en talesperson till vårt kontor.\n\nDu har körkort och kan resa i tjänsten.\n"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NORMCHECK_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "normcheck", *args], input=stdin, capture_output=True, env=env, cwd=cwd, timeout=120
    )


@pytest.fixture
def ads(tmp_path):
    (tmp_path / "sv.txt").write_text(AD_SV, encoding="utf-8")
    (tmp_path / "en.txt").write_text(AD_EN, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN_SV, encoding="utf-8")
    return tmp_path


def test_exit_codes(ads):
    assert run("scan", str(ads / "clean.txt")).returncode == 0
    flagged = run("scan", str(ads / "sv.txt"))
    assert flagged.returncode == 1, flagged.stderr
    assert b"talesman" in flagged.stdout
    assert run("scan", str(ads / "sv.txt"), "--fail-on", "never").returncode == 0
    assert run("scan", str(ads / "sv.txt"), "--fail-on", "error").returncode == 0


def test_missing_file_is_one_line_and_others_still_scanned(ads):
    result = run("scan", str(ads / "missing.txt"), str(ads / "sv.txt"), "-f", "json")
    assert result.returncode == 2
    err = result.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "missing.txt" in err[0] and "no such file" in err[0]
    assert b"Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert [d["source"] for d in data["documents"]] == [str(ads / "sv.txt")]
    assert data["errors"][0]["source"].endswith("missing.txt")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "cannot read"),
        ("notes.xyz", b"hello", "cannot read"),
    ],
)
def test_bad_inputs(ads, name, content, reason):
    path = ads / name
    path.write_bytes(content)
    result = run("scan", str(path), str(ads / "clean.txt"))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and reason in lines[0], lines
    assert b"clean.txt" in result.stdout  # the good input is still reported


def test_unreadable_file(ads):
    if os.geteuid() == 0:
        pytest.skip("root can read files without read permission")
    path = ads / "locked.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    result = run("scan", str(path))
    assert result.returncode == 2 and b"permission denied" in result.stderr


def test_stdin_and_lang(ads):
    result = run("scan", "-", "--lang", "sv", "-f", "json", stdin=AD_SV.encode())
    data = json.loads(result.stdout)
    doc = data["documents"][0]
    assert doc["source"] == "-" and doc["language"] == "sv"
    rules = [f["rule"] for f in doc["findings"]]
    assert "sv.gendered-term.talesman" in rules and "sv.generic-pronoun.han" in rules


def test_directory_is_scanned_recursively_in_order(ads):
    sub = ads / "sub"
    sub.mkdir()
    (sub / "more.md").write_text("# Rubrik\n\nVi söker en talesman.\n", encoding="utf-8")
    (sub / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    result = run("scan", str(ads), "-f", "jsonl", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    sources = [json.loads(line)["source"] for line in result.stdout.decode().splitlines()]
    assert sources == [str(ads / "clean.txt"), str(ads / "en.txt"), str(ads / "sub" / "more.md"), str(ads / "sv.txt")]


def test_jsonl_corpus_input(tmp_path):
    corpus = tmp_path / "ads.jsonl"
    lines = [
        json.dumps({"ad_id": "a1", "body": AD_SV}),
        "{not json",
        json.dumps({"ad_id": "a2", "body": CLEAN_SV}),
        json.dumps({"ad_id": "a3"}),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(
        "scan", str(corpus), "--input-format", "jsonl", "--text-field", "body", "--id-field", "ad_id", "-f", "jsonl"
    )
    assert result.returncode == 2
    docs = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [d["source"] for d in docs] == ["a1", "a2"]
    assert docs[0]["findings"] and not [f for f in docs[1]["findings"] if f["severity"] != "suggestion"]
    err = result.stderr.decode()
    assert f"{corpus}:2" in err and "not valid JSON" in err
    assert f"{corpus}:4" in err and "no text in field 'body'" in err


def test_json_output_file_and_text_format(ads, tmp_path):
    out = tmp_path / "report.json"
    result = run("scan", str(ads / "en.txt"), "-f", "json", "-o", str(out))
    assert result.returncode == 1
    assert result.stdout == b""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "normcheck/v1"
    text = run("scan", str(ads / "en.txt")).stdout.decode()
    assert "chairman" in text and "en.gendered-term" in text and "gender coding:" in text
    assert "\x1b[" not in text  # no colour when not a terminal


def test_colour_when_forced(ads):
    env_result = CliRunner(env={"FORCE_COLOR": "1", "NO_COLOR": ""}).invoke(cli, ["scan", str(ads / "sv.txt")])
    assert "\x1b[" in env_result.output
    plain = CliRunner(env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).invoke(cli, ["scan", str(ads / "sv.txt")])
    assert "\x1b[" not in plain.output


def test_unknown_format_and_profile_are_usage_errors(ads):
    r1 = run("scan", str(ads / "sv.txt"), "-f", "pdfx")
    assert r1.returncode == 2 and b"unknown format" in r1.stderr
    r2 = run("scan", str(ads / "sv.txt"), "--profile", "nope")
    assert r2.returncode == 2 and b"unknown profile 'nope'" in r2.stderr
    assert b"Traceback" not in r1.stderr + r2.stderr


def test_rules_command_filters():
    result = CliRunner().invoke(cli, ["rules", "--lang", "sv", "--category", "gendered-term", "--json"])
    assert result.exit_code == 0
    rules = json.loads(result.output)
    assert rules and all(r["lang"] == "sv" and r["category"] == "gendered-term" for r in rules)
    assert any(r["id"] == "sv.gendered-term.talesman" for r in rules)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and b"normcheck, version 0.1.0" in result.stdout


def test_gender_decoder_profile_on_cli(tmp_path):
    ad = tmp_path / "ad.txt"
    ad.write_text("We want an ambitious, driven and confident analyst.\n", encoding="utf-8")
    data = json.loads(run("scan", str(ad), "--profile", "gender-decoder", "-f", "json").stdout)
    gc = data["documents"][0]["scores"]["gender_coding"]
    assert data["profile"] == "gender-decoder"
    assert gc["masculine"] == 4 and gc["feminine"] == 0  # ambitio, driven, confident, analy
    assert gc["verdict"] == "strongly-masculine-coded"
