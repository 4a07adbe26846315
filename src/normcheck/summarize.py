"""Summaries of a scanned corpus: ``normcheck summarize RESULTS.jsonl``.

Reads the document objects of a ``--format jsonl`` run (or a ``--format json`` report) as a
stream and adds them up: verdict distribution, findings and coded words per 100 words, the most
frequent flagged words per category, and — with ``--by FIELD`` — the same per group, and — with
``--date-field FIELD`` — trends per month, quarter or year. Fields are looked up in the document
object first (``language``, ``media_type``, or a dotted path such as
``scores.gender_coding.verdict``) and then in ``meta``, where corpus runs keep each record's
other fields.

Memory grows with the number of groups, periods and distinct flagged words, not with the number
of documents.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import IO, Any

from normcheck.errors import ReaderError, UsageError
from normcheck.model import VERDICTS

SCHEMA = "normcheck-summary/v1"
MISSING = "(missing)"
OTHER = "(other)"
#: Distinct --by values kept apart; later new values are pooled as "(other)".
MAX_GROUPS = 10_000
TOP_TERMS = 10
MASCULINE_VERDICTS = ("masculine-coded", "strongly-masculine-coded")
FEMININE_VERDICTS = ("feminine-coded", "strongly-feminine-coded")


# ---------------------------------------------------------------------------------------------
# Reading results


def iter_results(path: str | Path, *, skipped: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Document objects from a JSONL results file (or one JSON report), in file order.

    Lines that are not document objects are noted in ``skipped`` (``"file:line: reason"``).
    """
    name = str(path)
    p = Path(path)
    if name != "-" and not p.exists():
        raise ReaderError("no such file", source=name)
    if p.is_dir():
        raise ReaderError("is a directory; give the JSONL file a scan wrote", source=name)
    try:
        fh = open(p, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ReaderError(f"cannot be read ({exc.strerror})", source=name) from None
    with fh:
        head = fh.read(2)
        fh.seek(0)
        if not head.strip():
            raise ReaderError("the file is empty", source=name)
        first = fh.readline()
        try:
            obj = json.loads(first)
        except (json.JSONDecodeError, UnicodeDecodeError):
            obj = None
        if obj is None and first.strip() in (b"{", b"{\r"):
            # A pretty-printed --format json report: read it whole.
            fh.seek(0)
            try:
                report = json.load(fh)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise ReaderError(f"not valid JSON ({exc.__class__.__name__})", source=name) from None
            docs = report.get("documents") if isinstance(report, dict) else None
            if not isinstance(docs, list):
                raise ReaderError("not a normcheck report (no 'documents' list)", source=name)
            yield from (d for d in docs if isinstance(d, dict))
            return
        if isinstance(obj, dict) and isinstance(obj.get("documents"), list):
            yield from (d for d in obj["documents"] if isinstance(d, dict))
            return
        fh.seek(0)
        seen = 0
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                if skipped is not None:
                    skipped.append(f"{name}:{lineno}: not valid JSON")
                continue
            if not isinstance(record, dict) or "findings" not in record or "words" not in record:
                if skipped is not None:
                    skipped.append(f"{name}:{lineno}: not a normcheck document object")
                continue
            seen += 1
            yield record
        if seen == 0:
            raise ReaderError("holds no normcheck document objects (expected `normcheck scan --format jsonl` output)", source=name)


def get_field(doc: dict[str, Any], name: str) -> Any:
    """A field of a document object: top level or dotted path first, then ``meta``."""
    value: Any = doc
    for part in name.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            value = None
            break
    if value is None or isinstance(value, (dict, list)):
        meta = doc.get("meta")
        if isinstance(meta, dict) and name in meta:
            value = meta[name]
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


# ---------------------------------------------------------------------------------------------
# Dates and periods

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(value: Any) -> dt.date | None:
    """A date from ISO text (``2021-03-05``, ``2021-03-05T10:00:00Z``, ``2021-03``), a year or an epoch."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = int(value)
        if 1800 <= number <= 2200:
            return dt.date(number, 1, 1)
        if number > 10**11:  # milliseconds since the epoch
            number //= 1000
        try:
            return dt.datetime.fromtimestamp(number, tz=dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = _YEAR_MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return dt.date(int(m.group(1)), int(m.group(2)), 1)
    m = _DAY_FIRST.match(text)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    if text.isdigit() and len(text) == 4:
        return dt.date(int(text), 1, 1)
    return None


def period_of(day: dt.date, period: str) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


# ---------------------------------------------------------------------------------------------
# Adding up


@dataclass
class Tally:
    """Counts for one set of documents (the whole corpus, one group, one period)."""

    documents: int = 0
    words: int = 0
    findings: int = 0
    masculine: int = 0
    feminine: int = 0
    verdicts: collections.Counter[str] = field(default_factory=collections.Counter)
    categories: collections.Counter[str] = field(default_factory=collections.Counter)
    documents_with: collections.Counter[str] = field(default_factory=collections.Counter)

    def add(self, doc: dict[str, Any]) -> None:
        self.documents += 1
        words = doc.get("words")
        self.words += words if isinstance(words, int) and words > 0 else 0
        findings = doc.get("findings") or []
        self.findings += len(findings)
        gc = (doc.get("scores") or {}).get("gender_coding") or {}
        self.masculine += int(gc.get("masculine") or 0)
        self.feminine += int(gc.get("feminine") or 0)
        verdict = gc.get("verdict")
        if isinstance(verdict, str):
            self.verdicts[verdict] += 1
        seen: set[str] = set()
        for f in findings:
            cat = str(f.get("category"))
            self.categories[cat] += 1
            seen.add(cat)
        self.documents_with.update(seen)

    def per_100(self, count: int) -> float | None:
        return round(count * 100 / self.words, 3) if self.words else None

    def share(self, count: int) -> float | None:
        return round(count / self.documents, 4) if self.documents else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "words": self.words,
            "findings": self.findings,
            "findings_per_100": self.per_100(self.findings),
            "gender_coding": {
                "masculine": self.masculine,
                "feminine": self.feminine,
                "masculine_per_100": self.per_100(self.masculine),
                "feminine_per_100": self.per_100(self.feminine),
                "masculine_coded_share": self.share(sum(self.verdicts[v] for v in MASCULINE_VERDICTS)),
                "feminine_coded_share": self.share(sum(self.verdicts[v] for v in FEMININE_VERDICTS)),
            },
            "verdicts": {
                v: {"count": self.verdicts[v], "share": self.share(self.verdicts[v])} for v in _verdict_order(self.verdicts)
            },
            "categories": [
                {
                    "category": cat,
                    "findings": n,
                    "per_100": self.per_100(n),
                    "documents": self.documents_with[cat],
                    "share_of_documents": self.share(self.documents_with[cat]),
                }
                for cat, n in sorted(self.categories.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
        }


def _verdict_order(counter: collections.Counter[str]) -> list[str]:
    return list(VERDICTS) + sorted(v for v in counter if v not in VERDICTS)


def term_label(finding: dict[str, Any]) -> str:
    cat = str(finding.get("category"))
    coding = finding.get("coding")
    return f"{cat} ({coding})" if coding else cat


@dataclass
class Summary:
    by: str | None = None
    date_field: str | None = None
    period: str = "auto"
    top: int = TOP_TERMS
    overall: Tally = field(default_factory=Tally)
    groups: dict[str, Tally] = field(default_factory=dict)
    periods: dict[str, Tally] = field(default_factory=dict)
    days: dict[dt.date, Tally] = field(default_factory=dict)
    undated: int = 0
    terms: dict[str, collections.Counter[str]] = field(default_factory=dict)
    term_docs: dict[str, collections.Counter[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, doc: dict[str, Any]) -> None:
        self.overall.add(doc)
        seen: set[tuple[str, str]] = set()
        for f in doc.get("findings") or []:
            label = term_label(f)
            term = " ".join(str(f.get("text", "")).lower().split())
            if not term:
                continue
            self.terms.setdefault(label, collections.Counter())[term] += 1
            if (label, term) not in seen:
                seen.add((label, term))
                self.term_docs.setdefault(label, collections.Counter())[term] += 1
        if self.by:
            value = get_field(doc, self.by)
            key = MISSING if value is None or value == "" else str(value)
            if key not in self.groups and len(self.groups) >= MAX_GROUPS:
                key = OTHER
            self.groups.setdefault(key, Tally()).add(doc)
        if self.date_field:
            day = parse_date(get_field(doc, self.date_field))
            if day is None:
                self.undated += 1
            else:
                # Kept per month; months are merged into quarters or years when reported.
                month = dt.date(day.year, day.month, 1)
                self.days.setdefault(month, Tally()).add(doc)

    def resolved_period(self) -> str:
        if self.period != "auto":
            return self.period
        if not self.days:
            return "month"
        first, last = min(self.days), max(self.days)
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        return "month" if months <= 36 else "quarter" if months <= 16 * 4 * 3 else "year"

    def trend_tallies(self) -> dict[str, Tally]:
        period = self.resolved_period()
        merged: dict[str, Tally] = {}
        for month in sorted(self.days):
            key = period_of(month, period)
            target = merged.setdefault(key, Tally())
            _merge(target, self.days[month])
        return merged

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA, **self.overall.to_dict()}
        out["top_terms"] = {
            label: [
                {"term": term, "count": n, "documents": self.term_docs[label][term]}
                for term, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[: self.top]
            ]
            for label, counter in sorted(self.terms.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        }
        if self.by:
            groups = sorted(self.groups.items(), key=lambda kv: (-kv[1].documents, kv[0]))
            out["by"] = {
                "field": self.by,
                "groups": [{"value": value, **tally.to_dict()} for value, tally in groups],
            }
        if self.date_field:
            out["trends"] = {
                "field": self.date_field,
                "period": self.resolved_period(),
                "undated": self.undated,
                "periods": [{"period": key, **tally.to_dict()} for key, tally in self.trend_tallies().items()],
            }
        if self.skipped:
            out["skipped_lines"] = len(self.skipped)
        return out


def _merge(target: Tally, other: Tally) -> None:
    target.documents += other.documents
    target.words += other.words
    target.findings += other.findings
    target.masculine += other.masculine
    target.feminine += other.feminine
    target.verdicts.update(other.verdicts)
    target.categories.update(other.categories)
    target.documents_with.update(other.documents_with)


def summarize(
    documents: Iterable[dict[str, Any]] | str | Path,
    *,
    by: str | None = None,
    date_field: str | None = None,
    period: str = "auto",
    top: int = TOP_TERMS,
) -> Summary:
    """Add up document objects (or a results file) into a Summary."""
    if period not in ("auto", "month", "quarter", "year"):
        raise UsageError(f"period must be auto, month, quarter or year, not {period!r}", source="--period")
    summary = Summary(by=by, date_field=date_field, period=period, top=top)
    if isinstance(documents, (str, Path)):
        documents = iter_results(documents, skipped=summary.skipped)
    for doc in documents:
        summary.add(doc)
    return summary


# ---------------------------------------------------------------------------------------------
# Rendering


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _table(rows: list[list[str]], header: list[str], align: str = "") -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    def fmt(row: list[str]) -> str:
        cells = []
        for i, cell in enumerate(row):
            right = align[i] == "r" if i < len(align) else False
            cells.append(str(cell).rjust(widths[i]) if right else str(cell).ljust(widths[i]))
        return "  ".join(cells).rstrip()
    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)])


def render_text(summary: Summary) -> str:
    d = summary.to_dict()
    gc = d["gender_coding"]
    out = [
        f"{d['documents']:,} documents, {d['words']:,} words, {d['findings']:,} findings "
        f"({_num(d['findings_per_100'])} per 100 words)",
        f"coded words per 100 words: masculine {_num(gc['masculine_per_100'])}, feminine {_num(gc['feminine_per_100'])}",
        "",
        "Verdicts",
        _table([[v, f"{x['count']:,}", _pct(x["share"])] for v, x in d["verdicts"].items()], ["verdict", "documents", "share"], "lrr"),
        "",
        "Findings by category",
        _table(
            [[c["category"], f"{c['findings']:,}", _num(c["per_100"], 3), _pct(c["share_of_documents"])] for c in d["categories"]],
            ["category", "findings", "per 100 words", "documents with one"],
            "lrrr",
        )
        if d["categories"]
        else "(no findings)",
    ]
    for label, terms in d["top_terms"].items():
        out += ["", f"Most frequent: {label}", ", ".join(f"{t['term']} ({t['count']:,})" for t in terms)]
    if "by" in d:
        out += ["", f"By {d['by']['field']}", _group_table(d["by"]["groups"], "value")]
    if "trends" in d:
        t = d["trends"]
        out += ["", f"Trend by {t['period']} of {t['field']}" + (f" ({t['undated']:,} documents without a date)" if t["undated"] else "")]
        out.append(_group_table(t["periods"], "period") if t["periods"] else "(no dated documents)")
    if summary.skipped:
        out += ["", f"{len(summary.skipped):,} lines were not document objects and were skipped (first: {summary.skipped[0]})"]
    return "\n".join(out) + "\n"


def _group_table(groups: list[dict[str, Any]], key: str) -> str:
    rows = [
        [
            str(g[key])[:40],
            f"{g['documents']:,}",
            _num(g["gender_coding"]["masculine_per_100"]),
            _num(g["gender_coding"]["feminine_per_100"]),
            _pct(g["gender_coding"]["masculine_coded_share"]),
            _pct(g["gender_coding"]["feminine_coded_share"]),
            _num(g["findings_per_100"]),
        ]
        for g in groups
    ]
    return _table(rows, [key, "documents", "masc/100", "fem/100", "masc-coded", "fem-coded", "findings/100"], "lrrrrrr")


def render_json(summary: Summary) -> str:
    return json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%;height:auto}
.note{color:#555;font-size:.9rem}.terms li{margin:.15rem 0}
"""


def _html_table(header: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f'<th{" class=n" if i in numeric else ""}>{escape(h)}</th>' for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{escape(str(c))}</td>' for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(summary: Summary, title: str = "normcheck corpus summary") -> str:
    from normcheck import plots

    d = summary.to_dict()
    gc = d["gender_coding"]
    can_plot = plots.available()
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{d['documents']:,} documents, {d['words']:,} words, {d['findings']:,} findings "
        f"({_num(d['findings_per_100'])} per 100 words). Coded words per 100 words: masculine "
        f"{_num(gc['masculine_per_100'])}, feminine {_num(gc['feminine_per_100'])}.</p>",
        "<p class=note>Counts describe the wording of the texts. Coded words signal a lean; they are not mistakes, "
        "and a difference between groups or periods is a description, not a measured effect.</p>",
        "<h2>Verdicts</h2>",
    ]
    verdicts = d["verdicts"]
    if can_plot and d["documents"]:
        labels = list(verdicts)
        fig = plots.barh(labels, [verdicts[v]["share"] or 0 for v in labels], title="Share of documents by verdict",
                         xlabel="share of documents", colours=[plots.COLOURS.get(v, plots.COLOURS["other"]) for v in labels])
        parts.append(plots.img(fig, "Bar chart of the share of documents by verdict"))
    parts.append(_html_table(["verdict", "documents", "share"], [[v, f"{x['count']:,}", _pct(x["share"])] for v, x in verdicts.items()], {1, 2}))
    parts.append("<h2>Findings by category</h2>")
    if d["categories"]:
        if can_plot:
            cats = d["categories"][:15]
            fig = plots.barh([c["category"] for c in cats], [c["per_100"] or 0 for c in cats],
                             title="Findings per 100 words by category", xlabel="findings per 100 words")
            parts.append(plots.img(fig, "Bar chart of findings per 100 words by category"))
        parts.append(_html_table(
            ["category", "findings", "per 100 words", "documents with one"],
            [[c["category"], f"{c['findings']:,}", _num(c["per_100"], 3), _pct(c["share_of_documents"])] for c in d["categories"]],
            {1, 2, 3},
        ))
    else:
        parts.append("<p>No findings.</p>")
    if d["top_terms"]:
        parts.append("<h2>Most frequent flagged words</h2>")
        for label, terms in d["top_terms"].items():
            parts.append(f"<h3>{escape(label)}</h3>")
            parts.append(_html_table(["word", "times", "documents"], [[t["term"], f"{t['count']:,}", f"{t['documents']:,}"] for t in terms], {1, 2}))
    if "by" in d:
        groups = d["by"]["groups"]
        parts.append(f"<h2>By {escape(d['by']['field'])}</h2>")
        if can_plot and groups:
            shown = groups[:20]
            fig = plots.stacked_shares(
                [str(g["value"])[:30] for g in shown],
                {v: [g["verdicts"].get(v, {}).get("share") or 0 for g in shown] for v in VERDICTS},
                title=f"Verdicts by {d['by']['field']}" + (" (20 largest groups)" if len(groups) > 20 else ""),
            )
            parts.append(plots.img(fig, f"Verdict shares by {d['by']['field']}"))
        parts.append(_html_group_table(groups, "value"))
    if "trends" in d:
        t = d["trends"]
        parts.append(f"<h2>Trend by {escape(t['period'])} ({escape(t['field'])})</h2>")
        if t["undated"]:
            parts.append(f"<p class=note>{t['undated']:,} documents had no readable date and are left out of the trend.</p>")
        periods = t["periods"]
        if can_plot and periods:
            x = [p["period"] for p in periods]
            fig = plots.lines(x, {
                "masculine": [p["gender_coding"]["masculine_per_100"] for p in periods],
                "feminine": [p["gender_coding"]["feminine_per_100"] for p in periods],
            }, title="Coded words per 100 words", ylabel="per 100 words", colours=plots.COLOURS)
            parts.append(plots.img(fig, "Line chart of masculine- and feminine-coded words per 100 words over time"))
            fig = plots.lines(x, {
                "masculine-coded": [p["gender_coding"]["masculine_coded_share"] for p in periods],
                "feminine-coded": [p["gender_coding"]["feminine_coded_share"] for p in periods],
            }, title="Share of documents with a masculine or feminine lean", ylabel="share of documents",
               colours={"masculine-coded": plots.COLOURS["masculine"], "feminine-coded": plots.COLOURS["feminine"]})
            parts.append(plots.img(fig, "Line chart of the share of masculine- and feminine-coded documents over time"))
        parts.append(_html_group_table(periods, "period") if periods else "<p>No dated documents.</p>")
    if not can_plot:
        parts.append('<p class=note>Plots need matplotlib: pip install "normcheck[eval]".</p>')
    if summary.skipped:
        parts.append(f"<p class=note>{len(summary.skipped):,} lines were not document objects and were skipped.</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _html_group_table(groups: list[dict[str, Any]], key: str) -> str:
    rows = [
        [
            g[key], f"{g['documents']:,}",
            _num(g["gender_coding"]["masculine_per_100"]), _num(g["gender_coding"]["feminine_per_100"]),
            _pct(g["gender_coding"]["masculine_coded_share"]), _pct(g["gender_coding"]["feminine_coded_share"]),
            _num(g["findings_per_100"]),
        ]
        for g in groups
    ]
    header = [key, "documents", "masculine / 100 words", "feminine / 100 words", "masculine-coded", "feminine-coded", "findings / 100 words"]
    return _html_table(header, rows, {1, 2, 3, 4, 5, 6})


RENDERERS = {"text": render_text, "json": render_json, "html": render_html}


def write(summary: Summary, fmt: str, out: IO[str]) -> None:
    out.write(RENDERERS[fmt](summary))
