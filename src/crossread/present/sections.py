"""THE typed view of a brief: what every presenter shows, built once from typed objects.

    view = brief_view(brief)            # sources, coverage, summary, cross-check sections
    view.to_dict() / BriefView.from_dict(d)   # lossless, so the web app can keep it in the store

Terminal, Markdown, standalone HTML, the web page and its downloads all render a
``BriefView``; none of them looks inside a ``CheckReport`` or guesses at a dict's keys.

A line of text that mentions sources is a tuple of *parts*: ``str`` is text, ``int`` is a
source number. Each presenter draws a number its own way ("[2]" in Markdown, a chip with
the outlet and date on the web), so "outlet and date beside every source number" holds
everywhere without a second copy of the wording.

Section order is the reading order of a fact-checker: conflicts and changes in rewrites
first, the copy picture next to them, then figures, quotes, names and who is cited.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crossread.model import Article, Brief

Part = str | int  # text, or a source number
Line = tuple[Part, ...]

# How many items a section shows before folding the rest away (the web collapses them).
SHOWN = 8


@dataclass(frozen=True)
class Source:
    """One article as the reader sees it: its number, outlet, date and headline."""

    n: int
    id: str
    outlet: str = ""
    date: str = ""  # YYYY-MM-DD when known
    title: str = ""
    url: str = ""
    opening: str = ""  # first words, for an article without a headline

    @property
    def name(self) -> str:
        """Who published it: the outlet, else the site's host, else "source n"."""
        if self.outlet:
            return self.outlet
        host = urlsplit(self.url).hostname if self.url.startswith(("http:", "https:")) else ""
        return (host or "").removeprefix("www.") or f"source {self.n}"

    @property
    def tag(self) -> str:
        """ "TASS, 2017-12-11": what stands beside the number everywhere."""
        return f"{self.name}, {self.date}" if self.date else self.name

    @property
    def label(self) -> str:
        """ "TASS, 2017-12-11: Headline" for lists of sources."""
        head = self.title or self.opening
        return f"{self.tag}: {head}" if head else self.tag


@dataclass(frozen=True)
class Excerpt:
    """A sentence of a source (``sentence`` is its index in the article, 0-based)."""

    n: int
    sentence: int
    text: str
    support: str = ""  # for a summary citation: "strong" | "partial" | "disputed"
    strength: float | None = None  # how much of the statement it shows, 0..1


@dataclass(frozen=True)
class Link:
    """Source ``article`` takes ``share`` of its content from source ``source``."""

    article: int
    source: int
    kind: str  # "wholly" | "partially"
    share: float


@dataclass(frozen=True)
class Item:
    line: Line
    evidence: tuple[Excerpt, ...] = ()
    pairs: tuple[tuple[Excerpt, Excerpt], ...] = ()  # (the rewrite's sentence, the source's)
    more: int = 0  # evidence left out


@dataclass(frozen=True)
class Section:
    key: str  # anchor and CSS name: "conflicts", "copies", ...
    title: str
    items: tuple[Item, ...]
    folded: tuple[Item, ...] = ()  # shown folded: the long tail (one-source facts, ...)
    folded_label: str = ""
    empty: str = ""  # said once when there are no items at all
    links: tuple[Link, ...] = ()  # the copy picture

    @property
    def count(self) -> int:
        return len(self.items) + len(self.folded)


UNKNOWN_OUTLET = "outlet unknown"


@dataclass(frozen=True)
class Coverage:
    articles: int
    outlets: tuple[tuple[str, int], ...]  # (name, articles), most first
    first: int | None  # the source that reported first (by date), when dates are known
    first_date: str
    last_date: str
    independent: int  # articles left once wholesale copies are counted with their source
    checked: bool  # False: no cross-check, so copies were not looked for

    @property
    def named_outlets(self) -> int:
        """Outlets the sources name (articles of unknown outlet are not counted as one)."""
        return sum(1 for name, _ in self.outlets if name != UNKNOWN_OUTLET)


@dataclass(frozen=True)
class SummaryLine:
    index: int
    text: str
    refs: tuple[int, ...]  # the sources that carry it (strongly or in part)
    evidence: tuple[Excerpt, ...]  # per citing (or disagreeing) source, its sentence
    marks: tuple[tuple[int, str], ...] = ()  # (n, "strong" | "partial" | "disputed")

    @property
    def mark_text(self) -> str:
        """ "1, 2, ~4, ≠5" (legend: ``crossread.present.view.MARKS_LEGEND``)."""
        from crossread.present.view import mark_text

        return mark_text(list(self.marks), ", ")

    def excerpt(self, n: int) -> Excerpt | None:
        return next((e for e in self.evidence if e.n == n), None)


@dataclass(frozen=True)
class BriefView:
    story_id: str
    title: str
    sources: tuple[Source, ...]
    coverage: Coverage
    summary: tuple[SummaryLine, ...]
    sections: tuple[Section, ...]  # empty when the brief has no cross-check
    notes: tuple[str, ...] = ()  # about the brief (skipped inputs, fallbacks)
    check_notes: tuple[str, ...] = ()  # about the cross-check
    checked: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def source(self, n: int) -> Source | None:
        return self._by_n().get(n)

    def _by_n(self) -> dict[int, Source]:
        return {s.n: s for s in self.sources}

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        out = asdict(self)
        out.pop("extra")
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> BriefView:
        def excerpts(xs: Sequence[Mapping[str, Any]]) -> tuple[Excerpt, ...]:
            return tuple(Excerpt(**x) for x in xs)

        def item(x: Mapping[str, Any]) -> Item:
            return Item(
                line=tuple(x["line"]),
                evidence=excerpts(x["evidence"]),
                pairs=tuple((Excerpt(**a), Excerpt(**b)) for a, b in x["pairs"]),
                more=x["more"],
            )

        def section(x: Mapping[str, Any]) -> Section:
            return Section(
                key=x["key"],
                title=x["title"],
                items=tuple(item(i) for i in x["items"]),
                folded=tuple(item(i) for i in x["folded"]),
                folded_label=x["folded_label"],
                empty=x["empty"],
                links=tuple(Link(**lk) for lk in x["links"]),
            )

        cov = dict(d["coverage"])
        cov["outlets"] = tuple((str(a), int(b)) for a, b in cov["outlets"])
        return cls(
            story_id=d["story_id"],
            title=d["title"],
            sources=tuple(Source(**s) for s in d["sources"]),
            coverage=Coverage(**cov),
            summary=tuple(
                SummaryLine(
                    index=s["index"],
                    text=s["text"],
                    refs=tuple(s["refs"]),
                    evidence=excerpts(s["evidence"]),
                    marks=tuple((int(n), str(k)) for n, k in s["marks"]),
                )
                for s in d["summary"]
            ),
            sections=tuple(section(s) for s in d["sections"]),
            notes=tuple(d["notes"]),
            check_notes=tuple(d["check_notes"]),
            checked=d["checked"],
        )


# -- building -----------------------------------------------------------------------------


def _opening(text: str, words: int = 10) -> str:
    first = text.split()
    if not first:
        return ""
    tail = "…" if len(first) > words else ""
    return f"“{' '.join(first[:words])}{tail}”"


def source_of(article: Article, n: int) -> Source:
    return Source(
        n=n,
        id=article.id,
        outlet=(article.outlet or "").strip(),
        date=(article.published or "")[:10],
        title=(article.title or "").strip(),
        url=article.url or "",
        opening="" if article.title else _opening(article.text),
    )


def sources_of(brief: Brief, numbers: Mapping[str, int] | None = None) -> tuple[Source, ...]:
    from crossread.present.view import source_numbers

    numbers = numbers or source_numbers(brief)
    return tuple(
        source_of(a, numbers[a.id]) for a in sorted(brief.articles, key=lambda a: numbers[a.id])
    )


def brief_view(brief: Brief, numbers: Mapping[str, int] | None = None) -> BriefView:
    """The one view of a brief (``numbers``: article id -> source number; default input order)."""
    from crossread.present.view import _numbers

    numbers = _numbers(brief, dict(numbers) if numbers else None)
    sources = sources_of(brief, numbers)
    summary = tuple(_summary_line(i, s, numbers) for i, s in enumerate(brief.summary))
    report = brief.check
    sections = check_sections(report, numbers) if report is not None else ()
    # "no conflicts" is not a note: the conflicts section says it (typed: no conflicts, and
    # more than one article), so every note of the check is shown as it is
    check_notes = tuple(getattr(report, "notes", ()) or ())
    return BriefView(
        story_id=brief.story_id or "",
        title=brief.title or next((s.title for s in sources if s.title), "") or "Summary",
        sources=sources,
        coverage=coverage(sources, report, numbers),
        summary=summary,
        sections=sections,
        notes=tuple(brief.notes),
        check_notes=check_notes,
        checked=report is not None,
    )


def _summary_line(i: int, s: Any, numbers: Mapping[str, int]) -> SummaryLine:
    from crossread.present.view import strength_marks, support

    cites = [
        Excerpt(
            numbers[c.article_id],
            c.sentence_index,
            c.text,
            support(c.strength),
            round(float(c.strength), 3),
        )
        for c in s.citations
        if c.article_id in numbers
    ]
    cited = {e.n for e in cites}
    disputed = [
        Excerpt(numbers[c.article_id], c.sentence_index, c.text, "disputed", None)
        for c in getattr(s, "disputed", ())
        if c.article_id in numbers and numbers[c.article_id] not in cited
    ]
    return SummaryLine(
        index=i,
        text=s.text,
        refs=tuple(sorted({numbers[a] for a in s.article_ids if a in numbers})),
        evidence=tuple(cites + disputed),
        marks=tuple(strength_marks(s, dict(numbers))),
    )


def coverage(sources: Sequence[Source], report: Any, numbers: Mapping[str, int]) -> Coverage:
    counts = Counter(s.name for s in sources if s.outlet or s.url)
    unknown = sum(1 for s in sources if not (s.outlet or s.url))
    outlets = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    if unknown:
        outlets.append((UNKNOWN_OUTLET, unknown))
    dated = sorted((s.date, s.n) for s in sources if s.date)
    copies = set()
    if report is not None:
        copies = {
            r.article
            for r in report.reuse
            if r.kind == "wholly"
            and getattr(r, "relation", "copy") == "copy"
            and r.article in numbers
        }
    return Coverage(
        articles=len(sources),
        outlets=tuple(outlets),
        first=dated[0][1] if dated else None,
        first_date=dated[0][0] if dated else "",
        last_date=dated[-1][0] if dated else "",
        independent=len(sources) - len(copies),
        checked=report is not None,
    )


def _refs(ids: Sequence[str], n: Mapping[str, int]) -> tuple[int, ...]:
    return tuple(sorted({n[a] for a in ids if a in n}))


def _with_refs(text: str, refs: Sequence[int]) -> Line:
    out: list[Part] = [text]
    for r in refs:
        out += [" ", r]
    return tuple(out)


def check_sections(report: Any, numbers: Mapping[str, int] | None = None) -> tuple[Section, ...]:
    """The cross-check in reading order; ``numbers`` default to the report's article order."""
    n = dict(numbers or {a: i for i, a in enumerate(report.articles, start=1)})
    many = len(report.articles) > 1
    out = [_conflicts(report, n, many), _changes(report, n), _copies(report, n, many)]
    out += [_figures(report, n), _quotes(report, n, many)]
    out += [_names(report, n), _cited(report, n)]
    return tuple(out)


def _excerpts(mentions: Sequence[tuple[str, int, str]], n: Mapping[str, int]) -> list[Excerpt]:
    seen: dict[tuple[int, int], Excerpt] = {}
    for a, s, t in mentions:
        if a in n:
            seen.setdefault((n[a], s), Excerpt(n[a], s, t))
    return list(seen.values())


def _conflicts(report: Any, n: Mapping[str, int], many: bool) -> Section:
    items = []
    for c in report.conflicts:
        line: list[Part] = [f"{c.about}: "]
        for k, v in enumerate(c.values):
            if k:
                line.append(" vs ")
            line.append(v.value)
            for r in _refs(v.articles, n):
                line += [" ", r]
        own = [a for v in c.values for a in v.articles]
        twice = sorted({n[a] for a in own if a in n and own.count(a) > 1})
        if twice:
            line.append(" (")
            for r in twice:
                line += [r, " "]
            line.append("states both values)")
        if getattr(c, "note", ""):
            line.append(f" — {c.note}")
        ev = [e for v in c.values for e in _excerpts(v.mentions, n)]
        items.append(Item(tuple(line), tuple(dict.fromkeys(ev))))
    for i in report.inconsistencies:
        if i.article not in n:
            continue
        line = (n[i.article], f" contradicts itself: {i.explanation}")
        said = getattr(i, "statements", ()) or ((i.sentence, i.text),)
        ev = tuple(Excerpt(n[i.article], s, t) for s, t in said if t)
        items.append(Item(line, ev))
    empty = (
        "No conflicts: the sources do not contradict each other on any figure or date found."
        if many
        else "One article: nothing to compare."
    )
    return Section("conflicts", "Conflicts", tuple(items), empty=empty)


def reuse_caveat(r: Mapping[str, Any]) -> str:
    """How the direction of a reuse was decided, in words (``r``: a reuse entry of the JSON)."""
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


def change_line(c: Mapping[str, Any]) -> str:
    """One change a rewrite made, in words (``c``: an entry of a reuse's ``changes``)."""
    return (
        f"{c.get('kind')}: “{short(str(c.get('source_text', '')), 120)}” → "
        f"“{short(str(c.get('text', '')), 120)}”: {c.get('explanation', '')}"
    )


def _changes(report: Any, n: Mapping[str, int]) -> Section:
    """What rewrites changed in what they took (numbers, hedges, attribution, negation...)."""
    items = []
    for r in report.reuse:
        if r.article not in n or r.source not in n:
            continue
        for c in getattr(r, "changes", ()) or ():
            d = c.to_dict()
            line = (n[r.article], " took from ", n[r.source], f" and changed: {change_line(d)}")
            ev = []
            if d.get("article_sentence", -1) >= 0:
                ev.append(Excerpt(n[r.article], d["article_sentence"], str(d.get("text", ""))))
            if d.get("source_sentence", -1) >= 0:
                ev.append(Excerpt(n[r.source], d["source_sentence"], str(d.get("source_text", ""))))
            items.append(Item(line, tuple(ev)))
    return Section(
        "changes",
        "Changes in rewrites",
        tuple(items),
        empty="No rewrite changed a figure, hedge, attribution, negation or name it took.",
    )


_PAIRS = 4


def _copies(report: Any, n: Mapping[str, int], many: bool) -> Section:
    derived = [r for r in report.reuse if r.kind in ("wholly", "partially") and r.article in n]
    derived = [r for r in derived if r.source in n]
    items = []
    for r in derived:
        caveat = reuse_caveat(r.to_dict())
        if getattr(r, "relation", "copy") == "common":
            line: Line = (
                n[r.article],
                " and ",
                n[r.source],
                f" share {r.share:.0%} of the first one's content ({caveat})",
            )
        else:
            how = "is a rewrite of" if r.kind == "wholly" else "takes part of its content from"
            changed = len(getattr(r, "changes", ()) or ())
            what = (
                f"{changed} change{'s' if changed != 1 else ''} of meaning (see Changes)"
                if changed
                else "no change of meaning found in the aligned sentences"
            )
            line = (
                n[r.article],
                f" {how} ",
                n[r.source],
                f": {r.share:.0%} of its content in {len(r.pairs)} aligned sentences "
                f"({caveat}); {what}",
            )
        pairs = tuple(
            (
                Excerpt(n[r.article], p.article_sentence, p.text),
                Excerpt(n[r.source], p.source_sentence, p.source_text),
            )
            for p in r.pairs[:_PAIRS]
        )
        items.append(Item(line, pairs=pairs, more=max(0, len(r.pairs) - _PAIRS)))
    links = tuple(
        Link(n[r.article], n[r.source], r.kind, round(r.share, 3))
        for r in derived
        if getattr(r, "relation", "copy") != "common"  # no arrow: neither copied the other
    )
    empty = "No article is a rewrite of another." if many else "One article: nothing to compare."
    return Section("copies", "Who copied whom", tuple(items), empty=empty, links=links)


def _fact_line(f: Any, n: Mapping[str, int]) -> Item:
    v = f.values[0]
    refs = _refs(v.articles, n)
    text = f"{f.about}: {v.value}" if f.about else v.value
    line: list[Part] = list(_with_refs(text, refs))
    if 0 < f.independent < f.sources:
        line.append(f" ({f.sources} sources, {f.independent} independent)")
    return Item(tuple(line), tuple(_excerpts(v.mentions, n)[:3]))


def _figures(report: Any, n: Mapping[str, int]) -> Section:
    agreed = [f for f in report.facts if f.status == "agreed"]
    keys = {(f.about, f.values[0].value) for f in agreed if f.values}
    single = [
        f
        for f in report.facts
        if f.status == "single" and f.values and (f.about, f.values[0].value) not in keys
    ]
    agreed.sort(key=lambda f: -f.sources)
    return Section(
        "figures",
        "Figures and dates the sources agree on",
        tuple(_fact_line(f, n) for f in agreed if f.values),
        folded=tuple(_fact_line(f, n) for f in single),
        folded_label="reported by one source only",
        empty="No figure or date is stated by more than one source.",
    )


def _quotes(report: Any, n: Mapping[str, int], many: bool) -> Section:
    shared, alone = [], []
    for q in report.quotes:
        who = q.speaker or "unknown speaker"
        versions = len(q.variants)
        line = _with_refs(
            f"{who}: {versions} version{'s' if versions != 1 else ''} in", _refs(q.articles, n)
        )
        ev = []
        for v in q.variants:
            for a in v.articles[:1]:
                if a in n:
                    sentence = next((s for aa, s in v.sentences if aa == a), -1)
                    ev.append(Excerpt(n[a], sentence, v.text))
        (shared if len(q.articles) > 1 or not many else alone).append(Item(line, tuple(ev)))
    return Section(
        "quotes",
        "Quotes",
        tuple(shared),
        folded=tuple(alone),
        folded_label="quoted by one source only",
        empty="No direct quotes found.",
    )


def _names(report: Any, n: Mapping[str, int]) -> Section:
    shown, rest = [], []
    for e in report.entities:
        if len(e.variants) > 1:
            line: list[Part] = [f"{e.name} ({e.kind}), spelled "]
            for k, v in enumerate(e.variants):
                line.append(("; " if k else "") + v.text)
                for r in _refs(v.articles, n):
                    line += [" ", r]
            shown.append(Item(tuple(line)))
        elif len(e.articles) > 1:
            shown.append(Item(_with_refs(f"{e.name} ({e.kind})", _refs(e.articles, n))))
        else:
            rest.append(Item(_with_refs(f"{e.name} ({e.kind})", _refs(e.articles, n))))
    shown.sort(key=lambda i: -sum(isinstance(p, int) for p in i.line))
    return Section(
        "names",
        "Names and their spellings",
        tuple(shown),
        folded=tuple(rest),
        folded_label="named by one source only",
        empty="No names found.",
    )


def _cited(report: Any, n: Mapping[str, int]) -> Section:
    items = []
    for a in report.attributions:
        st = [s for s in a.statements if s.article in n]
        line = _with_refs(f"{a.source} ({a.kind})", _refs([s.article for s in st], n))
        ev = tuple(Excerpt(n[s.article], s.sentence, s.text) for s in st[:4])
        items.append(Item(line, ev, more=max(0, len(st) - 4)))
    return Section("cited", "Who is cited", tuple(items), empty="No attributed statements.")


# -- plain text of a line (Markdown and terminal draw numbers as [n]) ----------------------


def plain(line: Line, mark: Any = None) -> str:
    """A line as text; ``mark(n)`` draws a source number (default "[n]")."""
    draw = mark or (lambda r: f"[{r}]")
    return "".join(draw(p) if isinstance(p, int) else p for p in line)


def short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
