"""Who copied whom, laid out server-side for a plain SVG (the template draws it).

Articles sit on a circle, numbered as on the story page; an arrow goes from
the source to the article that took from it, thicker the larger the share.
Only geometry is computed here; the template escapes every label.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Node:
    id: str
    n: int  # the number the reader sees: [n]
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    source: str
    article: str
    kind: str
    share: float
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True)
class Graph:
    width: int
    height: int
    radius: float  # node circle radius
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def layout(
    reuse: Sequence[Mapping[str, Any]],
    numbers: Mapping[str, int],
    labels: Mapping[str, str],
    size: int = 360,
) -> Graph | None:
    """Place the articles that take part in any reuse; None when there is none to draw.

    Each derived article keeps its strongest source only (a readable tree, not all
    n² pairs of a story full of copies); the list under the graph has the details.
    """
    strongest: dict[str, Mapping[str, Any]] = {}
    for r in reuse:
        if r.get("kind") not in ("wholly", "partially"):
            continue
        best = strongest.get(str(r["article"]))
        if best is None or float(r.get("share") or 0) > float(best.get("share") or 0):
            strongest[str(r["article"])] = r
    links = list(strongest.values())
    involved = sorted(
        {str(r["article"]) for r in links} | {str(r["source"]) for r in links},
        key=lambda a: (numbers.get(a, 10**6), a),
    )
    if not involved:
        return None
    node_r = 14.0
    centre = size / 2
    ring = centre - node_r - 24
    nodes: dict[str, Node] = {}
    count = len(involved)
    for i, article in enumerate(involved):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        x = centre + (ring * math.cos(angle) if count > 1 else 0)
        y = centre + (ring * math.sin(angle) if count > 1 else 0)
        nodes[article] = Node(
            article, numbers.get(article, 0), labels.get(article, article), round(x, 1), round(y, 1)
        )
    edges = []
    for r in links:
        a, s = nodes[str(r["source"])], nodes[str(r["article"])]
        dx, dy = s.x - a.x, s.y - a.y
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        share = float(r.get("share") or 0.0)
        edges.append(
            Edge(
                source=a.id,
                article=s.id,
                kind=str(r.get("kind")),
                share=share,
                x1=round(a.x + ux * node_r, 1),
                y1=round(a.y + uy * node_r, 1),
                x2=round(s.x - ux * (node_r + 4), 1),
                y2=round(s.y - uy * (node_r + 4), 1),
                width=round(1.0 + 4.0 * max(0.0, min(1.0, share)), 1),
            )
        )
    return Graph(size, size, node_r, tuple(nodes.values()), tuple(edges))


def to_svg(graph: Graph, numbers: Mapping[str, int]) -> str:
    """A standalone SVG (inline styles, labels escaped) for the self-contained HTML brief."""
    from html import escape

    parts = [
        f'<svg class="graph" role="img" aria-label="Who copied whom: an arrow goes from the source '
        f'to the article that took from it" width="{graph.width}" height="{graph.height}" '
        f'viewBox="0 0 {graph.width} {graph.height}" xmlns="http://www.w3.org/2000/svg">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/>'
        "</marker></defs>",
    ]
    for e in graph.edges:
        colour = "#b3261e" if e.kind == "wholly" else "#7a99c2"
        note = (
            f"[{numbers.get(e.article, '?')}] takes {e.share:.0%} from "
            f"[{numbers.get(e.source, '?')}] ({e.kind})"
        )
        parts.append(
            f'<line x1="{e.x1}" y1="{e.y1}" x2="{e.x2}" y2="{e.y2}" stroke="{colour}" '
            f'stroke-width="{e.width}" marker-end="url(#arrow)"><title>{escape(note)}</title></line>'
        )
    for n in graph.nodes:
        parts.append(
            f'<g><circle cx="{n.x}" cy="{n.y}" r="{graph.radius}" fill="#eaf2fb" stroke="#0b5cad" '
            f'stroke-width="1.5"/><text x="{n.x}" y="{n.y}" dy="0.35em" text-anchor="middle" '
            f'font="600 12px sans-serif" fill="#0b5cad">{n.n}</text>'
            f"<title>{escape(n.label)}</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def graph_of(view: Any, size: int | None = None) -> Graph | None:
    """The copy picture of a :class:`~crossread.present.sections.BriefView`."""
    copies = next((s for s in view.sections if s.key == "copies"), None)
    if copies is None or not copies.links:
        return None
    ids = {s.n: s.id for s in view.sources}
    reuse = [
        {"article": ids[lk.article], "source": ids[lk.source], "kind": lk.kind, "share": lk.share}
        for lk in copies.links
    ]
    numbers = {s.id: s.n for s in view.sources}
    labels = {s.id: s.label for s in view.sources}
    return layout(reuse, numbers, labels, size or (220 if len(reuse) <= 3 else 360))
