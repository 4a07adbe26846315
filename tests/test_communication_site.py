"""Site level: a folder of pages (text, Markdown, HTML), a crawled site on a local server, the
``normcheck representation`` command, ``aggregate`` on every form a scan takes, and the module's
JSON against the normcheck/v1 schema.
"""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import normcheck_communication
from normcheck import api
from normcheck.cli import cli

SCHEMA = Path(__file__).resolve().parent.parent / "src" / "normcheck" / "schema" / "normcheck-v1.schema.json"

PRESS = """Nordpapper öppnar nytt labb

Nordpapper öppnar ett labb för nya förpackningar i Sundsvall.

– Labbet gör oss snabbare, säger Johan Lindqvist, vd för Nordpapper.

Enligt Lars Nyberg, labbchef, börjar de första försöken i maj. Han har lett bygget.
"""

ABOUT_MD = """# Om oss

Nordpapper grundades 1952. Kvinnor och män arbetar sida vid sida i våra fabriker.

Anna Svensson är ekonomichef. Hon säger att bolaget ska dubbla forskningsbudgeten.
"""

TEAM_HTML = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Vårt team</title></head>
<body><main>
<h1>Vårt team</h1>
<p>Johan Lindqvist är vd sedan 2019. Han leder koncernledningen.</p>
<p>Kim Ek ansvarar för hållbarheten. Hon har arbetat hos oss i tio år.</p>
<p>– Vi mäter allt vi gör, säger Kim Ek.</p>
<p>Vi söker en kvinnlig ingenjör till labbet.</p>
</main></body></html>
"""

NEWS_EN_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>News</title></head>
<body><article>
<h1>New lab in Leeds</h1>
<p>"The lab opens in June," said Sarah Okafor, head of research. She has led the work since 2022.</p>
<p>Men and women from the region will work there.</p>
</article></body></html>
"""


@pytest.fixture
def comm(pm):
    pm.register(normcheck_communication, name="communication")
    pm.hook.register_commands(cli=cli)
    yield normcheck_communication
    cli.commands.pop("representation", None)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "press.txt").write_text(PRESS, encoding="utf-8")
    (folder / "about.md").write_text(ABOUT_MD, encoding="utf-8")
    (folder / "team.html").write_text(TEAM_HTML, encoding="utf-8")
    (folder / "news.html").write_text(NEWS_EN_HTML, encoding="utf-8")
    return folder


def validator(definition: str):
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    sub = {"$schema": schema["$schema"], "$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    return jsonschema.Draft202012Validator(sub)


def test_aggregate_over_a_folder(comm, site):
    report = api.scan([str(site)])
    assert not report.errors
    pages = {Path(d.source).name: d.modules["communication"] for d in report.documents}
    assert sorted(pages) == ["about.md", "news.html", "press.txt", "team.html"]
    assert pages["team.html"]["counts"]["named"] == {"woman": 1, "man": 1, "unknown": 0}  # Kim settled by "Hon"
    agg = normcheck_communication.aggregate(report)
    assert agg["documents"] == 4
    names = {p["name"]: p for p in agg["persons"]}
    # Johan Lindqvist is on two pages: one person, mentions and quotes summed
    assert names["Johan Lindqvist"] == {"name": "Johan Lindqvist", "gender": "man", "basis": "name", "mentions": 2, "quoted": 1, "pages": 2}
    assert names["Kim Ek"]["gender"] == "woman" and names["Kim Ek"]["quoted"] == 1
    assert set(names) == {"Johan Lindqvist", "Lars Nyberg", "Anna Svensson", "Kim Ek", "Sarah Okafor"}
    assert agg["counts"]["named"] == {"woman": 3, "man": 2, "unknown": 0}
    assert agg["counts"]["quoted"] == {"woman": 3, "man": 2, "unknown": 0}
    # words and pronouns are sums over the pages
    for kind in ("pronouns", "gendered_words"):
        for g in ("woman", "man", "unknown"):
            assert agg["counts"][kind][g] == sum(p["counts"][kind][g] for p in pages.values())
    assert agg["order"]["woman_first"] == 1 and agg["order"]["man_first"] == 1 and agg["order"]["first"] == "equal"
    assert {p["source"] for p in agg["order"]["pairs"]} == {str(site / "about.md"), str(site / "news.html")}
    assert agg["marking"] == {"woman": 1, "man": 0}
    assert [Path(r["source"]).name for r in agg["pages"]] == ["about.md", "news.html", "press.txt", "team.html"]
    assert sum(r["words"] for r in agg["pages"]) == agg["words"] > 0
    assert agg["headline"].startswith("named: women 3, men 2 (60% women)")
    validator("communication_site").validate(agg)


def test_aggregate_takes_every_form_of_a_scan(comm, site):
    report = api.scan([str(site)])
    from_report = normcheck_communication.aggregate(report)
    from_json = normcheck_communication.aggregate(json.loads(json.dumps(report.to_dict())))
    from_documents = normcheck_communication.aggregate([d.to_dict() for d in report.documents])
    from_modules = normcheck_communication.aggregate([d.modules["communication"] for d in report.documents])
    assert from_json == from_report == from_documents
    # bare summaries carry no source or word count, but the same people and numbers
    for key in ("persons", "counts", "shares", "quotes", "order", "marking"):
        if key in ("order",):
            assert from_modules[key]["woman_first"] == from_report[key]["woman_first"]
        else:
            assert from_modules[key] == from_report[key], key
    with pytest.raises(TypeError):
        normcheck_communication.aggregate([42])


def test_module_json_validates_against_the_schema(comm, site):
    report = api.scan([str(site)])
    doc_validator = validator("communication")
    for doc in report.documents:
        doc_validator.validate(doc.modules["communication"])
    import jsonschema

    whole = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(whole).validate(json.loads(json.dumps(report.to_dict())))
    broken = json.loads(json.dumps(report.documents[0].modules["communication"]))
    broken["counts"]["named"]["nonbinary"] = 1
    assert not doc_validator.is_valid(broken)


def test_representation_command_json(comm, site):
    (site / "broken.txt").write_text("   \n\n", encoding="utf-8")  # an empty page: one error, not a crash
    result = CliRunner().invoke(cli, ["representation", str(site), "-f", "json"])
    assert result.exit_code == 2  # the unreadable page is reported, the others are counted
    out = json.loads(result.stdout)
    assert out["documents"] == 4
    assert [e["source"] for e in out["errors"]] == [str(site / "broken.txt")]
    err_lines = [line for line in result.stderr.splitlines() if line]
    assert len(err_lines) == 1 and "broken.txt" in err_lines[0] and "Traceback" not in result.stderr
    validator("communication_site").validate(out)


def test_representation_command_text(comm, site, tmp_path):
    target = tmp_path / "out.txt"
    result = CliRunner().invoke(cli, ["representation", str(site), "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "representation: women/men/unknown (W/M/?) by page"
    assert lines[1].split()[:5] == ["page", "words", "named", "quoted", "pronouns"]
    team = next(line for line in lines if line.endswith("team.html") or "team.html " in line)
    assert team.split()[2:4] == ["1/1/0", "1/0/0"]  # named (Johan, Kim), quoted (Kim) in team.html
    site_row = next(line for line in lines if line.startswith("all 4 pages"))
    assert site_row.split()[4:6] == ["3/2/0", "3/2/0"]
    assert any(line.startswith("women of women+men") and "60%" in line for line in lines)
    assert "  Johan Lindqvist" in text and "on 2 pages" in text
    assert "site: named: women 3, men 2 (60% women)" in text


def test_representation_command_bad_input(comm, tmp_path):
    result = CliRunner().invoke(cli, ["representation", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr


class _Site(http.server.BaseHTTPRequestHandler):
    pages = {
        "/": (
            '<html lang="sv"><body><h1>Start</h1><p>Välkommen till Nordpapper. Johan Lindqvist är vd och '
            'har varit det sedan 2019. Läs mer om <a href="/team">vårt team</a> och '
            '<a href="/nyheter">våra nyheter</a>.</p></body></html>'
        ),
        "/team": TEAM_HTML,
        "/nyheter": (
            '<html lang="sv"><body><p>– Vi växer och det är vi glada för, säger Anna Svensson, ekonomichef.</p>'
            '<p><a href="/">Till startsidan</a></p></body></html>'
        ),
    }

    def do_GET(self) -> None:  # noqa: N802
        body = self.pages.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def test_representation_of_a_crawled_site(comm):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        result = CliRunner().invoke(cli, ["representation", url, "--crawl", "5", "-f", "json"])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["documents"] == 3
    names = {p["name"]: p for p in out["persons"]}
    assert names["Johan Lindqvist"]["pages"] == 2 and names["Johan Lindqvist"]["gender"] == "man"
    assert names["Anna Svensson"]["quoted"] == 1
    assert out["counts"]["named"] == {"woman": 2, "man": 1, "unknown": 0}
    assert out["counts"]["quoted"] == {"woman": 2, "man": 0, "unknown": 0}


def test_entry_point_is_declared():
    from importlib import metadata

    eps = [ep for ep in metadata.entry_points(group="normcheck") if ep.name == "communication"]
    assert eps and eps[0].value == "normcheck_communication"
    assert eps[0].load() is normcheck_communication


def test_data_lists_state_their_sources():
    from normcheck_communication import data

    assert len(data.names().sources) >= 3
    for lang in ("sv", "en"):
        assert data.lang_data(lang).sources
        assert data.marking_data(lang).references
    names = data.names()
    assert names.homographs <= set(names.gender)
    assert names.gender["kim"] == "unknown" and names.gender["anna"] == "woman" and names.gender["lars"] == "man"
    assert len(names.gender) > 800
