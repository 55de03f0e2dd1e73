"""Feeds (RSS/Atom, file and URL) and WARC files, built in the test with real writers."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from crossread.ingest.feed import iter_articles as feed_articles
from crossread.ingest.sources import read
from crossread.ingest.warc import iter_articles as warc_articles

BODY = (
    "The city council of Lakeford voted on Tuesday to close the old harbour bridge after "
    "engineers found deep cracks in two of its pillars. Mayor Anna Berg said the bridge "
    "would stay closed for at least six months while repairs are planned. Ferry services "
    "will run every twenty minutes during the closure, the transport office said."
)

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lakeford Herald</title>
<item><title>Harbour bridge closed</title><link>https://herald.example/bridge</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>{BODY}</p><p>Read more <a href="#">here</a></p>]]></description></item>
<item><title>Empty one</title><link>https://herald.example/empty</link><description></description></item>
<item><title>Ferry timetable</title><link>https://herald.example/ferry</link>
<description>Ferries will leave the north pier every twenty minutes from Wednesday, the
transport office of Lakeford said, while the harbour bridge stays closed for repairs.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast News</title>
<entry><title>Bridge shut for repairs</title><link href="https://coast.example/a1"/>
<id>urn:coast:a1</id><updated>2024-03-05T12:00:00Z</updated>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_become_articles_and_empty_entry_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "herald.rss"
    path.write_text(RSS, encoding="utf-8")
    errors: list[str] = []
    arts = list(feed_articles(path, str(path), on_error=errors.append))
    assert [a.url for a in arts] == [
        "https://herald.example/bridge",
        "https://herald.example/ferry",
    ]
    first = arts[0]
    assert first.title == "Harbour bridge closed"
    assert first.outlet == "Lakeford Herald"
    assert first.published and first.published.startswith("2024-03-05")
    assert "Mayor Anna Berg" in first.text and "<p>" not in first.text
    assert len(errors) == 1 and "herald.rss#2" in errors[0] and "no text" in errors[0]


def test_atom_feed_through_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "coast.atom"
    path.write_text(ATOM, encoding="utf-8")
    result = read([str(path)])
    assert len(result.articles) == 1
    a = result.articles[0]
    assert a.url == "https://coast.example/a1" and "pillars" in a.text
    assert a.published and a.published.startswith("2024-03-05")


def test_broken_feed_is_one_line_and_other_inputs_go_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rss"
    bad.write_text("<rss><channel><title>x</title><item><title>unterminated", encoding="utf-8")
    good = tmp_path / "good.rss"
    good.write_text(RSS, encoding="utf-8")
    result = read([str(bad), str(good)])
    assert len(result.articles) == 2
    bad_msgs = [e for e in result.errors if "bad.rss" in e]
    assert bad_msgs and all("\n" not in e for e in bad_msgs)


def _serve(routes: dict[str, tuple[str, str]]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 answering each path with (content type, body)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            ctype, body = routes[self.path]
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture()
def feed_server() -> Iterator[str]:
    for base in _serve({"/feed.rss": ("application/rss+xml", RSS)}):
        yield f"{base}/feed.rss"


def test_feed_from_url(feed_server: str) -> None:
    """The path a user's URL takes: read() fetches it and reads the feed's entries."""
    result = read([feed_server])
    assert [a.title for a in result.articles] == ["Harbour bridge closed", "Ferry timetable"]
    assert result.articles[0].outlet == "Lakeford Herald"
    assert len(result.errors) == 1 and "no text" in result.errors[0]


OTHER = (
    "Twin panda cubs were born at the Vellmar zoo on Sunday, keeper Tomas Ruiz said. The cubs, "
    "a male and a female, weigh about 150 grams each and are in good health, the zoo said. "
    "Visitors will be able to see them from the spring, once they are strong enough."
)
THIRD = (
    "Storm Elsa closed schools across the northern valleys on Monday as snow drifts blocked "
    "roads. The regional office said buses would not run before Wednesday and asked drivers "
    "to stay at home; power was cut to some 4,000 homes near Orsk overnight."
)


@pytest.fixture()
def mixed_server() -> Iterator[str]:
    """Feeds served under names and content types that do not say 'feed', and a page."""
    page = (
        "<html><head><title>Bridge</title></head><body><article><p>"
        + BODY
        + "</p></article></body></html>"
    )
    routes = {
        "/latest": ("text/xml; charset=utf-8", "\ufeff" + RSS),
        "/coast": (
            "application/octet-stream",
            ATOM.replace("?>", "?>\n<!-- coast news -->", 1).replace(BODY, OTHER),
        ),
        "/rdf": (
            "application/xml",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://r.example/">'
            "<title>R</title></channel>"
            f'<item rdf:about="https://r.example/1"><title>Bridge</title>'
            f"<link>https://r.example/1</link><description>{THIRD}</description></item>"
            "</rdf:RDF>",
        ),
        "/page": ("text/html; charset=utf-8", page),
    }

    yield from _serve(routes)


def test_url_serving_a_feed_is_read_as_a_feed_whatever_its_name_and_type(
    mixed_server: str,
) -> None:
    result = read([f"{mixed_server}/latest", f"{mixed_server}/coast", f"{mixed_server}/rdf"])
    urls = [a.url for a in result.articles]
    assert urls == [
        "https://herald.example/bridge",
        "https://herald.example/ferry",
        "https://coast.example/a1",
        "https://r.example/1",
    ]
    assert result.articles[0].title == "Harbour bridge closed"
    assert result.articles[0].outlet == "Lakeford Herald"
    assert all("<item" not in a.text and "<entry" not in a.text for a in result.articles)
    # the RSS feed's empty entry is one message naming it; nothing else went wrong
    assert len(result.errors) == 1 and "/latest#2" in result.errors[0]


def test_url_serving_a_page_is_still_one_article(mixed_server: str) -> None:
    result = read([f"{mixed_server}/page"])
    assert len(result.articles) == 1 and "Mayor Anna Berg" in result.articles[0].text
    assert result.articles[0].url == f"{mixed_server}/page"


# ---------------------------------------------------------------- WARC


def _page(title: str, body: str) -> bytes:
    paras = "".join(f"<p>{s}.</p>" for s in body.split(". "))
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>{title}</h1>{paras}</article><footer>Subscribe</footer></body></html>"
    ).encode()


def _warc(path: Path, pages: list[tuple[str, bytes, str]], gz: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, payload, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
            rec = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"},
            )
            writer.write_record(rec)


PAGES = [
    ("https://a.example/bridge", _page("Harbour bridge closed", BODY), "text/html; charset=utf-8"),
    ("https://a.example/logo.png", b"\x89PNG....", "image/png"),
    (
        "https://b.example/bridge",
        _page("Lakeford shuts bridge", BODY.replace("Tuesday", "Monday")),
        "text/html",
    ),
    ("https://c.example/empty", b"<html><body><nav>menu</nav></body></html>", "text/html"),
]


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path, PAGES)
    result = read([str(path)])
    arts = result.articles
    assert [a.url for a in arts] == ["https://a.example/bridge", "https://b.example/bridge"]
    assert arts[0].title == "Harbour bridge closed" and "Mayor Anna Berg" in arts[0].text
    assert "Subscribe" not in arts[0].text
    assert arts[0].published == "2024-03-05"
    assert len(result.errors) == 2 and "c.example/empty" in result.errors[0]
    assert "skipped 1 record(s) that hold no web page: 1 image/png" in result.errors[1]


def test_truncated_warc_keeps_what_was_read(tmp_path: Path) -> None:
    full = tmp_path / "full.warc"
    _warc(full, PAGES[:1] * 1 + PAGES[2:3], gz=False)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: int(len(data) * 0.75)])  # the second record is cut
    errors: list[str] = []
    arts = list(warc_articles(cut, str(cut), on_error=errors.append))
    assert [a.url for a in arts] == ["https://a.example/bridge"]
    assert len(errors) == 1 and "cut.warc" in errors[0] and "\n" not in errors[0]


def test_truncated_gzip_warc_through_the_reader(tmp_path: Path) -> None:
    full = tmp_path / "full.warc.gz"
    _warc(full, PAGES)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 40])
    result = read([str(cut)])
    assert any(a.url == "https://a.example/bridge" for a in result.articles)
    assert any("cut.warc.gz" in e for e in result.errors)
