"""Renderers: a Brief in, text out (terminal, Markdown, JSON, self-contained HTML)."""

from __future__ import annotations

from crossread.model import Brief

FORMATS = ("terminal", "md", "json", "html")


def render(brief: Brief, fmt: str = "md", *, width: int | None = None, color: bool = False) -> str:
    """Render a brief as ``terminal`` (rich), ``md``, ``json`` or ``html``. Article text never
    carries escape sequences to a terminal nor raw HTML into Markdown (``present.escape``)."""
    if fmt in ("terminal", "md"):
        from crossread.present.escape import safe_brief

        brief = safe_brief(brief, fmt)
    if fmt == "terminal":
        from crossread.present.terminal import render_terminal

        return render_terminal(brief, width=width, color=color)
    if fmt == "md":
        from crossread.present.markdown import render_markdown

        return render_markdown(brief)
    if fmt == "json":
        from crossread.present.jsonout import render_json

        return render_json(brief)
    if fmt == "html":
        from crossread.present.html import render_html

        return render_html(brief)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
