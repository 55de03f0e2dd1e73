"""What every renderer shows: source numbering, labels, the brief as plain data."""

from __future__ import annotations

from typing import Any

from crossread import __version__
from crossread.model import Brief, SummarySentence


def source_numbers(brief: Brief) -> dict[str, int]:
    """Article id -> the number a reader sees ([1], [2], ...), in input order."""
    return {a.id: i for i, a in enumerate(brief.articles, start=1)}


def _numbers(brief: Brief, numbers: dict[str, int] | None) -> dict[str, int]:
    """``numbers`` when it numbers every article of the brief, else the input order."""
    if numbers and all(a.id in numbers for a in brief.articles):
        return {a.id: numbers[a.id] for a in brief.articles}
    return source_numbers(brief)


MARK_PREFIX = {"strong": "", "partial": "~", "disputed": "≠"}
MARKS_LEGEND = (
    "Citation marks: n = source n carries the sentence; ~n = it carries part of it (a weaker "
    "match); ≠n = it tells the same with another figure (not cited: see the cross-check)."
)


def support(strength: float) -> str:
    """How a citation reads: "strong" or "partial" (crossread.summary.citation.label)."""
    from crossread.summary.citation import label

    return label(strength)


def strength_marks(sentence: SummarySentence, numbers: dict[str, int]) -> list[tuple[int, str]]:
    """(source number, "strong" | "partial" | "disputed") per cited or disagreeing article."""
    best: dict[str, float] = {}
    for c in sentence.citations:
        best[c.article_id] = max(best.get(c.article_id, 0.0), float(c.strength))
    out = [(numbers[a], support(v)) for a, v in best.items() if a in numbers]
    out += [
        (numbers[c.article_id], "disputed")
        for c in sentence.disputed
        if c.article_id in numbers and c.article_id not in best
    ]
    return sorted(out)


def mark_text(marks: list[tuple[int, str]], sep: str = ",") -> str:
    """ "1,2,~4,≠5": the marks as text (legend: ``MARKS_LEGEND``)."""
    return sep.join(f"{MARK_PREFIX[kind]}{n}" for n, kind in marks)


def check_dict(brief: Brief) -> dict[str, Any] | None:
    report = brief.check
    if report is None:
        return None
    to_dict = getattr(report, "to_dict", None)
    return to_dict() if callable(to_dict) else dict(report)  # type: ignore[call-overload]


def brief_to_dict(brief: Brief, numbers: dict[str, int] | None = None) -> dict[str, Any]:
    """The documented JSON schema (see README, "JSON output"); ``numbers``: article id ->
    source number (default: input order, 1, 2, ...)."""
    numbers = _numbers(brief, numbers)
    out: dict[str, Any] = {
        "crossread": __version__,
        "story": {"id": brief.story_id, "title": brief.title},
        "articles": [
            {
                "n": numbers[a.id],
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "published": a.published,
                "url": a.url,
                "source": a.source,
            }
            for a in brief.articles
        ],
        "summary": [
            {
                "text": s.text,
                "citations": list(s.article_ids),
                "from": {
                    "article": s.source.article_id,
                    "sentence": s.source.index,
                    "start": s.source.start,
                    "end": s.source.end,
                },
                "evidence": [
                    {
                        "article": c.article_id,
                        "sentence": c.sentence_index,
                        "text": c.text,
                        "similarity": round(float(c.similarity), 3),
                        "strength": round(float(c.strength), 3),
                        "support": support(c.strength),
                    }
                    for c in s.citations
                ],
                "disputed": [
                    {"article": c.article_id, "sentence": c.sentence_index, "text": c.text}
                    for c in s.disputed
                ],
            }
            for s in brief.summary
        ],
        "notes": list(brief.notes),
    }
    if brief.extra.get("other_stories"):  # a mixed pile: the stories not summarised
        out["other_stories"] = list(brief.extra["other_stories"])
    check = check_dict(brief)
    if check is not None:
        out["check"] = check
    return out
