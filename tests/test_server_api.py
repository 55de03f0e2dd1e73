"""The web app and JSON API against the real app and a real SQLite store (no mocks).

One store per module: the example story is added once through the API (a real
multipart upload), then read, checked and extended the way a user would.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from crossread.server.app import create_app  # noqa: E402
from crossread.server.config import ServeOptions  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1"

RELATED = (
    (Path(__file__).parent / "data" / "related_article.txt").read_text(encoding="utf-8").strip()
)
UNRELATED = (
    "Local bakery wins national bread prize\n\n"
    "A family bakery in the market town of Ludlow has been named the best in the country at an "
    "annual baking competition held in Birmingham on Saturday. The judges praised its sourdough "
    "loaf and rye crackers, and the owners said they would spend the prize money on a second oven "
    "and on training two apprentices from the local college next spring."
)
HOSTILE = (
    "Hostile markup in an article body\n\n"
    "This report contains markup that must be shown as text and never run by the browser. "
    '<script>window.__pwned = 1; document.title = "pwned"</script> '
    '<img src="x" onerror="window.__pwned = 2"> and a link <a href="javascript:alert(1)">click</a> '
    "appear inside the paragraph, followed by more ordinary words so the article is long enough."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, example_dir: Path) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("serve") / "stories.db"
    app = create_app(
        db, ServeOptions(max_urls=2, max_upload_bytes=200_000, max_request_bytes=1_000_000)
    )
    with TestClient(app, base_url=BASE) as c:
        files = [
            ("files", (p.name, p.read_bytes(), "text/plain"))
            for p in sorted(example_dir.glob("*.txt"))
        ]
        r = c.post("/api/articles", files=files)
        assert r.status_code == 200, r.text
        assert len(r.json()["added"]) == 5
        yield c


def example_story(client: TestClient) -> dict:
    stories = client.get("/api/stories").json()["stories"]
    return max(stories, key=lambda s: s["size"])


def test_the_example_becomes_one_story_listed_with_size_outlets_dates(client: TestClient) -> None:
    story = example_story(client)
    assert story["size"] == 5
    assert "The Moscow Times" in story["outlets"]
    assert story["last_seen"].startswith("2017-12-11")
    page = client.get("/", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert story["title"] in page.text
    assert f'href="/stories/{story["id"]}"' in page.text


def test_stories_are_searchable(client: TestClient) -> None:
    story = example_story(client)
    word = story["title"].split()[-1].lower()
    found = client.get("/api/stories", params={"q": word}).json()
    assert story["id"] in [s["id"] for s in found["stories"]]
    none = client.get("/api/stories", params={"q": "zzqx-nothing-matches"}).json()
    assert none == {"stories": [], "total": 0, "offset": 0, "limit": 50, "next_offset": None}
    assert "No story matches" in client.get("/", params={"q": "zzqx-nothing-matches"}).text


def test_story_api_has_a_cited_summary_and_the_cross_check(client: TestClient) -> None:
    story = example_story(client)
    data = client.get(f"/api/stories/{story['id']}").json()
    assert data["story"]["id"] == story["id"]
    assert len(data["articles"]) == 5
    summary = data["brief"]["summary"]
    assert summary
    assert all(s["citations"] for s in summary)
    assert any(len(s["citations"]) > 1 for s in summary)
    check = data["brief"]["check"]
    for key in ("reuse", "entities", "facts", "conflicts", "inconsistencies", "quotes"):
        assert key in check


def test_story_page_chips_point_at_the_cited_sentences(client: TestClient) -> None:
    story = example_story(client)
    brief = client.get(f"/api/stories/{story['id']}").json()["brief"]
    html = client.get(f"/stories/{story['id']}").text
    chips = re.findall(
        r'class="chip chip-(?:strong|partial)" href="([^"]+)" data-article="([^"]+)" '
        r'data-sentence="(\d+)"',
        html,
    )
    assert chips
    # every chip says how strong it is (title), a partial one is drawn differently and marked "~"
    assert len(re.findall(r"(?:strong|partial) citation, strength \d\.\d\d", html)) == len(chips)
    evidence = {(e["article"], e["sentence"]) for s in brief["summary"] for e in s["evidence"]}
    for _href, article, sentence in chips:
        assert (article, int(sentence)) in evidence
    sections = re.findall(r'<section class="check-section (\w+)" id="\w+"', html)
    # conflicts and changes in rewrites first, the copy picture next to them, then figures,
    # quotes, names
    assert sections[:3] == ["conflicts", "changes", "copies"]
    assert sections.index("figures") < sections.index("quotes") < sections.index("names")
    for key in sections:  # every section is reachable from the page's navigation
        assert f'href="#{key}"' in html
    assert "<svg" in html  # the who-copied-whom graph, drawn server-side
    assert html.count("No conflicts") <= 1
    # every source number stands with its outlet (or site) and date, never a raw id alone
    tags = re.findall(r'<a class="ref"[^>]*><b>(\d+)</b><span class="tag">([^<]+)</span>', html)
    assert tags and all(tag.strip() for _, tag in tags)
    assert "5 articles from The Moscow Times" not in html
    # one of the five names its outlet: the header does not count "outlet unknown" as an outlet
    assert re.search(r"5 articles\s+from 1 named outlet\b", html)
    # the same caveats and evidence as the terminal (issue 12)
    assert "direction unclear" in html
    assert "states both values" in html
    assert "changed: quantifier" in html


def test_article_page_marks_used_sentences_and_shows_removed_on_request(client: TestClient) -> None:
    story = example_story(client)
    brief = client.get(f"/api/stories/{story['id']}").json()["brief"]
    cited = brief["summary"][0]["evidence"][0]
    data = client.get(f"/api/articles/{quote(cited['article'], safe='')}").json()
    assert data["story"] == story["id"]
    by_index = {s["index"]: s for s in data["sentences"]}
    assert by_index[cited["sentence"]]["used"]
    for s in data["sentences"]:
        assert data["text"][s["start"] : s["end"]] == s["text"]
    html = client.get(
        f"/articles/{quote(cited['article'], safe='')}", params={"s": cited["sentence"]}
    ).text
    assert f'id="s{cited["sentence"]}" class="sent used hl"' in html
    assert '<details class="removed">' in html


def test_pasted_article_joins_its_story_and_unrelated_one_starts_another(
    client: TestClient,
) -> None:
    story = example_story(client)
    r = client.post("/api/articles", data={"text": RELATED})
    assert r.status_code == 200, r.text
    [added] = r.json()["added"]
    assert added["story"] == story["id"]
    assert client.get(f"/api/stories/{story['id']}").json()["story"]["size"] == 6
    r = client.post("/api/articles", data={"text": UNRELATED, "title": "Bakery prize"})
    [other] = r.json()["added"]
    assert other["story"] != story["id"]
    assert other["title"] == "Bakery prize"


def test_add_form_shows_where_each_article_went(client: TestClient) -> None:
    text = UNRELATED.replace("Ludlow", "Hereford").replace("sourdough", "spelt")
    r = client.post("/add", data={"text": text}, headers={"accept": "text/html"})
    assert r.status_code == 200
    assert "Added 1 article" in r.text
    assert 'class="joined"' in r.text


def test_hostile_markup_is_escaped_everywhere(client: TestClient) -> None:
    r = client.post("/api/articles", data={"text": HOSTILE})
    [added] = r.json()["added"]
    pages = [
        client.get(f"/articles/{quote(added['id'], safe='')}").text,
        client.get(f"/stories/{added['story']}").text,
        client.get("/").text,
    ]
    article_page = pages[0]
    assert "&lt;script&gt;window.__pwned" in article_page
    assert "onerror" in article_page
    for html in pages:
        assert "<script>window.__pwned" not in html
        assert '<img src="x"' not in html
        assert 'href="javascript:' not in html
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp


def test_bad_upload_is_reported_and_the_rest_is_kept(client: TestClient) -> None:
    good = UNRELATED.replace("bakery", "cheese shop").replace("bread", "cheese")
    files = [
        ("files", ("photo.jpg", bytes(range(256)) * 40, "image/jpeg")),
        ("files", ("empty.txt", b"", "text/plain")),
        ("files", ("huge.txt", b"word " * 50_000, "text/plain")),
        ("files", ("cheese.txt", good.encode(), "text/plain")),
    ]
    r = client.post("/api/articles", files=files)
    assert r.status_code == 200
    body = r.json()
    assert [a["title"] for a in body["added"]] == ["Local cheese shop wins national cheese prize"]
    errors = " | ".join(body["errors"])
    assert "photo.jpg" in errors
    assert "empty.txt: empty file" in errors
    assert "huge.txt: larger than the 200,000 byte limit" in errors


def test_nothing_usable_is_reported_per_input(client: TestClient) -> None:
    r = client.post("/api/articles", data={"text": "   "})
    assert r.status_code == 200
    assert r.json() == {
        "added": [],
        "errors": ["nothing to add: paste text, choose files, or give URLs"],
    }
    # the page form: POST, then a redirect to a page that a reload shows again
    page = client.post(
        "/add", data={"text": "too short"}, headers={"accept": "text/html"}, follow_redirects=False
    )
    assert page.status_code == 303
    shown = client.get(page.headers["location"], headers={"accept": "text/html"})
    assert shown.status_code == 200
    assert "pasted text" in shown.text
    assert ">too short</textarea>" in shown.text  # what was typed is kept
    again = client.get(page.headers["location"], headers={"accept": "text/html"})
    assert again.text == shown.text


class _Page(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return None

    def do_GET(self) -> None:  # noqa: N802
        body = (
            "<html><head><title>Penguins return to the island</title></head><body><article>"
            "<h1>Penguins return to the island</h1><p>"
            + "Thousands of penguins came back to the southern island this week, rangers said. " * 6
            + "</p></article></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def page_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/penguins.html"
    server.shutdown()
    server.server_close()


def test_private_urls_are_refused_by_default(client: TestClient, page_url: str) -> None:
    r = client.post("/api/articles", data={"urls": page_url})
    assert r.status_code == 200 and r.json()["added"] == []
    [error] = r.json()["errors"]
    assert error.startswith(page_url)
    assert "loopback" in error and "--allow-private-urls" in error


def test_url_cap_per_request(client: TestClient) -> None:
    urls = "\n".join(f"http://127.0.0.1:9/{i}" for i in range(5))
    errors = client.post("/api/articles", data={"urls": urls}).json()["errors"]
    assert errors[0] == "5 URLs given: at most 2 per request; the rest were ignored"
    assert len(errors) == 3  # the cap line and the two URLs tried


def test_allow_private_urls_fetches_the_page(tmp_path: Path, page_url: str) -> None:
    app = create_app(tmp_path / "s.db", ServeOptions(allow_private_urls=True))
    with TestClient(app, base_url=BASE) as c:
        r = c.post("/api/articles", data={"urls": page_url + "\nftp://example.org/x"})
        assert r.status_code == 200, r.text
        body = r.json()
        [added] = body["added"]
        assert added["title"] == "Penguins return to the island"
        assert body["errors"] == [
            "ftp://example.org/x: only http:// and https:// URLs can be fetched"
        ]
        article = c.get(f"/api/articles/{quote(added['id'], safe='')}").json()
        assert article["url"] == page_url


def test_request_limits_and_cross_site_posts(client: TestClient) -> None:
    big = client.post("/api/articles", files=[("files", ("a.txt", b"x" * 1_200_000, "text/plain"))])
    assert big.status_code == 413
    assert "byte limit" in big.json()["error"]
    foreign = client.post(
        "/api/articles", data={"text": RELATED}, headers={"origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    rebinding = client.get("/api/stories", headers={"host": "evil.example"})
    assert rebinding.status_code == 400


def test_unknown_story_and_article_are_404(client: TestClient) -> None:
    assert client.get("/api/stories/nope").json() == {
        "error": "story 'nope' not found",
        "details": [],
    }
    assert client.get("/api/stories/nope").status_code == 404
    page = client.get("/articles/nope", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "article &#39;nope&#39; not found" in page.text
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422


def test_openapi_schema_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/articles",
    ):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 404  # FastAPI's CDN-backed Swagger page is off
    assert client.get("/redoc").status_code == 404
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/stories/{story_id}" in docs.text and "StoryDetail" in docs.text


def test_pages_use_only_assets_shipped_in_the_package(client: TestClient) -> None:
    story = example_story(client)
    for url in ("/", "/add", "/api/docs", f"/stories/{story['id']}"):
        html = client.get(url).text
        assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
        assert assets, url
        for asset in assets:
            assert asset.startswith("/static/"), (url, asset)
            assert client.get(asset).status_code == 200


def test_story_page_is_served_from_the_cache(client: TestClient) -> None:
    story = example_story(client)
    client.get(f"/stories/{story['id']}")
    started = time.perf_counter()
    for _ in range(5):
        assert client.get(f"/stories/{story['id']}").status_code == 200
    assert (time.perf_counter() - started) / 5 < 0.5  # recomputing would take seconds


def test_briefs_and_pages_are_made_when_articles_arrive_and_kept_in_the_store(
    tmp_path: Path, example_dir: Path
) -> None:
    """Nobody opens the story, yet its brief and page are computed (in the background) and
    stored; a restarted server's first view reads them instead of computing anything."""
    db = tmp_path / "stories.db"
    app = create_app(db)
    with TestClient(app, base_url=BASE) as c:
        files = [("files", (p.name, p.read_bytes())) for p in sorted(example_dir.glob("*.txt"))]
        story_id = c.post("/api/articles", files=files).json()["added"][0]["story"]
        lib = app.state.library
        deadline = time.time() + 120
        while not lib.has_page(story_id, *lib.story(story_id)):
            assert time.time() < deadline, "the page was not made in the background"
            time.sleep(0.2)
        assert lib.has_brief(story_id, lib.story(story_id)[1])
    again = create_app(db)  # a restart: nothing in memory
    lib = again.state.library
    row, articles = lib.story(story_id)
    computed: list[str] = []
    render = lib.page_renderer
    lib.page_renderer = lambda *a: computed.append("page") or render(*a)  # type: ignore[misc]
    with TestClient(again, base_url=BASE) as c:
        html = c.get(f"/stories/{story_id}")
        assert html.status_code == 200 and row.title in html.text
    assert computed == []  # read from the store, not rendered (nor the brief computed)


def test_serve_command_binds_loopback_and_prints_the_address(tmp_path: Path) -> None:
    import httpx

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crossread.cli.main",
            "serve",
            "--db",
            str(tmp_path / "s.db"),
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, (line, proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        r = httpx.get(f"{match.group(0)}api/health", timeout=10)
        assert r.json()["status"] == "ok"
        assert r.json()["db"] == str(tmp_path / "s.db")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_what_the_cleaner_removed_is_kept_and_shown_on_request(client: TestClient) -> None:
    text = (
        "Harbour festival draws crowds\n\n"
        "The harbour festival drew large crowds on Sunday as boats decorated with lights sailed "
        "past the old pier and the organisers thanked hundreds of volunteers.\n\n"
        "Sign up for our daily newsletter to get the latest news.\n\n"
        "The festival will return next year with a larger fireworks display, the mayor said."
    )
    [added] = client.post("/api/articles", data={"text": text}).json()["added"]
    data = client.get(f"/api/articles/{quote(added['id'], safe='')}").json()
    assert data["removed"] == ["Sign up for our daily newsletter to get the latest news."]
    assert "newsletter" not in data["text"]
    html = client.get(f"/articles/{quote(added['id'], safe='')}").text
    removed = html.split('<details class="removed">', 1)[1]
    assert "What the cleaner removed (1 line)" in removed
    assert "Sign up for our daily newsletter" in removed


def test_adding_the_same_article_twice_changes_nothing(
    client: TestClient, example_dir: Path
) -> None:
    story = example_story(client)
    path = sorted(example_dir.glob("*.txt"))[0]
    r = client.post(
        "/api/articles", files=[("files", (path.name, path.read_bytes(), "text/plain"))]
    )
    [again] = r.json()["added"]
    assert again["duplicate"] is True
    assert again["story"] == story["id"]
    assert example_story(client)["size"] == story["size"]
