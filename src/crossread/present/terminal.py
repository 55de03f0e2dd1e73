"""The terminal view (rich): summary with citation marks, sources, cross-check."""

from __future__ import annotations

import io

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crossread.model import Brief
from crossread.present.sections import brief_view
from crossread.present.view import MARK_PREFIX, MARKS_LEGEND


def render_terminal(brief: Brief, *, width: int | None = None, color: bool = False) -> str:
    from crossread.present.markdown import coverage_line

    view = brief_view(brief)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or 100,
        force_terminal=color,
        color_system="auto" if color else None,
    )
    body = Text()
    for i, sentence in enumerate(view.summary):
        if i:
            body.append(" ")
        body.append(sentence.text)
        body.append(" [", style="bold cyan")
        for k, (n, kind) in enumerate(sentence.marks):
            style = {"strong": "bold cyan", "partial": "cyan dim", "disputed": "bold red"}[kind]
            body.append(("," if k else "") + f"{MARK_PREFIX[kind]}{n}", style=style)
        body.append("]", style="bold cyan")
    if view.summary:
        title = Text(view.title, style="bold")
        console.print(Panel(body, title=title, title_align="left", padding=(1, 2)))
    elif not view.checked:
        console.print("[italic]No summary: no usable sentences.[/italic]")
    elif brief.title:
        console.print(Text(view.title, style="bold"))
    console.print(Text(coverage_line(view), style="dim"))

    sources = Table(
        title="Sources", title_justify="left", show_header=False, box=None, padding=(0, 1)
    )
    sources.add_column(style="bold cyan", justify="right")
    sources.add_column()
    by_id = {a.id: a for a in brief.articles}
    for s in view.sources:
        article = by_id[s.id]
        cell = Text(s.label)
        cell.append(f"\n{article.url or article.source or article.id}", style="dim")
        sources.add_row(Text(f"[{s.n}]"), cell)
    console.print(sources)
    if view.summary:
        console.print(Text(MARKS_LEGEND, style="dim"))

    if view.checked:
        from crossread.present.crosscheck import check_rich

        console.print()
        for renderable in check_rich(view.sections, view.check_notes):
            console.print(renderable)
    for note in view.notes:
        console.print(Text.assemble(("note: ", "yellow"), note))
    return buffer.getvalue()
