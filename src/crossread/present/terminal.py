"""The terminal view (rich): summary with citation marks, sources, cross-check."""

from __future__ import annotations

import io

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crossread.model import Brief
from crossread.present.view import (
    MARK_PREFIX,
    MARKS_LEGEND,
    article_label,
    source_numbers,
    strength_marks,
)


def render_terminal(brief: Brief, *, width: int | None = None, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or 100,
        force_terminal=color,
        color_system="auto" if color else None,
    )
    numbers = source_numbers(brief)

    body = Text()
    for i, sentence in enumerate(brief.summary):
        if i:
            body.append(" ")
        body.append(sentence.text)
        body.append(" [", style="bold cyan")
        for k, (n, kind) in enumerate(strength_marks(sentence, numbers)):
            style = {"strong": "bold cyan", "partial": "cyan dim", "disputed": "bold red"}[kind]
            body.append(("," if k else "") + f"{MARK_PREFIX[kind]}{n}", style=style)
        body.append("]", style="bold cyan")
    if brief.summary:
        title = Text(brief.title or "Summary", style="bold")
        console.print(Panel(body, title=title, title_align="left", padding=(1, 2)))
    elif brief.check is None:
        console.print("[italic]No summary: no usable sentences.[/italic]")
    elif brief.title:
        console.print(Text(brief.title, style="bold"))

    sources = Table(
        title="Sources", title_justify="left", show_header=False, box=None, padding=(0, 1)
    )
    sources.add_column(style="bold cyan", justify="right")
    sources.add_column()
    for article in brief.articles:
        label = article_label(article)
        where = article.url or article.source or article.id
        cell = Text(label)
        cell.append(f"\n{where}", style="dim")
        sources.add_row(Text(f"[{numbers[article.id]}]"), cell)
    console.print(sources)
    if brief.summary:
        console.print(Text(MARKS_LEGEND, style="dim"))

    if brief.check is not None:
        from crossread.present.crosscheck import check_rich

        console.print()
        for renderable in check_rich(brief.check):
            console.print(renderable)
    for note in brief.notes:
        console.print(Text.assemble(("note: ", "yellow"), note))
    return buffer.getvalue()
