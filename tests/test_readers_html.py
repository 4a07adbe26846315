"""The HTML reader: visible text only, main content, element-path locators, suppression comments."""

from __future__ import annotations

import pytest
from readers_support import read, scan, seg_texts

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Warehouse lead | Northwind</title>
<meta name="description" content="Join the Northwind warehouse team.">
<style>.x { color: red }</style>
<script>document.write("SCRIPT-TEXT")</script>
</head>
<body>
<div id="cookie-consent"><p>We use cookies. Accept all?</p><button>OK</button></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/jobs">Jobs</a></li></ul></nav></header>
<main>
  <h1>Warehouse lead</h1>
  <p>You will coach a <strong>zorblax</strong> team and <a href="/about">meet the crew</a>.</p>
  <p hidden>HIDDEN-ATTR</p>
  <p style="color: grey; display:none">HIDDEN-STYLE</p>
  <div aria-hidden="true">HIDDEN-ARIA</div>
  <noscript>NOSCRIPT-TEXT</noscript>
  <template><p>TEMPLATE-TEXT</p></template>
  <ul><li>Forklift licence</li><li><a href="/apply">Apply now</a></li></ul>
  <img src="team.jpg" alt="Two colleagues loading a truck">
  <img src="spacer.gif" alt="">
  <table><tr><th>Hours</th><td>Days, 38 per week</td></tr></table>
  <div>Intro words<p>Inner paragraph</p>closing words<br>next line</div>
  <form><input type="text" value="INPUT-VALUE"><select><option>OPTION-TEXT</option></select></form>
</main>
<footer><p>Northwind AB, Harbour Road 1</p></footer>
</body></html>
"""


def test_visible_text_in_order_with_element_paths():
    doc = read(PAGE.encode("utf-8"), "job.html")
    assert doc.media_type == "text/html"
    assert seg_texts(doc) == [
        ("title", "html:/html/head/title", "Warehouse lead | Northwind"),
        ("meta", "html:/html/head/meta[2]", "Join the Northwind warehouse team."),
        ("heading", "html:/html/body/main/h1", "Warehouse lead"),
        ("paragraph", "html:/html/body/main/p[1]", "You will coach a zorblax team and meet the crew."),
        ("list_item", "html:/html/body/main/ul/li[1]", "Forklift licence"),
        ("link", "html:/html/body/main/ul/li[2]/a", "Apply now"),
        ("alt_text", "html:/html/body/main/img[1]", "Two colleagues loading a truck"),
        ("table_cell", "html:/html/body/main/table/tr/th", "Hours"),
        ("table_cell", "html:/html/body/main/table/tr/td", "Days, 38 per week"),
        ("paragraph", "html:/html/body/main/div[2]", "Intro words"),
        ("paragraph", "html:/html/body/main/div[2]/p", "Inner paragraph"),
        ("paragraph", "html:/html/body/main/div[2]", "closing words\nnext line"),
    ]
    assert doc.meta["main_content"] is True


def test_scripts_styles_hidden_and_chrome_are_left_out():
    text = read(PAGE.encode("utf-8"), "job.html").text
    for absent in ("SCRIPT", "color: red", "HIDDEN-", "NOSCRIPT", "TEMPLATE", "INPUT-VALUE", "OPTION-TEXT",
                   "cookies", "Home", "Jobs", "Harbour Road"):
        assert absent not in text


def test_without_main_navigation_banners_and_footer_are_dropped():
    page = """<html><head><title>Careers</title></head><body>
    <div class="cookie-banner">Cookies help us. Accept?</div>
    <header><a href="/">Logo</a><ul class="menu"><li><a href="/a">About us</a></li></ul></header>
    <nav aria-label="breadcrumb"><a href="/">Start</a> / Careers</nav>
    <aside><p>Related: other jobs</p></aside>
    <div class="content"><h2>Driver</h2><p>We need a careful driver.</p>
      <article><header><h3>Article heading stays</h3></header><p>Body of the article.</p></article>
    </div>
    <div role="navigation"><a href="/x">Sitemap</a></div>
    <footer>Footer text</footer>
    </body></html>"""
    doc = read(page.encode("utf-8"), "careers.html")
    texts = [t for _, _, t in seg_texts(doc)]
    assert texts == ["Careers", "Article heading stays", "Body of the article."]  # one <article>: the main part
    assert doc.meta["main_content"] is True
    two_articles = page.replace("</article>", "</article><article><p>Second story.</p></article>")
    doc = read(two_articles.encode("utf-8"), "careers.html")
    texts = [t for _, _, t in seg_texts(doc)]
    assert texts == ["Careers", "Driver", "We need a careful driver.", "Article heading stays",
                     "Body of the article.", "Second story."]
    assert doc.meta["boilerplate_blocks"] >= 5


def test_suppression_comment_silences_the_next_block_only(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><main>"
        "<p>The zorblax one.</p>\n"
        "<!-- normcheck-disable-next-line en.readertest -->\n"
        "<p>The zorblax two.</p>\n"
        "<p>The zorblax three.</p>"
        "</main></body></html>",
        encoding="utf-8",
    )
    report = scan(page, tmp_path)
    assert [f.location.locator for f in report.findings] == ["html:/html/body/main/p[1]", "html:/html/body/main/p[3]"]
    doc = report.documents[0].document
    assert [s.kind for s in doc.segments] == ["paragraph", "directive", "paragraph", "paragraph"]


def test_disable_and_enable_comments_cover_a_region(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><!-- normcheck-disable --><p>zorblax a</p><div><p>zorblax b</p></div>"
        "<!-- normcheck-enable --><p>zorblax c</p></body></html>",
        encoding="utf-8",
    )
    report = scan(page, tmp_path)
    assert [f.location.locator for f in report.findings] == ["html:/html/body/p[2]"]


def test_findings_in_html_have_line_and_column(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    report = scan(page, tmp_path)
    (f,) = report.findings
    assert (f.location.locator, f.location.kind, f.location.line, f.location.column) == (
        "html:/html/body/main/p[1]", "paragraph", 7, 18)


def test_charset_from_meta_latin1():
    page = '<html><head><meta charset="iso-8859-1"><title>Säljare</title></head><body><p>Vi söker en säljare i Umeå.</p></body></html>'
    doc = read(page.encode("latin-1"), "sv.html")
    assert "Vi söker en säljare i Umeå." in doc.text
    assert doc.text.startswith("Säljare")


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("<!DOCTYPE html><html><body><p>Hello <b>team</b></p><script>x()</script></body></html>", encoding="utf-8")
    doc = read(path)
    assert doc.media_type == "text/html"
    assert doc.text == "Hello team"


def test_all_script_page_is_a_clear_error():
    from normcheck.errors import ReaderError

    page = b'<html><head><title>App</title><script src="/app.js"></script></head><body><div id="root"></div><script>boot()</script></body></html>'
    with pytest.raises(ReaderError, match="made by JavaScript"):
        read(page, "app.html")


def test_empty_main_falls_back_to_the_body():
    page = b"<html><body><main id='app'></main><section><p>Rendered on the server.</p></section></body></html>"
    assert read(page, "x.html").text == "Rendered on the server."


def test_entity_declarations_in_html_are_not_expanded():
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    page = f'<!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]><html><body><p>Start &l9; end</p></body></html>'
    doc = read(page.encode("utf-8"), "laughs.html")
    assert len(doc.text) < 200
    assert "lollol" not in doc.text


def test_deep_nesting_is_read_or_refused_never_truncated():
    from normcheck.errors import ReaderError

    def page(depth: int) -> bytes:
        return ("<html><body>" + "<div>" * depth + "<p>Deep text</p>" + "</div>" * depth + "</body></html>").encode()

    assert read(page(1000), "deep.html").text == "Deep text"
    with pytest.raises(ReaderError, match="nested more than 2,048 deep"):
        read(page(20000), "deeper.html")


def test_page_links_for_crawling():
    from normcheck.readers.html import page_links

    page = b"""<html><head><base href="/jobs/"></head><body>
    <a href="driver">Driver</a> <a href="/about#team">About</a> <a href="mailto:x@y.se">Mail</a>
    <a href="https://other.example/">Other</a> <a rel="nofollow" href="/login">Log in</a></body></html>"""
    assert page_links(page, "http://127.0.0.1:8000/start") == [
        "http://127.0.0.1:8000/jobs/driver",
        "http://127.0.0.1:8000/about",
        "https://other.example/",
    ]


def test_state_classes_on_wrappers_do_not_hide_the_page():
    page = b"""<html><body><div id="page" class="site has-sidebar with-nav">
    <div class="main-nav"><a href="/">Home</a></div>
    <div class="entry"><p>The real text of the ad.</p></div>
    <div class="sidebar"><p>Latest news</p></div></div></body></html>"""
    assert read(page, "x.html").text == "The real text of the ad."


def test_a_page_that_is_all_menu_is_read_rather_than_lost():
    page = b"<html><body><nav><p>Only a menu with words: apply today.</p></nav></body></html>"
    assert read(page, "menu.html").text == "Only a menu with words: apply today."
