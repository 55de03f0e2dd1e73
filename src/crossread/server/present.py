"""Plain data for the pages: a brief's JSON dict and articles turned into what templates show.

Pure functions, no I/O.  Templates get only strings and numbers from here and
escape every one of them (autoescape); nothing built here is marked safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crossread.model import Article, Sentence
from crossread.present.crosscheck import change_line, reuse_caveat
from crossread.present.view import article_label


@dataclass(frozen=True)
class Segment:
    """A run of an article's text: a sentence (index >= 0) or the space between sentences."""

    text: str
    index: int = -1
    used: bool = False
    highlighted: bool = False


def article_row(article: Article, n: int | None = None) -> dict[str, Any]:
    return {
        "n": n,
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "url": article.url,
        "source": article.source,
        "label": article_label(article),
    }


def segments(
    text: str, sentences: Sequence[Sentence], used: Iterable[int] = (), highlight: int | None = None
) -> list[Segment]:
    """Cut ``text`` into sentence and gap segments that put together give back ``text``."""
    used_set = set(used)
    out: list[Segment] = []
    pos = 0
    for s in sorted(sentences, key=lambda s: s.start):
        if s.start < pos:
            continue
        if s.start > pos:
            out.append(Segment(text[pos : s.start]))
        out.append(
            Segment(text[s.start : s.end], s.index, s.index in used_set, s.index == highlight)
        )
        pos = s.end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def used_sentences(brief: Mapping[str, Any], article_id: str) -> set[int]:
    """Indices of the article's sentences that a summary sentence was taken from or cites."""
    used: set[int] = set()
    for s in brief.get("summary", []):
        for c in s.get("evidence", []):
            if c.get("article") == article_id:
                used.add(int(c.get("sentence", -1)))
    return used


def chips(summary_sentence: Mapping[str, Any], numbers: Mapping[str, int]) -> list[dict[str, Any]]:
    """One chip per cited article (its first citing sentence), in source-number order."""
    seen: dict[str, dict[str, Any]] = {}
    for c in summary_sentence.get("evidence", []):
        article = str(c.get("article"))
        if article in seen:
            continue
        seen[article] = {
            "n": numbers.get(article, 0),
            "article": article,
            "sentence": int(c.get("sentence", 0)),
            "text": str(c.get("text", "")),
            "similarity": c.get("similarity"),
            "strength": c.get("strength"),
            "support": c.get("support", "strong"),
        }
    if not seen:  # a brief without evidence: cite the articles only
        for article in summary_sentence.get("citations", []):
            seen[str(article)] = {
                "n": numbers.get(str(article), 0),
                "article": str(article),
                "sentence": 0,
                "text": "",
                "similarity": None,
                "strength": None,
                "support": "strong",
            }
    return sorted(seen.values(), key=lambda c: c["n"])


def _text_of(value: Any) -> str:
    if isinstance(value, Mapping):
        for key in ("text", "name", "spelling", "value", "variant"):
            if value.get(key) is not None:
                return str(value[key])
        return ", ".join(f"{k}: {v}" for k, v in value.items() if not isinstance(v, list | dict))
    return str(value)


def _articles_of(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        arts = value.get("articles") or ([value["article"]] if value.get("article") else [])
        return [str(a) for a in arts]
    return []


def check_view(check: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The cross-check dict (CheckReport.to_dict()) arranged in the page's sections."""
    if check is None:
        return None
    facts = [f for f in check.get("facts", []) if isinstance(f, Mapping)]

    def fact_row(f: Mapping[str, Any]) -> dict[str, Any]:
        values = [v for v in f.get("values", []) if isinstance(v, Mapping)]
        first = values[0] if values else f
        articles: dict[str, None] = {}
        for v in values or [f]:
            articles.update(dict.fromkeys(_articles_of(v)))
        return {
            "about": _text_of(f.get("about", "")),
            "value": " / ".join(dict.fromkeys(_text_of(v.get("value", "")) for v in values))
            or _text_of(f.get("value", "")),
            "text": _text_of(first.get("text", "")),
            "articles": list(articles),
            "independent": int(f.get("independent") or len(articles)),
        }

    def status(f: Mapping[str, Any]) -> str:
        if f.get("status"):
            return str(f["status"])
        return "agreed" if len(fact_row(f)["articles"]) > 1 else "single"

    agreed = [fact_row(f) for f in facts if status(f) == "agreed"]
    single = [fact_row(f) for f in facts if status(f) == "single"]
    agreed.sort(key=lambda r: -len(r["articles"]))
    conflicts = [
        {
            "about": _text_of(c.get("about", "")),
            "values": [
                {
                    "value": _text_of(v.get("value", "")),
                    "text": _text_of(v.get("text", "")),
                    "articles": _articles_of(v),
                }
                for v in c.get("values", [])
                if isinstance(v, Mapping)
            ],
            "both": _on_both_sides(c),
            "note": _text_of(c.get("note", "")),
        }
        for c in check.get("conflicts", [])
        if isinstance(c, Mapping)
    ]
    inconsistencies = [
        {
            "article": str(i.get("article", "")),
            "text": _text_of(i.get("text", "")),
            "explanation": _text_of(i.get("explanation", "")),
        }
        for i in check.get("inconsistencies", [])
        if isinstance(i, Mapping)
    ]
    quotes = [
        {
            "speaker": _text_of(q.get("speaker") or "unknown speaker"),
            "variants": [
                {"text": _text_of(v), "articles": _articles_of(v)}
                for v in q.get("variants", [])
                if v
            ],
        }
        for q in check.get("quotes", [])
        if isinstance(q, Mapping)
    ]
    entities = [
        {
            "name": _text_of(e.get("name", "")),
            "kind": str(e.get("kind", "") or ""),
            "variants": [_text_of(v) for v in e.get("variants", [])],
            "articles": _articles_of(e),
        }
        for e in check.get("entities", [])
        if isinstance(e, Mapping)
    ]
    attributions = [
        {
            "source": _text_of(a.get("source") or a.get("who") or ""),
            "kind": str(a.get("kind", "") or ""),
            "statements": [
                _text_of(st) for st in a.get("statements", [])[:5] if isinstance(st, Mapping)
            ]
            or ([_text_of(a["text"])] if a.get("text") else []),
            "articles": _articles_of(a),
        }
        for a in check.get("attributions", [])
        if isinstance(a, Mapping)
    ]
    reuse = [
        {
            "article": str(r.get("article", "")),
            "source": str(r.get("source", "")),
            "kind": str(r.get("kind", "")),
            "share": float(r.get("share") or 0.0),
            "direction": str(r.get("direction", "") or ""),
            "relation": str(r.get("relation", "copy") or "copy"),
            "caveat": reuse_caveat(r),
            "changes": [change_line(c) for c in r.get("changes", []) if isinstance(c, Mapping)],
            "pairs": [
                {"text": str(p.get("text", "")), "source_text": str(p.get("source_text", ""))}
                for p in r.get("pairs", [])[:3]
                if isinstance(p, Mapping)
            ],
        }
        for r in check.get("reuse", [])
        if isinstance(r, Mapping) and r.get("kind") != "not"
    ]
    notes = [str(n) for n in check.get("notes", [])] if isinstance(check.get("notes"), list) else []
    return {
        "agreed": agreed,
        "conflicts": conflicts,
        "single": single,
        "inconsistencies": inconsistencies,
        "quotes": quotes,
        "entities": entities,
        "attributions": attributions,
        "reuse": reuse,
        "notes": notes,
    }


def _on_both_sides(conflict: Mapping[str, Any]) -> list[str]:
    """Articles that state more than one of a conflict's values (the terminal's "[1] states
    both values")."""
    values = [v for v in conflict.get("values", []) if isinstance(v, Mapping)]
    own = dict.fromkeys(a for v in values for a in _articles_of(v))
    return [a for a in own if sum(a in _articles_of(v) for v in values) > 1]
