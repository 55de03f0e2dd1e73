"""Markdown output: the summary with numbered citations, the sources, the cross-check."""

from __future__ import annotations

from crossread.model import Brief
from crossread.present.sections import BriefView, brief_view


def render_markdown(brief: Brief) -> str:
    return markdown(brief_view(brief))


def summary_text(view: BriefView) -> str:
    """The summary with its citation marks: "Sentence. [1, 3] Next. [2]"."""
    return " ".join(f"{s.text} [{s.mark_text}]" for s in view.summary)


def summary_with_sources(view: BriefView, link: str = "") -> str:
    """What "copy summary with citations" copies: the cited summary, then the numbered sources."""
    lines = [view.title, "", summary_text(view), "", "Sources:"]
    for s in view.sources:
        url = f" {s.url}" if s.url.startswith(("http://", "https://")) else ""
        lines.append(f"[{s.n}] {s.label}{url}")
    if link:
        lines += ["", link]
    return "\n".join(lines) + "\n"


def coverage_line(view: BriefView) -> str:
    """ "5 articles: TASS 2, RT 1, ... First: [2] TASS, 2017-12-11. 4 independent." """
    cov = view.coverage
    word = "article" if cov.articles == 1 else "articles"
    parts = [f"{cov.articles} {word}: " + ", ".join(f"{o} {k}" for o, k in cov.outlets)]
    if cov.first is not None:
        first = view.source(cov.first)
        parts.append(f"first reported by [{cov.first}] {first.tag if first else ''}".rstrip())
    if cov.checked and cov.articles > 1:
        parts.append(f"{cov.independent} independent once copies are counted")
    return "; ".join(parts) + "."


def markdown(view: BriefView) -> str:
    lines = [f"# {view.title}", "", f"_{coverage_line(view)}_", ""]
    paragraph = summary_text(view)
    if paragraph or not view.checked:
        lines += [paragraph or "_No summary: no usable sentences._", ""]
    lines += ["## Sources", ""]
    for s in view.sources:
        link = f" <{s.url}>" if s.url.startswith(("http://", "https://")) else ""
        lines.append(f"{s.n}. {s.label}{link}")
    if view.summary:
        from crossread.present.view import MARKS_LEGEND

        lines += ["", f"_{MARKS_LEGEND}_"]
    if view.checked:
        from crossread.present.crosscheck import check_markdown

        lines += ["", check_markdown(view.sections, view.check_notes)]
    if view.notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in view.notes]
    return "\n".join(lines).rstrip() + "\n"
