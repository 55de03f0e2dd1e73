"""One self-contained HTML file: no external assets; citation marks open the cited sentences."""

from __future__ import annotations

from html import escape

from crossread.model import Brief
from crossread.present.view import (
    MARKS_LEGEND,
    article_label,
    mark_text,
    source_numbers,
    strength_marks,
    support,
)

_CSS = """
body{font:17px/1.55 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
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
ol.sources{font:15px/1.4 system-ui,sans-serif}ol.sources code{color:#777;font-size:.8em}
.check{font:15px/1.45 system-ui,sans-serif}.check table{border-collapse:collapse}
.check td,.check th{border-bottom:1px solid #eee;padding:.2rem .5rem;text-align:left;vertical-align:top}
.note{color:#8a5a00}
"""

_JS = """
document.querySelectorAll('.cite').forEach(function(b){b.addEventListener('click',function(){
var p=document.getElementById(b.getAttribute('aria-controls'));var open=!p.classList.contains('open');
p.classList.toggle('open',open);b.setAttribute('aria-expanded',open?'true':'false');});});
"""


def render_html(brief: Brief) -> str:
    numbers = source_numbers(brief)
    by_id = {a.id: a for a in brief.articles}
    title = escape(brief.title or "Summary")
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        '<div class="summary">',
    ]
    for i, sentence in enumerate(brief.summary):
        marks = mark_text(strength_marks(sentence, numbers))
        quotes = []
        for c, kind in [(c, support(c.strength)) for c in sentence.citations] + [
            (c, "disputed") for c in sentence.disputed
        ]:
            article = by_id.get(c.article_id)
            who = article_label(article) if article else c.article_id
            how = (
                "gives another figure"
                if kind == "disputed"
                else f"{kind}, strength {c.strength:.2f}"
            )
            quotes.append(
                f'<blockquote class="{kind}" data-article="{escape(c.article_id)}" '
                f'data-sentence="{c.sentence_index}">'
                f'<span class="who">[{numbers.get(c.article_id, "?")}] {escape(who)}</span> '
                f'<span class="strength">({how})</span><br>'
                f"{escape(c.text)}</blockquote>"
            )
        parts.append(
            f'<span class="s">{escape(sentence.text)}</span>'
            f'<button class="cite" type="button" aria-expanded="false" aria-controls="cite-{i}" '
            f'title="Sources carrying this sentence">{marks}</button>'
            f'<div class="pop" id="cite-{i}" role="note">{"".join(quotes)}</div> '
        )
    if not brief.summary and brief.check is None:
        parts.append("<p><em>No summary: no usable sentences.</em></p>")
    if brief.summary:
        parts.append(f'<p class="legend">{escape(MARKS_LEGEND)}</p>')
    parts.append('</div><h2>Sources</h2><ol class="sources">')
    for article in brief.articles:
        label = escape(article_label(article))
        if article.url and article.url.startswith(("http://", "https://")):
            label = f'<a href="{escape(article.url)}" rel="noopener noreferrer">{label}</a>'
        parts.append(f"<li>{label} <code>{escape(article.id)}</code></li>")
    parts.append("</ol>")
    if brief.check is not None:
        from crossread.present.crosscheck import check_html
        from crossread.present.graph import layout, to_svg
        from crossread.present.view import check_dict

        labels = {a.id: article_label(a) for a in brief.articles}
        reuse = (check_dict(brief) or {}).get("reuse", [])
        graph = layout(reuse, numbers, labels, size=220 if len(reuse) <= 3 else 360)
        if graph is not None:
            parts.append("<h2>Who copied whom</h2>" + to_svg(graph, numbers))
        parts.append(f'<section class="check">{check_html(brief.check)}</section>')
    for note in brief.notes:
        parts.append(f'<p class="note">{escape(note)}</p>')
    parts.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(parts) + "\n"
