"""In the real browser (Debian's Chromium via Playwright, the real `crossread serve`): paste
articles with outlet, date and URL, search the full text, and correct a story on its edit page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from test_browser import browser, page, server  # noqa: F401 - the shared fixtures
from test_stories import STORIES

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def paste(pg: Page, text: str, outlet: str, day: str, url: str) -> str:
    title, body = text.split("\n\n", 1)
    pg.goto("/add")
    pg.fill("input[name=title]", title)
    pg.fill("input[name=outlet]", outlet)
    pg.fill("input[name=published]", day)
    pg.fill("input[name=url]", url)
    pg.fill("textarea[name=text]", body)
    pg.click("form.add button[type=submit]")
    joined = pg.locator("a.joined")
    joined.wait_for()
    return joined.get_attribute("data-story") or ""


def test_paste_with_details_search_and_correct_a_story(page: Page) -> None:  # noqa: F811
    ids = [
        paste(
            page,
            text,
            f"{name.title()} Herald",
            f"2024-03-0{i + 1}",
            f"https://x.example/{name}{i}",
        )
        for name in ("pandas", "election")
        for i, text in enumerate(STORIES[name])
    ]
    pandas, election = ids[0], ids[3]
    assert set(ids) == {pandas, election}

    # search: a name that is only in the text, accents folded
    page.goto("/")
    page.fill("input[name=q]", "MEI LÁN")
    page.click("form.search button")
    rows = page.locator("tr.story-row")
    rows.first.wait_for()
    assert [rows.nth(i).get_attribute("data-story") for i in range(rows.count())] == [pandas]

    # the story page shows the outlet and dates typed in the form
    page.goto(f"/stories/{pandas}")
    head = page.inner_text("header.story-head")
    assert "Pandas Herald" in head and "2024-03-01" in head

    # rename, then split one article off into a story of its own
    page.click("a.edit-story")
    page.fill("form.rename input[name=title]", "Panda twins at Vellmar")
    page.click("form.rename button")
    page.wait_for_url(f"**/stories/{pandas}")
    assert page.inner_text("h1") == "Panda twins at Vellmar"
    page.click("a.edit-story")
    boxes = page.locator("form.split input[name=articles]")
    assert boxes.count() == 3
    boxes.nth(2).check()
    page.click("form.split button.split")
    page.wait_for_selector("ol.sources")
    new = page.url.rsplit("/", 1)[1]
    assert new not in (pandas, election)
    assert page.locator("ol.sources li").count() == 1

    # merge the election story into the pandas story, then delete one article
    page.goto(f"/stories/{pandas}/edit")
    page.select_option("form.merge select[name=other]", election)
    page.click("form.merge button")
    page.wait_for_selector("ol.sources")
    assert page.locator("ol.sources li").count() == 5
    page.goto(f"/stories/{pandas}/edit")
    first = page.locator("form.split tbody tr").first.get_attribute("data-article")
    page.click(f'tr[data-article="{first}"] button.remove-article')
    page.wait_for_url(f"**/stories/{pandas}/edit")
    assert page.locator("form.split tbody tr").count() == 4
    listed = page.request.get("/api/stories").json()["stories"]
    assert {s["id"]: s["size"] for s in listed} == {pandas: 4, new: 1}
    assert next(s for s in listed if s["id"] == pandas)["title"] == "Panda twins at Vellmar"


def test_a_refused_change_comes_back_to_the_edit_page_with_its_reason(page: Page) -> None:  # noqa: F811
    bridge = paste(page, STORIES["bridge"][0], "Lakeford Post", "2024-04-01", "https://b.example/0")
    other = paste(page, STORIES["bridge"][1], "Lakeford Post", "2024-04-02", "https://b.example/1")
    assert other == bridge
    page.goto(f"/stories/{bridge}/edit")
    # split with nothing ticked: refused; the answer is the edit page again, with the reason
    with page.expect_navigation() as nav:
        page.click("form.split button.split")
    assert nav.value.status == 200
    assert page.url.endswith(f"/stories/{bridge}/edit")  # redirected: never the POST address
    flash = page.locator("p.flash.error")
    assert flash.is_visible() and "tick the articles" in flash.inner_text()
    # a reload shows the page (no resubmission, no "confirm form resubmission"), said once
    again = page.reload()
    assert again is not None and again.status == 200
    assert page.locator("p.flash").count() == 0
    # a change that is made says so on the page it comes back to
    moved = page.locator("form.split tbody tr").first.get_attribute("data-article")
    page.goto("/add")
    lone = paste(page, STORIES["pandas"][0], "Vellmar Post", "2024-04-03", "https://p.example/0")
    page.goto(f"/stories/{bridge}/edit")
    page.select_option("form.split select[name=to]", lone)
    page.click(f'tr[data-article="{moved}"] button.move')
    page.wait_for_url(f"**/stories/{bridge}/edit")
    done = page.locator("p.flash.done")
    assert done.is_visible() and moved in done.inner_text()
    assert page.locator(f'tr[data-article="{moved}"]').count() == 0
    # deleting the story takes a ticked "Yes, delete": an unticked click deletes nothing
    page.click("form.delete button.danger")
    assert page.url.endswith(f"/stories/{bridge}/edit")
    assert page.request.get(f"/api/stories/{bridge}").status == 200
    page.check("form.delete input[name=confirm]")
    page.click("form.delete button.danger")
    page.wait_for_url(lambda url: url.rstrip("/").count("/") == 2)  # the stories page
    assert page.request.get(f"/api/stories/{bridge}").status == 404


# words of the element's text drawn on more than one line (broken inside the word)
BROKEN_WORDS = """els => els.flatMap(el => {
  const out = [];
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const r = document.createRange();
      r.setStart(node, m.index);
      r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      if (tops.size > 1) out.push(m[0]);
    }
  }
  return out;
})"""


def test_the_listing_and_edit_page_never_break_a_header_count_or_outlet_inside_a_word(
    page: Page,  # noqa: F811
) -> None:
    long = (
        "Norland votes early after Prime Minister Erik Sand loses the confidence vote in "
        "parliament and resigns\n\n" + STORIES["election"][0].split("\n\n", 1)[1]
    )  # a long title squeezes the other columns
    story = paste(page, long, "MarketWatch", "2024-05-01", "https://m.example/e0")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        page.locator("tr.story-row").first.wait_for()
        cells = "table.stories th, table.stories td.num, table.stories td.outlets"
        assert page.eval_on_selector_all(cells, BROKEN_WORDS) == [], width
        page.goto(f"/stories/{story}/edit")  # and the edit page's headers and buttons
        cells = "table.articles th, table.articles button"
        assert page.eval_on_selector_all(cells, BROKEN_WORDS) == [], width
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        inside = "[...document.querySelectorAll('table.articles button, select')].every(b => "
        inside += "b.getBoundingClientRect().right <= b.closest('fieldset').getBoundingClientRect().right)"
        assert page.evaluate(inside), width  # nothing sticks out of its box on a phone
