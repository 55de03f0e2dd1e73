"""The web page shows what the terminal shows (issue 12, item 6): every cross-check line with its
caveats ("direction unclear", "[1] states both values", what a rewrite changed, fallbacks noted)
and every piece of evidence the terminal prints under it.

The real `crossread check` on the example is compared with the real `crossread serve` page of the
same story (stored through the real `crossread stories`), read in Debian's Chromium: each source
chip is read as "[n]", folded parts (evidence, the long tail) are read too.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cli_helpers import serving
from test_browser import CHROMIUM_ARGS, REPO, browser  # noqa: F401 - the shared fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

EXAMPLE = REPO / "examples" / "putin-syria-2017"


@dataclass
class Node:
    depth: int
    text: str
    children: list[Node] = field(default_factory=list)


def terminal_tree(out: str) -> tuple[list[str], list[Node]]:
    """The cross-check of the terminal output: its notes, and its sections as trees (the lines
    rich wrapped at 100 columns joined again)."""
    lines = out.split("\n")
    start = lines.index("Cross-check")
    notes: list[str] = []
    roots: list[Node] = []
    stack: list[Node] = []
    last: Node | None = None
    for raw in lines[start + 1 :]:
        if not raw.strip():
            continue
        m = re.match(r"^((?:[│ ]   )*)(├── |└── )?(.*)$", raw)
        assert m is not None
        prefix, branch, text = m.groups()
        if text.startswith("note: "):  # a note of the brief, after the check
            notes.append(text.removeprefix("note: "))
            continue
        if not prefix and not branch:  # a section title, or a note of the check
            if re.search(r" \(\d+\)$", text):
                last = Node(0, text)
                roots.append(last)
                stack = [last]
            elif roots:
                raise AssertionError(f"unexpected line {raw!r}")
            else:
                notes.append(text)
            continue
        depth = len(prefix) // 4 + (1 if branch else 0)
        if branch:
            last = Node(depth, text)
            stack = stack[:depth]
            stack[-1].children.append(last)
            stack.append(last)
        else:
            assert last is not None
            last.text += " " + text
    return notes, roots


# The page's text, with every source chip read as "[n]" (a "+3" that names more sources only in
# a tooltip is not read: what it hides is missing); folded parts (<details>) are included.
PAGE_TEXT = """root => {
  const copy = root.cloneNode(true);
  copy.querySelectorAll('a.ref, a.chip').forEach(a => {
    a.replaceWith('[' + a.querySelector('b').textContent.replace(/[^0-9]/g, '') + ']');
  });
  copy.querySelectorAll('details > summary').forEach(s => s.remove());
  const items = [...copy.querySelectorAll('li')].map(li => {
    const own = li.cloneNode(true);
    own.querySelectorAll('details, ul').forEach(d => d.remove());
    const quotes = [...li.querySelectorAll(':scope > details blockquote.excerpt')].map(
      b => b.textContent);
    return {line: own.textContent, quotes};
  });
  return {items, text: copy.textContent.replace(/\\s+/g, ' ')};
}"""


def squash(text: str) -> str:
    """Spacing aside (chips of neighbouring sources stand without a space between them)."""
    return re.sub(r"\]\s+\[", "][", re.sub(r"\s+", " ", text)).strip()


CLOSINGS = (
    "This report was updated with more details.",
    "The Kremlin did not comment further.",
    "Moscow said the first units would leave within days.",
    "Turkey said it was studying the decision.",
    "Officials in Damascus welcomed the announcement.",
)


def ten_reports(folder: Path) -> Path:
    """The example and a lightly edited copy of each report: lines carried by more sources
    than the page shows chips for (the rest must still be there)."""
    folder.mkdir()
    for k, path in enumerate(sorted(EXAMPLE.glob("*.txt"))):
        text = path.read_text("utf-8").rstrip()
        (folder / path.name).write_text(text + "\n", "utf-8")
        (folder / f"9{path.name}").write_text(f"{text}\n\n{CLOSINGS[k]}\n", "utf-8")
    return folder


@pytest.fixture(scope="module", params=["example", "ten reports"])
def served(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    browser: Browser,  # noqa: F811
) -> Iterator[tuple[Page, Path]]:
    """The story stored by the command line, then the real server over that store."""
    tmp = tmp_path_factory.mktemp("parity")
    folder = EXAMPLE if request.param == "example" else ten_reports(tmp / "ten")
    db = tmp / "stories.db"
    cli = [sys.executable, "-m", "crossread.cli.main"]
    subprocess.run([*cli, "stories", str(folder), "--db", str(db)], check=True, cwd=REPO)
    with serving(db) as address:
        context = browser.new_context(base_url=address)
        try:
            page = context.new_page()
            page.set_default_timeout(120_000)
            yield page, folder
        finally:
            context.close()


def test_every_caveat_and_piece_of_evidence_of_the_terminal_is_on_the_web_page(
    served: tuple[Page, Path],
) -> None:
    page, folder = served
    n = len(list(folder.glob("*.txt")))
    out = subprocess.run(
        [sys.executable, "-m", "crossread.cli.main", "check", str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout
    notes, sections = terminal_tree(out)
    for caveat in ("direction unclear", "[1] states both values", "took from [1] and changed"):
        assert caveat in out or folder != EXAMPLE  # the example has each kind: all compared

    page.goto("/")
    rows = page.locator("tr.story-row")
    assert rows.count() == 1  # one story, as the check reads the folder
    story = rows.first.get_attribute("data-story")
    page.goto(f"/stories/{story}")
    page.wait_for_selector("section.check-section")
    web = page.eval_on_selector("div.story-layout", PAGE_TEXT)
    items: dict[str, list[str]] = {}  # a line -> the excerpts under it (lines may repeat)
    for i in web["items"]:
        items.setdefault(squash(i["line"]), []).extend(squash(q) for q in i["quotes"])
    for note in notes:
        assert squash(note) in web["text"], f"a note of the check is missing: {note!r}"
    first = re.search(r"first reported by (\[\d+\])", out)
    independent = re.search(r"(\d+) independent once copies are counted", squash(out))
    assert first and independent
    assert f"First reported by {first.group(1)}" in web["text"]
    assert f"{independent.group(1)} of {n} independent" in web["text"]

    missing: list[str] = []
    for section in sections:
        title, count = re.match(r"^(.*) \((\d+)\)$", section.text).groups()  # type: ignore[union-attr]
        heading = page.locator(f"section.check-section h2:has-text('{title}')")
        assert heading.count() == 1, title
        assert squash(heading.inner_text()) == f"{title} {count}"
        for node in section.children:
            line = squash(node.text)
            label, sep, rest = line.partition(": ")
            if rest and label in {"reported by one source only", "quoted by one source only",
                                  "named by one source only"}:  # fmt: skip
                pieces = re.sub(r" … and \d+ more$", "", rest).split("; ")
                missing += [f"{title}: {p}" for p in pieces if squash(p) not in items]
                continue
            if line not in items:
                missing.append(f"{title}: {line}")
            for ev in node.children:
                shown = items.get(line, [])
                missing += [f"{title} / {line[:60]}: {e}" for e in _absent(ev.text, shown)]
    assert not missing, "on the terminal, not on the web page:\n" + "\n".join(missing)


def _absent(evidence: str, quotes: list[str]) -> list[str]:
    """Each excerpt of a terminal evidence line ("[2] #7: “…”", or a pair "A ⇐ B") that no
    excerpt under the same line of the page shows (it may show more of the sentence, never
    less)."""
    text = squash(evidence)
    more = re.fullmatch(r"… and (\d+) more", text)
    if more:
        return []  # what the terminal itself leaves out
    out = []
    for part in text.split(" ⇐ "):
        m = re.fullmatch(r"\[(\d+)\](?: #\d+)?: “(.*)”", part)
        assert m, part
        n, quoted = m.groups()
        head = quoted.removesuffix("…").rstrip()
        if not any(q.startswith(f"[{n}]") and head in q for q in quotes):
            out.append(part)
    return out
