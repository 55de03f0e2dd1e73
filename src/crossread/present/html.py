"""One self-contained HTML file: no external assets; citation marks open the cited sentences."""

from __future__ import annotations

from html import escape

from crossread.model import Brief
from crossread.present.sections import BriefView, brief_view

_CSS = """
body{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
.cov{font:15px/1.4 system-ui,sans-serif;color:#555}
.summary{position:relative}.s{}
.cite{font:600 .72rem system-ui,sans-serif;color:#0b5cad;background:#eaf2fb;border:1px solid #b9d3f0;
border-radius:.6rem;padding:0 .35rem;margin:0 .15rem;cursor:pointer;vertical-align:super}
.cite:hover,.cite[aria-expanded=true]{background:#0b5cad;color:#fff}
.pop{display:none;font:14px/1.45 system-ui,sans-serif;background:#fff;border:1px solid #bbb;border-radius:6px;
box-shadow:0 4px 14px rgba(0,0,0,.15);padding:.5rem .8rem;margin:.4rem 0}
.cite:hover+.pop,.pop.open{display:block}
.pop blockquote{margin:.3rem 0;padding-left:.6rem;border-left:3px solid #b9d3f0}
.pop .who{font-weight:600;color:#555}
.pop blockquote.partial{border-left:3px dashed #c9c9c9;color:#555}
.pop blockquote.disputed{border-left:3px solid #c0392b}
.strength{font-weight:400;color:#777;font-size:.85em}.legend{font:13px system-ui,sans-serif;color:#666}
ol.sources{font:15px/1.4 system-ui,sans-serif}
.check{font:15px/1.45 system-ui,sans-serif}
.note{color:#8a5a00}svg{max-width:100%;height:auto}
"""

_JS = """
document.querySelectorAll('.cite').forEach(function(b){b.addEventListener('click',function(){
var p=document.getElementById(b.getAttribute('aria-controls'));var open=!p.classList.contains('open');
p.classList.toggle('open',open);b.setAttribute('aria-expanded',open?'true':'false');});});
"""


def render_html(brief: Brief) -> str:
    return html(brief_view(brief))


def html(view: BriefView) -> str:
    from crossread.present.markdown import coverage_line

    title = escape(view.title)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p class="cov">{escape(coverage_line(view))}</p>',
        '<div class="summary">',
    ]
    for sentence in view.summary:
        i = sentence.index
        marks = escape(sentence.mark_text.replace(", ", ","))
        quotes = []
        for e in sentence.evidence:
            source = view.source(e.n)
            who = source.tag if source else "?"
            how = (
                "gives another figure"
                if e.support == "disputed"
                else f"{e.support}, strength {e.strength:.2f}"
                if e.strength is not None
                else e.support
            )
            quotes.append(
                f'<blockquote class="{escape(e.support)}" data-source="{e.n}" '
                f'data-sentence="{e.sentence}">'
                f'<span class="who">[{e.n}] {escape(who)}</span> '
                f'<span class="strength">({escape(how)})</span><br>'
                f"{escape(e.text)}</blockquote>"
            )
        parts.append(
            f'<span class="s" id="s-{i + 1}">{escape(sentence.text)}</span>'
            f'<button class="cite" type="button" aria-expanded="false" aria-controls="cite-{i}" '
            f'title="Sources carrying this sentence">{marks}</button>'
            f'<div class="pop" id="cite-{i}" role="note">{"".join(quotes)}</div> '
        )
    if not view.summary and not view.checked:
        parts.append("<p><em>No summary: no usable sentences.</em></p>")
    if view.summary:
        from crossread.present.view import MARKS_LEGEND

        parts.append(f'<p class="legend">{escape(MARKS_LEGEND)}</p>')
    parts.append('</div><h2>Sources</h2><ol class="sources">')
    for s in view.sources:
        label = escape(s.label)
        if s.url.startswith(("http://", "https://")):
            label = f'<a href="{escape(s.url)}" rel="noopener noreferrer">{label}</a>'
        parts.append(f'<li value="{s.n}">{label}</li>')
    parts.append("</ol>")
    if view.checked:
        from crossread.present.crosscheck import check_html
        from crossread.present.graph import graph_of, to_svg

        graph = graph_of(view)
        if graph is not None:
            numbers = {s.id: s.n for s in view.sources}
            parts.append("<h2>Who copied whom</h2>" + to_svg(graph, numbers))
        parts.append(
            f'<section class="check">{check_html(view.sections, view.check_notes)}</section>'
        )
    for note in view.notes:
        parts.append(f'<p class="note">{escape(note)}</p>')
    parts.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(parts) + "\n"
