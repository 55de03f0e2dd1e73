"""The cross-check section for every output: Markdown, HTML (a fragment) and rich (terminal).

Articles are shown as [n], numbered in the report's article order (the same numbering as the
sources list of a brief); every finding shows the sentences it rests on.
"""

from __future__ import annotations

from html import escape
from typing import Any

_MAX_PAIRS = 4
_MAX_SINGLE = 8


def _numbers(report: Any) -> dict[str, int]:
    return {a: i for i, a in enumerate(report.articles, start=1)}


def _refs(ids: Any, numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers.get(i, i)}]" for i in ids)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reuse_caveat(r: Any) -> str:
    """How the direction of a reuse was decided, in words (the same in every output;
    ``r`` is a reuse entry of the JSON)."""
    cue = r.get("cue") or ""
    if r.get("relation") == "common":
        return (
            "both reproduce a common source (a wire story, release or statement); direction unclear"
        )
    return {
        "dates": "the earlier one is the source",
        "cue": f"direction from the credit “{cue}”",
        "release": f"direction from “{cue}”",
        "dateline": f"direction from the wire dateline {cue}",
        "subset": "direction from containment: its content is mostly in the other",
        "unclear": "direction unclear: the shorter is taken as the copy",
    }.get(str(r.get("direction", "")), "direction unclear")


def change_line(c: Any) -> str:
    """One change a rewrite made, in words (``c`` is an entry of a reuse's ``changes``)."""
    return (
        f"{c.get('kind')}: “{_short(str(c.get('source_text', '')), 120)}” → "
        f"“{_short(str(c.get('text', '')), 120)}”: {c.get('explanation', '')}"
    )


def both_values(c: Any, numbers: dict[str, int]) -> str:
    """ "[1] states both values" when one article is on both sides of a conflict."""
    vals = c.get("values", [])
    own = {a for v in vals for a in v.get("articles", [])}
    twice = [a for a in own if sum(a in v.get("articles", []) for v in vals) > 1]
    if not twice:
        return ""
    return f"{_refs(sorted(twice, key=lambda a: numbers.get(a, 0)), numbers)} states both values"


def _lines(report: Any) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Sections as (title, [(item line, [evidence lines])]) in plain text, shared by all renderers."""
    n = _numbers(report)
    sections: list[tuple[str, list[tuple[str, list[str]]]]] = []

    derived = [r for r in report.reuse if r.kind != "not"]
    items = []
    for r in derived:
        rd = r.to_dict()
        how = reuse_caveat(rd)
        if r.relation == "common":
            line = (
                f"{_refs([r.article], n)} and {_refs([r.source], n)} share "
                f"{r.share:.0%} of {_refs([r.article], n)}'s content ({how})"
            )
        else:
            line = (
                f"{_refs([r.article], n)} is {r.kind} derived from {_refs([r.source], n)}: "
                f"{r.share:.0%} of its content in {len(r.pairs)} aligned sentences ({how})"
            )
        ev = [f"changed: {change_line(c)}" for c in rd.get("changes", [])]
        if r.relation == "copy" and not rd.get("changes") and r.pairs:
            ev.append("no change of meaning found in the aligned sentences")
        ev += [
            f"{_refs([r.article], n)} #{p.article_sentence + 1}: “{_short(p.text)}” ⇐ "
            f"{_refs([r.source], n)} #{p.source_sentence + 1}: “{_short(p.source_text)}”"
            for p in r.pairs[:_MAX_PAIRS]
        ]
        if len(r.pairs) > _MAX_PAIRS:
            ev.append(f"… and {len(r.pairs) - _MAX_PAIRS} more aligned sentences")
        items.append((line, ev))
    if len(report.articles) > 1:
        independent = len([r for r in report.reuse if r.kind == "not"])
        if not derived:
            items.append(("no article is a rewrite of another", []))
        elif independent:
            items.append((f"{independent} other pairs: not derived", []))
    sections.append(("Reuse", items))

    items = []
    for c in report.conflicts:
        line = f"{c.about}: " + " vs ".join(f"{v.value} {_refs(v.articles, n)}" for v in c.values)
        both = both_values(c.to_dict(), n)
        if both:
            line += f" ({both})"
        if c.note:
            line += f" — {c.note}"
        ev = list(
            dict.fromkeys(
                f"{_refs([a], n)} #{s + 1}: “{_short(t)}”"
                for v in c.values
                for a, s, t in v.mentions
            )
        )
        items.append((line, ev))
    sections.append(("Conflicting figures", items))

    items = [
        (f"{_refs([i.article], n)} “{i.text}”: {i.explanation}", []) for i in report.inconsistencies
    ]
    sections.append(("Internal inconsistencies", items))

    agreed = [f for f in report.facts if f.status == "agreed"]
    items = [
        (
            f"{f.about}: {f.values[0].value} — {f.sources} sources {_refs(f.values[0].articles, n)}"
            + (f" ({f.independent} independent)" if 0 < f.independent < f.sources else ""),
            [],
        )
        for f in agreed
    ]
    single = [f for f in report.facts if f.status == "single"]
    if single:
        shown = "; ".join(
            f"{f.values[0].value} {_refs(f.values[0].articles, n)}" for f in single[:_MAX_SINGLE]
        )
        more = f" … and {len(single) - _MAX_SINGLE} more" if len(single) > _MAX_SINGLE else ""
        items.append((f"reported by one source only: {shown}{more}", []))
    sections.append(("Figures and dates", items))

    items = []
    for q in report.quotes:
        if len(q.articles) < 2 and len(report.articles) > 1:
            continue
        who = q.speaker or "unknown speaker"
        items.append(
            (
                f"{who} — {len(q.variants)} rendering(s) in {_refs(q.articles, n)}",
                [f"{_refs(v.articles, n)} “{_short(v.text, 220)}”" for v in q.variants],
            )
        )
    others = [q for q in report.quotes if len(q.articles) < 2] if len(report.articles) > 1 else []
    if others:
        items.append((f"{len(others)} more quotes appear in one source only", []))
    sections.append(("Quotes", items))

    items = []
    for e in report.entities:
        if len(e.variants) < 2 and len(e.articles) < 2:
            continue
        spellings = "; ".join(f"{v.text} {_refs(v.articles, n)}" for v in e.variants)
        items.append((f"{e.name} ({e.kind}) — {spellings}", []))
    rest = [e for e in report.entities if len(e.variants) < 2 and len(e.articles) < 2]
    if rest:
        items.append(
            (
                f"also named once: {', '.join(e.name for e in rest[:20])}"
                + (" …" if len(rest) > 20 else ""),
                [],
            )
        )
    sections.append(("Names", items))

    items = []
    for a in report.attributions:
        cues = "; ".join(f"“{s.cue}” {_refs([s.article], n)}" for s in a.statements[:4])
        items.append(
            (
                f"{a.source} ({a.kind}): {cues}",
                [
                    f"{_refs([s.article], n)} #{s.sentence + 1}: “{_short(s.text)}”"
                    for s in a.statements[:4]
                ],
            )
        )
    sections.append(("Who is cited", items))
    return sections


def check_markdown(report: Any) -> str:
    out = ["## Cross-check", ""]
    for note in report.notes:
        out.append(f"*{note}*")
    if report.notes:
        out.append("")
    for title, items in _lines(report):
        if not items:
            continue
        out += [f"### {title}", ""]
        for line, evidence in items:
            out.append(f"- {line}")
            out += [f"  - {e}" for e in evidence]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def check_html(report: Any) -> str:
    """An HTML fragment; every piece of text is escaped."""
    out = ["<h2>Cross-check</h2>"]
    out += [f'<p class="note">{escape(note)}</p>' for note in report.notes]
    for title, items in _lines(report):
        if not items:
            continue
        out.append(f"<h3>{escape(title)}</h3><ul>")
        for line, evidence in items:
            if evidence:
                ev = "".join(f"<li>{escape(e)}</li>" for e in evidence)
                out.append(
                    f"<li><details><summary>{escape(line)}</summary><ul>{ev}</ul></details></li>"
                )
            else:
                out.append(f"<li>{escape(line)}</li>")
        out.append("</ul>")
    return "\n".join(out)


def check_rich(report: Any) -> list[Any]:
    from rich.markup import escape as rescape
    from rich.text import Text
    from rich.tree import Tree

    out: list[Any] = [Text("Cross-check", style="bold underline")]
    out += [Text(note, style="italic yellow") for note in report.notes]
    for title, items in _lines(report):
        if not items:
            continue
        tree = Tree(f"[bold]{rescape(title)}[/bold]")
        for line, evidence in items:
            branch = tree.add(rescape(line))
            for e in evidence:
                branch.add(f"[dim]{rescape(e)}[/dim]")
        out.append(tree)
    return out
