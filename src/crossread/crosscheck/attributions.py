"""Who is cited as the source of what: "according to Russia Today", "the Pentagon said",
"the state-run TASS news agency cited Assad as saying". The cues and speakers come from
``crossread.attribution.statements``; this part groups them by source across articles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crossread.attribution import Quotation, quotations, statements
from crossread.crosscheck.context import Doc
from crossread.crosscheck.wording import clean_space, sort_ids


@dataclass(frozen=True)
class Statement:
    article: str
    sentence: int
    text: str  # the sentence that cites the source
    cue: str  # the words that do the citing ("according to Russia Today")

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "sentence": self.sentence,
            "text": self.text,
            "cue": self.cue,
        }


@dataclass(frozen=True)
class Attribution:
    source: str
    kind: str  # person | org
    statements: tuple[Statement, ...]
    articles: tuple[str, ...]
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "role": self.role,
            "articles": list(self.articles),
            "statements": [s.to_dict() for s in self.statements],
        }


def find_attributions(
    docs: Sequence[Doc],
    order: dict[str, int],
    found: dict[str, tuple[Quotation, ...]] | None = None,
) -> list[Attribution]:
    """Sources cited in the articles, grouped by name (``found``: the articles' quotations when
    already computed, by article id)."""
    by_source: dict[str, list[Statement]] = defaultdict(list)
    kinds: dict[str, str] = {}
    roles: dict[str, str] = {}
    for d in docs:
        position = {s.index: k for k, s in enumerate(d.sentences)}
        quotes = found[d.id] if found and d.id in found else quotations(d.article, d.sentences)
        for st in statements(d.article, d.sentences, quotes):
            k = position.get(st.sentence, st.sentence)
            name = st.speaker.name
            kinds.setdefault(name, st.speaker.kind)
            if st.speaker.role:
                roles.setdefault(name, st.speaker.role)
            text = d.texts[k] if k < len(d.texts) else clean_space(st.cue)
            by_source[name].append(Statement(d.id, k, text, st.cue))
    out = [
        Attribution(
            src,
            kinds[src],
            tuple(sts),
            tuple(sort_ids({s.article for s in sts}, order)),
            roles.get(src),
        )
        for src, sts in by_source.items()
    ]
    out.sort(key=lambda a: (-len(a.articles), -len(a.statements), a.source))
    return out
