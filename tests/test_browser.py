"""End to end: the real `crossread serve` in a subprocess, driven by Debian's Chromium (Playwright).

Skipped loudly when Chromium or Playwright is missing (`make setup` installs both).
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cli_helpers import serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

RELATED = (
    (Path(__file__).parent / "data" / "related_article.txt").read_text(encoding="utf-8").strip()
)
HOSTILE = (
    "Hostile markup in an article body\n\n"
    "This report about a harbour festival contains markup that must be shown as text. "
    "<script>window.__pwned = 1;</script> The harbour festival drew large crowds on Sunday. "
    '<img src="x" onerror="window.__pwned = 2"> Boats were decorated with lights, and '
    '<svg onload="window.__pwned = 3"></svg> the organisers thanked the volunteers who helped.'
)


def _skip(reason: str) -> None:
    msg = f"SKIPPED: {reason}; the browser tests need it (make setup installs it)"
    warnings.warn(msg, stacklevel=2)
    pytest.skip(msg)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if not chromium:
        _skip("Debian's chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip("playwright (python) is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[str]:
    """The real command, on a free port of 127.0.0.1; yields its printed address."""
    db = tmp_path_factory.mktemp("browser") / "stories.db"
    with serving(db) as address:
        yield address


@pytest.fixture()
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server)
    pg = context.new_page()
    pg.set_default_timeout(120_000)
    outside: list[str] = []
    pg.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:")) else outside.append(r.url),
    )
    yield pg
    context.close()
    assert outside == [], f"the page loaded assets from elsewhere: {outside}"


@pytest.fixture(scope="module")
def example_story(browser: Browser, server: str) -> str:
    """A newcomer's first step: the empty store offers the example story; one click loads it."""
    context = browser.new_context(base_url=server)
    try:
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto("/")
        page.click("button.example")
        page.wait_for_selector("ul.added")
        ids = page.eval_on_selector_all("a.joined", "els => els.map(e => e.dataset.story)")
        assert len(ids) == 5 and len(set(ids)) == 1, ids
        # the form was POST-then-redirect: a reload shows the same page, never an error
        again = page.reload()
        assert again is not None and again.status == 200
        assert page.locator("ul.added li").count() == 5
        # and the old POST address, opened directly, leads to a page too
        direct = page.goto("/example")
        assert direct is not None and direct.status == 200 and page.locator("h1").count() == 1
        return ids[0]
    finally:
        context.close()


def test_click_a_citation_and_see_its_source_sentence(page: Page, example_story: str) -> None:
    page.goto("/")
    page.click(f'tr[data-story="{example_story}"] a')
    page.wait_for_selector("a.chip")
    brief = page.request.get(f"/api/stories/{example_story}").json()
    chips = page.locator("a.chip")
    chip = chips.nth(min(2, chips.count() - 1))
    article, sentence = chip.get_attribute("data-article"), int(chip.get_attribute("data-sentence"))
    expected = next(
        e["text"]
        for s in brief["brief"]["summary"]
        for e in s["evidence"]
        if e["article"] == article and e["sentence"] == sentence
    )
    chip.click()
    highlighted = page.locator("#reader .sent.hl")
    highlighted.wait_for(state="visible")
    assert highlighted.count() == 1
    assert " ".join(highlighted.inner_text().split()) == " ".join(expected.split())
    assert page.locator("#reader").is_visible()
    # the same sentence, highlighted on the article's own page
    page.click("#reader .reader-open")
    page.wait_for_selector(".article-text")
    own = page.locator(f"#s{sentence}")
    assert "hl" in (own.get_attribute("class") or "")
    assert " ".join(own.inner_text().split()) == " ".join(expected.split())


def test_add_an_article_and_see_it_join_its_story(
    page: Page, example_story: str, tmp_path: Path
) -> None:
    upload = tmp_path / "putin-hmeimim.txt"
    upload.write_text(RELATED, encoding="utf-8")
    page.goto("/add")
    page.set_input_files("input[name=files]", str(upload))
    page.click("form.add button[type=submit]")
    joined = page.locator("a.joined")
    joined.wait_for()
    assert joined.get_attribute("data-story") == example_story
    joined.click()
    page.wait_for_selector("ol.sources")
    sources = page.locator("ol.sources li").all_inner_texts()
    assert len(sources) == 6
    assert any("Putin visits Russian base in Syria" in s for s in sources)


def test_script_in_an_article_is_shown_as_text_never_run(page: Page, server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/add")
    page.fill("textarea[name=text]", HOSTILE)
    page.click("form.add button[type=submit]")
    page.wait_for_selector("ul.added")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    story = page.locator("a.joined").get_attribute("data-story")

    page.click("ul.added li a:first-child")
    page.wait_for_selector(".article-text")
    text = page.inner_text(".article-text")
    assert "<script>window.__pwned = 1;</script>" in text
    assert '<img src="x" onerror="window.__pwned = 2">' in text
    assert page.locator(".article-text script, .article-text img, .article-text svg").count() == 0

    page.goto(f"/stories/{story}")
    page.wait_for_selector("section.summary")
    chips = page.locator("a.chip")
    for i in range(chips.count()):
        chips.nth(i).click()
        page.wait_for_selector("#reader .sent.hl")
    assert page.locator("#reader script, #reader img").count() == 0
    page.goto("/")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []


WIDTHS = (1280, 390)


def _overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_and_the_source_opens_in_view(
    browser: Browser, server: str, example_story: str, width: int
) -> None:
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 844})
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        article = page.request.get(f"/api/stories/{example_story}").json()["articles"][0]["id"]
        for url in ("/", "/add", f"/stories/{example_story}", f"/articles/{article}", "/api/docs"):
            page.goto(url)
            assert _overflow(page) <= 0, f"{url} is {_overflow(page)} px too wide at {width} px"
        page.goto(f"/stories/{example_story}")
        # scroll down to the cross-check and open a source from there: it opens in view
        page.locator("#quotes a.ref").first.scroll_into_view_if_needed()
        chips = page.locator("#summary a.chip")
        chip = chips.nth(min(3, chips.count() - 1))
        chip.scroll_into_view_if_needed()
        chip.click()
        hl = page.locator("#reader .sent.hl")
        hl.wait_for(state="visible")
        box = hl.bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["y"] + min(box["height"], 40) <= 844, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
        assert _overflow(page) <= 0
        if width < 600:  # touch targets a finger can hit (WCAG 2.5.8: 24 x 24 CSS px)
            for selector in ("#summary a.chip", "nav.sections a", ".take-out a", ".reader-close"):
                small = page.eval_on_selector_all(
                    selector,
                    "els => els.filter(e => e.offsetParent !== null).map(e => "
                    "e.getBoundingClientRect()).filter(r => r.height < 24 || r.width < 24).length",
                )
                assert small == 0, f"{small} {selector} smaller than 24 px"
    finally:
        context.close()


def test_the_brief_can_be_taken_out(browser: Browser, server: str, example_story: str) -> None:
    context = browser.new_context(base_url=server, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"/stories/{example_story}")
        title = page.inner_text("h1")
        got = {}
        for fmt in ("Markdown", "HTML", "JSON"):
            with page.expect_download() as info:
                page.click(f".take-out a.dl:text-is('{fmt}')")
            got[fmt] = Path(info.value.path()).read_text(encoding="utf-8")
        assert got["Markdown"].startswith(f"# {title}") and "## Cross-check" in got["Markdown"]
        assert "<!doctype html>" in got["HTML"] and "[1]" in got["HTML"]
        import json

        data = json.loads(got["JSON"])
        assert data["story"]["id"] == example_story and data["summary"] and data["check"]
        # copy the summary with its citations
        page.click("button.copy")
        page.wait_for_selector(".take-out .copied:has-text('Copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
        first = data["summary"][0]["text"]
        assert first in copied and "Sources:" in copied and "[1] " in copied
        # a permalink to one summary sentence lands on it
        link = page.get_attribute("#s-2 a.perma", "href")
        assert link and link.endswith("#s-2")
        page.goto(link)
        assert page.evaluate("document.querySelector(':target').id") == "s-2"
    finally:
        context.close()


def test_reload_after_the_add_form_shows_a_page(page: Page, example_story: str) -> None:
    page.goto("/add")
    page.fill("textarea[name=text]", "too short to be an article")
    page.click("form.add button[type=submit]")
    page.wait_for_selector("ul.errors")
    for _ in range(2):
        again = page.reload()
        assert again is not None and again.status == 200
        assert page.locator("ul.errors li").count() >= 1
        assert page.input_value("textarea[name=text]") == "too short to be an article"
    page.go_back()
    assert page.locator("form.add").count() == 1
    page.goto("/stories/no-such-story")
    assert page.locator("p.error").count() == 1  # an error is a page, not raw JSON
