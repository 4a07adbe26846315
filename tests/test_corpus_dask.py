"""The Dask engine and helpers give the same document objects as the local engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed", reason="the dask extra is not installed")
pd = pytest.importorskip("pandas")

from distributed import Client, LocalCluster  # noqa: E402

from normcheck import api, corpus  # noqa: E402
from normcheck.cli import cli  # noqa: E402

TEXTS = [
    "We are looking for a competitive and assertive sales lead who is ambitious.",
    "Vi söker en omtänksam och lyhörd kollega som trivs i ett stöttande team.",
    "The job is in our office. You write reports and plan the week with your colleagues.",
    "He will report to the chairman and she will support the team.",
]


@pytest.fixture(scope="module")
def cluster():
    """Two workers in this process (threads), so the test needs no worker start-up."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def ads(tmp_path_factory) -> Path:
    """Real ads from the shared corpus plus our own, with a repeated id and a bad record."""
    from tests.conftest import CORPUS

    lines = []
    source = CORPUS / "en.jsonl"
    if source.exists():
        lines += source.read_text(encoding="utf-8").splitlines()[:40]
    lines += [json.dumps({"id": f"own-{i}", "text": t, "company": "Acme"}, ensure_ascii=False) for i, t in enumerate(TEXTS)]
    lines += [json.dumps({"id": "own-0", "text": TEXTS[2]}), '{"id": "broken", "text": 5}']
    path = tmp_path_factory.mktemp("dask") / "ads.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_dask_engine_output_is_identical_to_the_local_engine(cluster, ads: Path, tmp_path: Path) -> None:
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    runner = CliRunner()
    one = runner.invoke(cli, ["scan", str(ads), "--input-format", "jsonl", "-f", "jsonl", "-o", str(local)])
    two = runner.invoke(
        cli,
        ["scan", str(ads), "--input-format", "jsonl", "-f", "jsonl", "-o", str(remote),
         "--engine", "dask", "--scheduler", cluster.scheduler_address],
    )
    assert one.exit_code == two.exit_code == 2, two.output  # the broken record
    assert remote.read_bytes() == local.read_bytes()
    assert len(local.read_text(encoding="utf-8").splitlines()) == len(ads.read_text(encoding="utf-8").splitlines()) - 1
    assert "broken" not in local.read_text(encoding="utf-8")
    assert "no text in field 'text'" in two.stderr


def test_dask_engine_resume_appends_what_is_missing(cluster, ads: Path, tmp_path: Path) -> None:
    full = tmp_path / "full.jsonl"
    CliRunner().invoke(cli, ["scan", str(ads), "--input-format", "jsonl", "-f", "jsonl", "-o", str(full)])
    out = tmp_path / "partial.jsonl"
    out.write_text("".join(full.read_text(encoding="utf-8").splitlines(keepends=True)[:10]), encoding="utf-8")
    CliRunner().invoke(
        cli,
        ["scan", str(ads), "--input-format", "jsonl", "-f", "jsonl", "--resume", str(out),
         "--engine", "dask", "--scheduler", cluster.scheduler_address],
    )
    assert out.read_bytes() == full.read_bytes()


def test_scan_bag_matches_scan_text(cluster) -> None:
    import dask.bag as db

    from normcheck.dask import _document, scan_bag

    records = [{"id": f"r{i}", "text": t, "region": "north" if i % 2 else "south"} for i, t in enumerate(TEXTS)]
    with Client(cluster) as client:
        bag = db.from_sequence(records + ["A plain string of text with a strong leader.", 42], npartitions=3)
        out = client.compute(scan_bag(bag)).result()
    assert [d["source"] for d in out[:4]] == ["r0", "r1", "r2", "r3"]
    config = api.make_config(None)
    for record, doc in zip(records, out, strict=False):
        expected = api.scan_document(_document(record, "-", "text", "id"), config).to_dict()
        assert doc == expected
        assert doc["meta"]["region"] == record["region"]
    assert out[4]["words"] > 0 and out[4]["source"].startswith("item-")
    assert out[5]["error"]["message"] == "cannot scan a int; give text, a record or a Document"


def test_scan_dataframe_column(cluster) -> None:
    import dask.dataframe as dd

    from normcheck.dask import COLUMNS, scan_dataframe

    frame = pd.DataFrame({"ad": ["a", "b", "c", "d", "e"], "body": [*TEXTS, None]}, index=[10, 11, 12, 13, 14])
    with Client(cluster) as client:
        result = client.compute(scan_dataframe(dd.from_pandas(frame, npartitions=2), "body", id_column="ad")).result()
    assert list(result.columns) == list(COLUMNS)
    assert list(result.index) == [10, 11, 12, 13, 14]
    assert list(result["source"]) == ["a", "b", "c", "d", "e"]
    first = api.scan_text(TEXTS[0], source="a").documents[0]
    assert result.loc[10, "verdict"] == first.scores["gender_coding"]["verdict"]
    assert result.loc[10, "masculine"] == first.scores["gender_coding"]["masculine"]
    assert json.loads(result.loc[11, "report"])["language"] == "sv"
    assert result.loc[14, "error"] == "no text in column 'body'"


def test_dask_engine_without_a_scheduler_says_so(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text(json.dumps({"id": "a", "text": TEXTS[0]}) + "\n", encoding="utf-8")
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(
            cli, ["scan", str(path), "--input-format", "jsonl", "-f", "jsonl", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]
        )
    assert result.exit_code == 2
    assert "cannot connect to the Dask scheduler" in result.stderr
