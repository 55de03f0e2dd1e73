"""The cross-check section as Markdown, HTML and rich renderables."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from crossread.crosscheck.report import check
from crossread.model import Article
from crossread.options import Options
from crossread.present.crosscheck import check_html, check_markdown, check_rich


def _report(example_dir: Path):
    arts = [Article(id=p.stem[:3], text=p.read_text()) for p in sorted(example_dir.iterdir())]
    return check(arts, Options())


def test_markdown_shows_reuse_conflict_and_inconsistency(example_dir: Path) -> None:
    md = check_markdown(_report(example_dir))
    assert "### Who copied whom (1)" in md and "[2] is a rewrite of [1]" in md
    assert "### Conflicts (2)" in md and "70,000 square kilometers" in md
    # conflicts come first, and "no conflicts" is never said when there are some
    assert md.index("### Conflicts") < md.index("### Who copied whom") < md.index("### Quotes")
    assert "No conflicts" not in md
    assert "27,000 square miles" in md
    assert "Hmeymim" in md


def test_html_is_escaped() -> None:
    text = "“We will pay <script>alert(1)</script> to all the victims,” Jim Mattis said on Monday."
    html = check_html(check([Article(id="<b>", text=text)], Options()))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_rich_renderables_print(example_dir: Path) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None)
    for renderable in check_rich(_report(example_dir)):
        console.print(renderable)
    assert "Cross-check" in buffer.getvalue() and "Khmeimim" in buffer.getvalue()


def test_every_note_of_the_check_is_shown_and_no_conflicts_is_said_once() -> None:
    from test_stories import STORIES

    from crossread import api
    from crossread.present import render

    arts = [Article(id=f"p{i}", text=t) for i, t in enumerate(STORIES["pandas"])]
    brief = api.summarize(arts, Options())
    assert brief.check is not None and not brief.check.conflicts
    for fmt in ("md", "terminal"):
        out = " ".join(render(brief, fmt, width=400).split())
        for note in brief.check.notes:  # a presenter never drops a note of the check
            assert " ".join(note.split()) in out, (fmt, note)
        assert out.count("No conflicts") == 1, fmt  # said once, by the conflicts section
