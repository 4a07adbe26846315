"""The page at ``/``: a plain HTML form (no JavaScript) and the review it leads to.

The review is the ``html`` reporter's page when that reporter is registered; otherwise a
simple server-side rendering of the findings below, so the page works with the core alone.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from normcheck.model import DocumentReport, Report

_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem;margin-bottom:.2rem} p.lead{margin-top:0;color:#555}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
textarea{width:100%;min-height:14rem;font:inherit;padding:.5rem;box-sizing:border-box}
select,input[type=password],input[type=file]{font:inherit}
fieldset{border:1px solid #ccc;border-radius:.4rem;padding:.5rem 1rem 1rem;margin-top:1rem}
button{font:inherit;margin-top:1.2rem;padding:.5rem 1.4rem;border-radius:.4rem;border:1px solid #1a4f8b;background:#1a5fa8;color:#fff;cursor:pointer}
button:focus,textarea:focus,select:focus,input:focus{outline:3px solid #f2a900;outline-offset:2px}
.error{border:2px solid #a31515;background:#fdeeee;padding:.6rem 1rem;border-radius:.4rem}
.text{white-space:pre-wrap;border:1px solid #ddd;border-radius:.4rem;padding:1rem;background:#fafafa}
mark{background:#fff1b8;border-bottom:2px solid #b58900;padding:0 .1em}
mark.warning{background:#ffe0cc;border-bottom-color:#c0501a} mark.error{background:#ffd6d6;border-bottom-color:#a31515}
ol.findings li{margin-bottom:.6rem} .rule{color:#666;font-size:.85em;font-family:ui-monospace,monospace}
.muted{color:#666}
"""


def _page(title: str, body: str, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def form_page(profiles: list[str], *, auth: bool, max_mb: float, error: str | None = None, text: str = "") -> str:
    """The start page: paste text or upload a file, choose language and profile, submit."""
    options = "".join(f'<option value="{escape(p)}">{escape(p)}</option>' for p in profiles)
    key_field = (
        '<label for="api_key">API key</label>\n'
        '<input type="password" id="api_key" name="api_key" autocomplete="off" required>\n'
        if auth
        else ""
    )
    error_block = f'<p class="error" role="alert" id="error">{escape(error)}</p>\n' if error else ""
    body = f"""<header>
<h1>normcheck</h1>
<p class="lead">Paste a job ad or other text, or upload a file, to see gendered language and norm
phrases flagged with an explanation and what to write instead. Swedish and English.</p>
</header>
<main>
{error_block}<form id="scan-form" method="post" action="/review" enctype="multipart/form-data">
<label for="text">Text</label>
<textarea id="text" name="text" placeholder="Klistra in annonsen här / Paste the ad here">{escape(text)}</textarea>
<label for="file">…or a file (docx, pdf, html, odt, txt; at most {max_mb:g} MB)</label>
<input type="file" id="file" name="file" accept=".docx,.pdf,.html,.htm,.odt,.txt,.md,.rtf">
<fieldset>
<legend>Options</legend>
<label for="language">Language</label>
<select id="language" name="language">
<option value="auto" selected>Detect per paragraph</option>
<option value="sv">Swedish</option>
<option value="en">English</option>
</select>
<label for="profile">Profile</label>
<select id="profile" name="profile">{options}</select>
{key_field}</fieldset>
<button type="submit">Review</button>
</form>
<p class="muted">Developers: the same review as JSON at <code>POST /v1/scan</code>;
see <a href="/docs">the API documentation</a>.</p>
</main>"""
    return _page("normcheck: review a text", body)


def _highlighted(doc: DocumentReport) -> str:
    text = doc.document.text
    out: list[str] = []
    pos = 0
    for i, f in enumerate(sorted(doc.findings, key=lambda f: (f.start, -f.end))):
        if f.start < pos:  # overlapping findings are listed but highlighted once
            continue
        out.append(escape(text[pos : f.start]))
        out.append(
            f'<mark class="{escape(f.severity)}" title="{escape(f.message)}" id="m{i}">'
            f"{escape(text[f.start:f.end])}</mark>"
        )
        pos = f.end
    out.append(escape(text[pos:]))
    return "".join(out)


def review_page(report: Report) -> str:
    """A plain review: verdict, the text with each finding highlighted, and the findings listed."""
    parts = ['<header><h1>normcheck review</h1><p><a href="/">← Review another text</a></p></header>', "<main>"]
    lang = "en"
    for doc in report.documents:
        lang = doc.language if doc.language in ("sv", "en") else lang
        gc: dict[str, Any] = doc.scores.get("gender_coding", {}) or {}
        title = "Pasted text" if doc.source == "<text>" else doc.source
        parts.append(f"<section><h2>{escape(title)}</h2>")
        parts.append(
            f'<p id="summary">{doc.words} words, {len(doc.findings)} finding{"s" if len(doc.findings) != 1 else ""}'
            + (
                f"; gender coding: <strong>{escape(str(gc.get('verdict')))}</strong> "
                f"(masculine {gc.get('masculine', 0)}, feminine {gc.get('feminine', 0)})"
                if gc
                else ""
            )
            + ".</p>"
        )
        doc_lang = escape(doc.language or "und")
        parts.append(f'<div class="text" lang="{doc_lang}">{_highlighted(doc)}</div>')
        if doc.findings:
            parts.append('<h3>Findings</h3><ol class="findings">')
            for f in doc.findings:
                where = f"line {f.location.line}" if f.location else f"offset {f.start}"
                sugg = (
                    f"<br>Instead: {', '.join(f'<q>{escape(s)}</q>' for s in f.suggestions)}" if f.suggestions else ""
                )
                parts.append(
                    f'<li class="finding"><strong>{escape(f.text)}</strong> ({escape(f.severity)}, {escape(where)}): '
                    f'{escape(f.message)}{sugg} <span class="rule">{escape(f.rule)}</span></li>'
                )
            parts.append("</ol>")
        else:
            parts.append('<p class="none">Nothing flagged.</p>')
        parts.append("</section>")
    parts.append("</main>")
    return _page("normcheck review", "\n".join(parts), lang)


def error_page(message: str, profiles: list[str], *, auth: bool, max_mb: float) -> str:
    return form_page(profiles, auth=auth, max_mb=max_mb, error=message)
