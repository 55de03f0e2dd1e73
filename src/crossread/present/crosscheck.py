"""The cross-check section as Markdown, an HTML fragment and rich renderables.

All three draw the sections of :mod:`crossread.present.sections` (the one typed view);
this module only decides how a section looks in each medium.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from crossread.present.sections import Excerpt, Item, Section, check_sections, plain, short

_FOLDED = 20  # folded items listed in text outputs before "… and N more"


def _sections(report_or_sections: Any) -> Sequence[Section]:
    if isinstance(report_or_sections, tuple | list):
        return report_or_sections
    return check_sections(report_or_sections)


def _excerpt(e: Excerpt) -> str:
    where = f"[{e.n}]" + (f" #{e.sentence + 1}" if e.sentence >= 0 else "")
    return f"{where}: “{short(e.text)}”"


def _evidence(item: Item) -> list[str]:
    out = [_excerpt(e) for e in item.evidence]
    out += [f"{_excerpt(a)} ⇐ {_excerpt(b)}" for a, b in item.pairs]
    if item.more:
        out.append(f"… and {item.more} more")
    return out


def _folded_line(section: Section) -> str:
    shown = "; ".join(plain(i.line) for i in section.folded[:_FOLDED])
    more = len(section.folded) - _FOLDED
    return f"{section.folded_label}: {shown}" + (f" … and {more} more" if more > 0 else "")


def _rows(section: Section) -> list[tuple[str, list[str]]]:
    rows = [(plain(i.line), _evidence(i)) for i in section.items]
    if section.folded:
        rows.append((_folded_line(section), []))
    if not rows and section.empty:
        rows.append((section.empty, []))
    return rows


def check_markdown(report: Any, notes: Sequence[str] | None = None) -> str:
    """Markdown of a CheckReport (or of its sections, with the check's ``notes``)."""
    notes = list(getattr(report, "notes", ()) if notes is None else notes)
    out = ["## Cross-check", ""]
    out += [f"*{note}*" for note in notes]
    if notes:
        out.append("")
    for section in _sections(report):
        out += [f"### {section.title} ({section.count})", ""]
        for line, evidence in _rows(section):
            out.append(f"- {line}")
            out += [f"  - {e}" for e in evidence]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def check_html(report: Any, notes: Sequence[str] | None = None) -> str:
    """An HTML fragment; every piece of text is escaped."""
    notes = list(getattr(report, "notes", ()) if notes is None else notes)
    out = ["<h2>Cross-check</h2>"]
    out += [f'<p class="note">{escape(note)}</p>' for note in notes]
    for section in _sections(report):
        out.append(f'<h3 id="{section.key}">{escape(section.title)} ({section.count})</h3><ul>')
        for line, evidence in _rows(section):
            if evidence:
                ev = "".join(f"<li>{escape(e)}</li>" for e in evidence)
                out.append(
                    f"<li><details><summary>{escape(line)}</summary><ul>{ev}</ul></details></li>"
                )
            else:
                out.append(f"<li>{escape(line)}</li>")
        out.append("</ul>")
    return "\n".join(out)


def check_rich(report: Any, notes: Sequence[str] | None = None) -> list[Any]:
    from rich.markup import escape as rescape
    from rich.text import Text
    from rich.tree import Tree

    notes = list(getattr(report, "notes", ()) if notes is None else notes)
    out: list[Any] = [Text("Cross-check", style="bold underline")]
    out += [Text(note, style="italic yellow") for note in notes]
    for section in _sections(report):
        tree = Tree(f"[bold]{rescape(section.title)}[/bold] ({section.count})")
        for line, evidence in _rows(section):
            branch = tree.add(rescape(line))
            for e in evidence:
                branch.add(f"[dim]{rescape(e)}[/dim]")
        out.append(tree)
    return out
