"""The HTML review: one self-contained page to open in a browser, share or print.

The page holds the document text with each finding highlighted by category, the message and
suggestions on hover and on keyboard focus and again in a side list, the gender-coding balance
as an inline SVG chart, the module summaries, and a print stylesheet. Nothing is fetched: CSS
and JavaScript are inline and a Content-Security-Policy forbids every network request.

Accessibility: every highlight is focusable (Tab, or ``n``/``p`` to jump), its explanation is
tied to it with ``aria-describedby``; categories differ by underline style and a symbol, not
only by colour; severity is written out; the page and every stretch of document text carry the
right ``lang`` (``sv``/``en``). If a script error ever happens, the page records it in
``data-errors`` on ``<html>`` (the browser test reads it).
"""

from __future__ import annotations

from html import escape
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from normcheck.hookspecs import hookimpl
from normcheck.reporters.common import (
    category_label,
    label,
    module_headlines,
    ordered_categories,
    severity_label,
    summarize,
    ui_lang,
    verdict_label,
)

if TYPE_CHECKING:
    from normcheck.config import Config
    from normcheck.model import DocumentReport, Finding, Report

SEVERITY_SYMBOLS = {"error": "✖", "warning": "▲", "suggestion": "●"}
# Built-in categories: (background, underline colour, underline style). Plugin categories cycle.
CATEGORY_STYLES: dict[str, tuple[str, str, str]] = {
    "gender-coded": ("#fff1b8", "#7a5a00", "dotted"),
    "gendered-term": ("#ffd9d2", "#a4262c", "solid"),
    "generic-pronoun": ("#e3dcff", "#5b2fa8", "double"),
    "age": ("#d6f0ff", "#005a9e", "dashed"),
    "origin": ("#d9f7e3", "#0b6a32", "wavy"),
    "religion": ("#f2e3d5", "#7a3e00", "dashed"),
    "ability": ("#dff6f6", "#00676b", "double"),
    "identity": ("#fde0f4", "#8a1466", "wavy"),
    "family": ("#e6f2d5", "#3f6212", "dotted"),
    "culture": ("#ffe4c7", "#9a3b00", "solid"),
    "recruitment": ("#e8e8e8", "#333333", "dashed"),
    "representation": ("#dde7ff", "#1f3f99", "dotted"),
}
_FALLBACK_STYLES = [("#eeeeee", "#444444", "dashed"), ("#e0f7fa", "#006064", "dotted"), ("#fce4ec", "#880e4f", "solid")]
MAX_LIST_ITEMS = 60
MAX_DEPTH = 3

_CSS = """
:root{--fg:#1b1b1b;--muted:#555;--line:#d0d0d0;--bg:#fff;--panel:#f7f7f8;--focus:#0b57d0}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;border:2px solid var(--focus);z-index:10}
.skip:focus{left:1rem}
header.page,footer.page{padding:1rem 2rem;background:var(--panel);border-bottom:1px solid var(--line)}
footer.page{border-top:1px solid var(--line);border-bottom:0;color:var(--muted);font-size:.875rem}
h1{font-size:1.5rem;margin:.2rem 0}
h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
h3{font-size:1.1rem;margin:1rem 0 .5rem}
main{padding:0 2rem 2rem}
.meta{color:var(--muted);margin:.2rem 0}
.summary{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start;margin:1rem 0;padding:1rem;border:1px solid var(--line);border-radius:6px}
.summary .counts{flex:1 1 18rem}
.summary .counts p{margin:.2rem 0}
.verdict{font-weight:600}
figure.balance{margin:0;flex:0 1 22rem}
figure.balance figcaption{font-size:.9rem;color:var(--muted)}
.modules{margin:2rem 0 0;padding:1rem;border:1px solid var(--line);border-radius:6px}
.modules h4{margin:.8rem 0 .2rem}.modules .headline{margin:.2rem 0}
.modules ol.advice{margin:.2rem 0 .6rem}.modules ol.advice li{margin:.2rem 0}
.modules details{margin:.4rem 0}.modules summary{cursor:pointer;color:var(--muted)}
.modules dl{margin:.3rem 0 .8rem;display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}
.modules dt{font-weight:600}.modules dd{margin:0}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,2fr);gap:2rem}
@media (max-width:60rem){.layout{grid-template-columns:1fr}}
.text{max-width:48rem}
.seg{margin:0 0 1em}
.seg-heading,.seg-title{font-weight:700;font-size:1.1em}
.seg-list_item::before{content:"• "}
.seg-table_cell{padding-left:.6em;border-left:3px solid var(--line)}
.f{position:relative}
mark.nc{color:inherit;padding:0 .1em;border-radius:2px;text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:.2em;cursor:help}
mark.nc:focus{outline:3px solid var(--focus);outline-offset:2px}
mark.nc .badge{font-size:.7em;vertical-align:super;margin-left:.15em;font-weight:700;text-decoration:none;display:inline-block}
.tip{display:none;position:absolute;left:0;top:1.7em;z-index:5;width:min(26rem,80vw);background:#fff;color:var(--fg);border:1px solid #888;border-radius:6px;padding:.6rem .8rem;box-shadow:0 4px 16px rgba(0,0,0,.18);font-size:.9rem;line-height:1.4;font-weight:400}
mark.nc:hover+.tip,mark.nc:focus+.tip,mark.nc.current+.tip{display:block}
.tip strong,.item .kind{font-weight:700}
.tip .sep{display:block;border-top:1px solid var(--line);margin:.5rem 0}
.sugg{margin:.3rem 0 0}
.rule{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8em;color:var(--muted)}
aside.list{border-left:1px solid var(--line);padding-left:1.5rem}
@media (max-width:60rem){aside.list{border-left:0;padding-left:0}}
aside.list ol{padding-left:1.6rem}
.item{margin:0 0 .9rem}
.item:focus{outline:3px solid var(--focus);outline-offset:2px}
.item q{font-weight:600}
.legend{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;margin:0 0 1rem}
.legend label{display:inline-flex;align-items:center;gap:.3rem;margin:.15rem .8rem .15rem 0}
.swatch{display:inline-block;padding:0 .3em;text-decoration-line:underline;text-decoration-thickness:2px}
.keys{font-size:.85rem;color:var(--muted)}
.hidden-cat{background:none!important;text-decoration:none!important;cursor:auto}
.hidden-cat .badge{display:none}
.errors{border:2px solid #a4262c;padding:.5rem 1rem;border-radius:6px}
@media print{
 body{font-size:11pt}
 .skip,.legend,.keys,.tip,.show-link{display:none!important}
 header.page,footer.page{background:none}
 .layout{display:block}
 aside.list{border:0;padding:0;break-before:page}
 mark.nc{background:none!important;color:#000}
 mark.nc .badge{color:#000}
 .summary,.item{break-inside:avoid}
 a{color:#000;text-decoration:none}
}
"""

# The error trap runs first so that a failure anywhere later is recorded on <html data-errors>.
_TRAP_JS = (
    "(function(){var h=document.documentElement;function rec(m){var p=h.getAttribute('data-errors');"
    "h.setAttribute('data-errors',(p?p+' | ':'')+m);}"
    "window.addEventListener('error',function(e){rec(String(e.message||('resource: '+((e.target&&(e.target.src||e.target.href))||e.type))))},true);"
    "window.addEventListener('unhandledrejection',function(e){rec('unhandled rejection: '+e.reason)});"
    "document.addEventListener('securitypolicyviolation',function(e){rec('blocked: '+e.violatedDirective+' '+e.blockedURI)});"
    "var ce=console.error;console.error=function(){rec(Array.prototype.join.call(arguments,' '));return ce.apply(console,arguments)};"
    "})();"
)

_APP_JS = """
(function(){
  var marks=Array.prototype.slice.call(document.querySelectorAll('mark.nc'));
  function visible(){return marks.filter(function(m){return !m.classList.contains('hidden-cat')});}
  function go(step){
    var list=visible();if(!list.length)return;
    var i=list.indexOf(document.activeElement);
    i=i<0?(step>0?0:list.length-1):(i+step+list.length)%list.length;
    // The highlight reached by keyboard shows its explanation even where :focus does not
    // match (a window without system focus, as in a headless browser).
    Array.prototype.forEach.call(document.querySelectorAll('mark.nc.current'),function(m){m.classList.remove('current');});
    list[i].classList.add('current');
    list[i].focus();list[i].scrollIntoView({block:'center'});
  }
  document.addEventListener('focusout',function(e){
    if(e.target&&e.target.classList&&e.target.classList.contains('current')){e.target.classList.remove('current');}
  });
  document.addEventListener('keydown',function(e){
    var t=e.target;if(e.altKey||e.ctrlKey||e.metaKey)return;
    if(t&&(t.tagName==='INPUT'||t.tagName==='TEXTAREA'||t.isContentEditable))return;
    if(e.key==='n'||e.key==='j'){go(1);e.preventDefault();}
    else if(e.key==='p'||e.key==='k'){go(-1);e.preventDefault();}
    else if(e.key==='Escape'&&t&&t.classList&&t.classList.contains('nc')){t.blur();}
    else if(e.key==='Enter'&&t&&t.classList&&t.classList.contains('nc')){
      var item=document.getElementById(t.getAttribute('data-item'));
      if(item){item.focus();item.scrollIntoView({block:'center'});e.preventDefault();}
    }
  });
  document.addEventListener('click',function(e){
    var a=e.target.closest?e.target.closest('a.show-link'):null;if(!a)return;
    var target=document.getElementById(a.getAttribute('href').slice(1));
    if(target){e.preventDefault();target.focus();target.scrollIntoView({block:'center'});}
  });
  Array.prototype.forEach.call(document.querySelectorAll('.legend input[data-cat]'),function(box){
    box.addEventListener('change',function(){
      var scope=box.closest('article')||document;var cat=box.getAttribute('data-cat');
      Array.prototype.forEach.call(scope.querySelectorAll('mark.nc[data-cats~="'+cat+'"]'),function(m){
        var show=Array.prototype.some.call(scope.querySelectorAll('.legend input[data-cat]'),function(b){
          return b.checked&&(' '+m.getAttribute('data-cats')+' ').indexOf(' '+b.getAttribute('data-cat')+' ')>=0;});
        m.classList.toggle('hidden-cat',!show);m.setAttribute('tabindex',show?'0':'-1');
      });
    });
  });
  window.addEventListener('beforeprint',function(){
    Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.setAttribute('open','');});
  });
  document.documentElement.setAttribute('data-ready','1');
  if(location.hash==='#nc-selftest'){
    // Self-check of the keyboard paths (used by the browser test; harmless for readers).
    var seen=[];function key(k,t){(t||document).dispatchEvent(new KeyboardEvent('keydown',{key:k,bubbles:true}));}
    function now(){var a=document.activeElement;return (a&&a.id)||'-';}
    key('n');seen.push(now());
    var tip=document.activeElement&&document.getElementById(document.activeElement.getAttribute('aria-describedby'));
    seen.push(tip&&getComputedStyle(tip).display==='block'?'tip-shown':'tip-hidden');
    key('n');seen.push(now());key('p');seen.push(now());
    if(document.activeElement&&document.activeElement.classList.contains('nc')){key('Enter',document.activeElement);}
    seen.push(now());
    document.documentElement.setAttribute('data-selftest',seen.join(' '));
  }
})();
"""


def _style_for(category: str, index: int) -> tuple[str, str, str]:
    return CATEGORY_STYLES.get(category) or _FALLBACK_STYLES[index % len(_FALLBACK_STYLES)]


def _css_for_categories(categories: list[str]) -> str:
    rules = []
    for i, cat in enumerate(categories):
        bg, line, style = _style_for(cat, i)
        cls = _cat_class(cat)
        rules.append(
            f"mark.{cls},.swatch.{cls}{{background:{bg};text-decoration-color:{line};text-decoration-style:{style}}}"
            f".item.{cls}{{border-left:4px {style if style != 'wavy' else 'dotted'} {line};padding-left:.5rem}}"
        )
    return "\n".join(rules)


def _cat_class(category: str) -> str:
    return "cat-" + "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in category)


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _text(value: Any) -> str:
    return escape(str(value), quote=False)


def _with_breaks(text: str) -> str:
    return "<br>".join(_text(part) for part in text.split("\n"))


def _clusters(findings: list[tuple[int, Finding]], lo: int, hi: int) -> list[tuple[int, int, list[tuple[int, Finding]]]]:
    """Overlapping findings in ``[lo, hi)`` merged: ``(start, end, [(number, finding), ...])``."""
    out: list[tuple[int, int, list[tuple[int, Finding]]]] = []
    for n, f in sorted(findings, key=lambda nf: (nf[1].start, -nf[1].end)):
        a, b = max(f.start, lo), min(f.end, hi)
        if b <= a:
            continue
        if out and a < out[-1][1]:
            s, e, members = out[-1]
            out[-1] = (s, max(e, b), [*members, (n, f)])
        else:
            out.append((a, b, [(n, f)]))
    return out


class _Page:
    def __init__(self, report: Report, config: Config | None) -> None:
        self.report = report
        self.config = config
        first = report.documents[0].language if report.documents else None
        self.lang = ui_lang(first)

    # -- pieces ---------------------------------------------------------------------------

    def finding_detail(self, f: Finding, lang: str) -> str:
        sev = severity_label(f.severity, lang)
        parts = [
            f'<span class="kind">{_text(SEVERITY_SYMBOLS.get(f.severity, "•"))} {_text(category_label(f.category, lang))}'
            f" · {_text(sev)}</span><br>",
            f'<span lang="{_attr(f.language or "und")}">{_text(f.message)}</span>',
        ]
        if f.suggestions:
            parts.append(
                f'<span class="sugg" style="display:block"><strong>{_text(label("suggestions", lang))}:</strong> '
                f'<span lang="{_attr(f.language or "und")}">{_text(", ".join(f.suggestions))}</span></span>'
            )
        return "".join(parts)

    def chart(self, doc: DocumentReport, prefix: str, lang: str) -> str:
        s = summarize(doc)
        m, fe = s.masculine, s.feminine
        top = max(m, fe, 1)
        width = 200
        mw = round(width * m / top)
        fw = round(width * fe / top)
        title = f"{label('balance', lang)}: {verdict_label(s.verdict, lang) or '—'}"
        desc = f"{label('masculine', lang)} {m}, {label('feminine', lang)} {fe}"
        return (
            f'<figure class="balance"><svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
            f'viewBox="0 0 360 96" aria-labelledby="{prefix}-chart-t {prefix}-chart-d">'
            f'<title id="{prefix}-chart-t">{_text(title)}</title><desc id="{prefix}-chart-d">{_text(desc)}</desc>'
            f'<defs><pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="#b3c7ff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1f3f99" stroke-width="3"/></pattern>'
            f'<pattern id="{prefix}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="#ffd0b8"/><circle cx="3" cy="3" r="1.6" fill="#9a3b00"/></pattern></defs>'
            f'<text x="0" y="18" font-size="13" fill="#1b1b1b">{_text(label("masculine", lang))}</text>'
            f'<rect x="0" y="24" width="{max(mw, 1)}" height="18" fill="url(#{prefix}-hatch)" stroke="#1f3f99"/>'
            f'<text x="{max(mw, 1) + 6}" y="38" font-size="13" fill="#1b1b1b">{m} ({s.masculine_per_100:g} {_text(label("per_100", lang))})</text>'
            f'<text x="0" y="64" font-size="13" fill="#1b1b1b">{_text(label("feminine", lang))}</text>'
            f'<rect x="0" y="70" width="{max(fw, 1)}" height="18" fill="url(#{prefix}-dots)" stroke="#9a3b00"/>'
            f'<text x="{max(fw, 1) + 6}" y="84" font-size="13" fill="#1b1b1b">{fe} ({s.feminine_per_100:g} {_text(label("per_100", lang))})</text>'
            f"</svg><figcaption>{_text(label('verdict', lang))}: "
            f'<span class="verdict">{_text(verdict_label(s.verdict, lang) or "—")}</span></figcaption></figure>'
        )

    def value(self, v: Any, depth: int = 0) -> str:
        if isinstance(v, dict):
            if depth >= MAX_DEPTH or not v:
                return _text(", ".join(f"{k}: {w}" for k, w in list(v.items())[:MAX_LIST_ITEMS]) if v else "—")
            rows = "".join(
                f"<dt>{_text(k)}</dt><dd>{self.value(w, depth + 1)}</dd>" for k, w in list(v.items())[:MAX_LIST_ITEMS]
            )
            return f"<dl>{rows}</dl>"
        if isinstance(v, (list, tuple)):
            if not v:
                return "—"
            if all(not isinstance(x, (dict, list, tuple)) for x in v):
                return _text(", ".join(str(x) for x in v[:MAX_LIST_ITEMS]) + (" …" if len(v) > MAX_LIST_ITEMS else ""))
            items = "".join(f"<li>{self.value(x, depth + 1)}</li>" for x in v[:MAX_LIST_ITEMS])
            return f"<ul>{items}</ul>"
        if isinstance(v, bool):
            return "✓" if v else "✗"
        if isinstance(v, float):
            return _text(f"{v:g}")
        return _text("—" if v is None else v)

    def modules(self, doc: DocumentReport, lang: str) -> str:
        """Each module's headline and advice, its other data folded away in ``<details>``."""
        if not doc.modules:
            return ""
        parts = [f'<section class="modules"><h3>{_text(label("modules", lang))}</h3>']
        for name, summary in doc.modules.items():
            parts.append(f"<h4>{_text(name)}</h4>")
            if not isinstance(summary, dict):
                parts.append(f"<p>{self.value(summary)}</p>")
                continue
            headline = summary.get("headline")
            if isinstance(headline, str):
                parts.append(f'<p class="headline">{_text(headline)}</p>')
            advice = [a for a in summary.get("advice") or [] if isinstance(a, dict) and isinstance(a.get("message"), str)]
            if advice:
                advice.sort(key=lambda a: a.get("priority") if isinstance(a.get("priority"), int) else 99)
                items = "".join(f"<li>{_text(a['message'])}</li>" for a in advice[:MAX_LIST_ITEMS])
                parts.append(f'<p class="advice-h"><strong>{_text(label("advice", lang))}</strong></p><ol class="advice">{items}</ol>')
            rest = {k: v for k, v in summary.items() if k not in ("headline", "advice")}
            if rest:
                parts.append(
                    f'<details><summary>{_text(label("details", lang))}: {_text(name)}</summary>{self.value(_readable(rest))}</details>'
                )
        parts.append("</section>")
        return "".join(parts)

    def segment_langs(self, doc: DocumentReport) -> list[str]:
        """The language of each segment (detected again only when the document is mixed)."""
        base = doc.language or "und"
        mixed = sum(1 for k, v in doc.languages.items() if k in ("sv", "en") and v > 0) > 1
        forced = getattr(self.config, "lang", None)
        if not mixed or forced:
            return [forced or base] * len(doc.document.segments)
        from normcheck.plugins import get_plugin_manager

        pm = get_plugin_manager()
        out = []
        text = doc.document.text
        for seg in doc.document.segments:
            code = pm.hook.detect_language(text=text[seg.start : seg.end], config=self.config)
            out.append(code if code in ("sv", "en") else base)
        return out

    def document_text(self, doc: DocumentReport, prefix: str, lang: str) -> str:
        text = doc.document.text
        numbered = list(enumerate(doc.findings, start=1))
        doc_lang = doc.language or "und"
        seg_langs = self.segment_langs(doc)
        out = [f'<section class="text" lang="{_attr(doc_lang)}" aria-labelledby="{prefix}-text-h">',
               f'<h3 id="{prefix}-text-h" lang="{self.lang}">{_text(label("document_text", lang))}</h3>']
        by_seg: dict[int, list[tuple[int, Finding]]] = {}
        segments = doc.document.segments
        for n, f in numbered:
            idx = f.location.segment if f.location and 0 <= f.location.segment < len(segments) else doc.document.segment_index_at(f.start)
            by_seg.setdefault(idx, []).append((n, f))
        for i, seg in enumerate(segments):
            seg_lang = seg_langs[i] if i < len(seg_langs) else doc_lang
            lang_attr = f' lang="{_attr(seg_lang)}"' if seg_lang != doc_lang else ""
            kind = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in seg.kind)
            pieces: list[str] = []
            pos = seg.start
            for a, b, members in _clusters(by_seg.get(i, []), seg.start, seg.end):
                pieces.append(_with_breaks(text[pos:a]))
                first_n = members[0][0]
                cats = ordered_categories({f.category for _, f in members})
                worst = max(members, key=lambda nf: ("suggestion", "warning", "error").index(nf[1].severity)
                            if nf[1].severity in ("suggestion", "warning", "error") else 0)[1]
                mark_id = f"{prefix}-m-{first_n}"
                tip_id = f"{prefix}-tip-{first_n}"
                badge = " ".join(f"{SEVERITY_SYMBOLS.get(f.severity, '•')}{n}" for n, f in members)
                classes = " ".join(["nc", *(_cat_class(c) for c in cats[:1]), f"sev-{worst.severity}"])
                # (no <hr>: it would close the paragraph the tooltip sits in)
                tip = '<span class="sep"></span>'.join(self.finding_detail(f, lang) for _, f in members)
                pieces.append(
                    f'<span class="f"><mark class="{_attr(classes)}" id="{mark_id}" tabindex="0" '
                    f'data-item="{prefix}-f-{first_n}" data-cats="{_attr(" ".join(_cat_class(c) for c in cats))}" '
                    f'aria-describedby="{tip_id}">{_with_breaks(text[a:b])}'
                    f'<span class="badge" aria-hidden="true">{_text(badge)}</span></mark>'
                    f'<span class="tip" role="tooltip" id="{tip_id}" lang="{self.lang}">{tip}</span></span>'
                )
                for n, _f in members:
                    self._mark_of[(prefix, n)] = mark_id
                pos = b
            pieces.append(_with_breaks(text[pos : seg.end]))
            out.append(f'<p class="seg seg-{kind}"{lang_attr}>{"".join(pieces)}</p>')
        out.append("</section>")
        return "".join(out)

    def findings_list(self, doc: DocumentReport, prefix: str, lang: str) -> str:
        cats = ordered_categories({f.category for f in doc.findings})
        out = [f'<aside class="list" aria-labelledby="{prefix}-list-h"><h3 id="{prefix}-list-h">'
               f'{_text(label("findings_list", lang))} ({len(doc.findings)})</h3>']
        if cats:
            boxes = "".join(
                f'<label><input type="checkbox" checked data-cat="{_cat_class(c)}"> '
                f'<span class="swatch {_cat_class(c)}">{_text(category_label(c, lang))}</span></label>'
                for c in cats
            )
            out.append(f'<fieldset class="legend"><legend>{_text(label("legend", lang))}</legend>{boxes}</fieldset>')
            out.append(f'<p class="keys">{_text(label("keyboard_help", lang))}</p>')
        if not doc.findings:
            out.append(f"<p>{_text(label('no_findings', lang))}</p>")
        else:
            out.append('<ol>')
            for n, f in enumerate(doc.findings, start=1):
                loc = f.location
                where = f"{label('line', lang)} {loc.line}, {label('column', lang)} {loc.column}" if loc else ""
                mark = self._mark_of.get((prefix, n))
                link = (f' <a class="show-link" href="#{mark}">{_text(label("show_in_text", lang))}</a>' if mark else "")
                out.append(
                    f'<li class="item {_cat_class(f.category)}" id="{prefix}-f-{n}" tabindex="-1">'
                    f'<q lang="{_attr(f.language or "und")}">{_text(f.text)}</q> '
                    f'<span class="meta">({_text(where)})</span>{link}<br>'
                    f"{self.finding_detail(f, lang)}"
                    f'<span class="rule" style="display:block">{_text(f.rule)}</span></li>'
                )
            out.append("</ol>")
        out.append("</aside>")
        return "".join(out)

    def article(self, doc: DocumentReport, index: int, single: bool) -> str:
        prefix = f"d{index}"
        lang = ui_lang(doc.language)
        s = summarize(doc)
        heading = "h2"
        title = "" if single else f'<{heading} id="{prefix}-h">{_text(doc.source)}</{heading}>'
        counts = [f'<p><strong>{_text(s.counts_phrase(lang))}</strong></p>']
        if s.by_category:
            counts.append(f"<p>{_text(label('by_category', lang))}: {_text(s.categories_phrase(lang))}</p>")
        for name, headline in module_headlines(doc):
            counts.append(f"<p><strong>{_text(name)}:</strong> {_text(headline)}</p>")
        counts.append(
            f'<p class="meta">{_text(label("language", lang).capitalize())}: {_text(doc.language or "?")} · '
            f'{doc.words} {_text(label("words", lang))}</p>'
        )
        labelled = f' aria-labelledby="{prefix}-h"' if not single else ' aria-label="' + _attr(doc.source) + '"'
        text_html = self.document_text(doc, prefix, lang)
        return (
            f'<article class="doc" id="{prefix}"{labelled}>{title}'
            f'<section class="summary"><div class="counts">{"".join(counts)}</div>{self.chart(doc, prefix, lang)}</section>'
            f'<div class="layout">{text_html}{self.findings_list(doc, prefix, lang)}</div>'
            f"{self.modules(doc, lang)}</article>"
        )

    def render(self) -> str:
        from normcheck import __version__

        self._mark_of: dict[tuple[str, int], str] = {}
        report = self.report
        docs = report.documents
        lang = self.lang
        single = len(docs) == 1
        if single:
            title = f"{label('review_of', lang)} {_display_name(docs[0].source)}"
        else:
            title = f"normcheck: {len(docs)} {label('documents', lang)}"
        cats = ordered_categories({f.category for d in docs for f in d.findings})
        articles = "".join(self.article(d, i, single) for i, d in enumerate(docs, start=1))
        errors = ""
        if report.errors:
            items = "".join(f"<li>{_text(e.source)}: {_text(e.message)} ({_text(e.code)})</li>" for e in report.errors)
            errors = f'<section class="errors"><h2>{_text(label("errors", lang))}</h2><ul>{items}</ul></section>'
        meta = ""
        if single:
            s = summarize(docs[0])
            meta = f'<p class="meta">{_text(docs[0].source)}</p><p class="meta">{_text(s.counts_phrase(lang))}'
            if s.verdict:
                meta += f" · {_text(label('verdict', lang))}: {_text(verdict_label(s.verdict, lang))}"
            meta += "</p>"
        skip = f'<a class="skip" href="#d1-list-h">{_text(label("skip_to_findings", lang))}</a>' if docs else ""
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "script-src 'unsafe-inline'; img-src data:\">\n"
            f'<meta name="generator" content="normcheck {_attr(__version__)}">\n'
            f"<title>{_text(title)}</title>\n"
            f"<script>{_TRAP_JS}</script>\n"
            f"<style>{_CSS}\n{_css_for_categories(cats)}</style>\n</head>\n<body>\n{skip}\n"
            f'<header class="page"><h1>{_text(title)}</h1>{meta}</header>\n'
            f"<main>{errors}{articles}</main>\n"
            f'<footer class="page">{_text(label("generated_by", lang))} {_text(__version__)} · '
            f"profile {_text(report.profile)}</footer>\n"
            f"<script>{_APP_JS}</script>\n</body>\n</html>\n"
        )


def _readable(value: Any) -> Any:
    """Module data without character offsets (``start``/``end``): they mean nothing to a reader."""
    if isinstance(value, dict):
        return {k: _readable(v) for k, v in value.items() if k not in ("start", "end", "spans")}
    if isinstance(value, list):
        return [_readable(v) for v in value]
    return value


def _display_name(source: str) -> str:
    """The file name of a path (``/long/path/annons.docx`` → ``annons.docx``); URLs stay whole."""
    if "://" in source or source in ("-", ""):
        return source or "-"
    return PurePath(source.replace("\\", "/")).name or source


def render_html(report: Report, config: Config | None = None) -> str:
    return _Page(report, config).render()


class HtmlReporter:
    name = "html"
    media_type = "text/html"
    description = "one self-contained HTML review page (highlights, side list, chart; prints well)"
    binary = False
    streaming = False
    per_document = True
    extension = ".html"

    def render_document(self, doc: DocumentReport, config: Config, options: dict[str, Any]) -> str:
        from normcheck.model import Report

        return render_html(Report(documents=[doc], profile=config.profile if config else "default"), config)

    def render(self, report: Report, config: Config, options: dict[str, Any]) -> str:
        return render_html(report, config)


@hookimpl
def register_reporters() -> list[object]:
    return [HtmlReporter()]
