"""Markdown output: the summary with numbered citations, the sources, the cross-check."""

from __future__ import annotations

from crossread.model import Brief
from crossread.present.view import (
    MARKS_LEGEND,
    article_label,
    mark_text,
    source_numbers,
    strength_marks,
)


def render_markdown(brief: Brief) -> str:
    numbers = source_numbers(brief)
    lines = [f"# {brief.title or 'Summary'}", ""]
    paragraph = " ".join(
        f"{s.text} [{mark_text(strength_marks(s, numbers), ', ')}]" for s in brief.summary
    )
    if paragraph or brief.check is None:
        lines += [paragraph or "_No summary: no usable sentences._", ""]
    lines += ["## Sources", ""]
    for article in brief.articles:
        link = f" <{article.url}>" if article.url else ""
        lines.append(f"{numbers[article.id]}. {article_label(article)}{link} `{article.id}`")
    if brief.summary:
        lines += ["", f"_{MARKS_LEGEND}_"]
    if brief.check is not None:
        from crossread.present.crosscheck import check_markdown

        lines += ["", check_markdown(brief.check)]
    if brief.notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in brief.notes]
    return "\n".join(lines).rstrip() + "\n"
