"""What a rewrite changed: the meaning changes between each copied sentence and its source.

For every derived pair (``crosscheck.reuse``), each sentence of the copy is set against the
source sentence it was taken from, and rules look for changes a fact-checker must know
about (precision first: a rule fires only on words both sentences share, or on a value
both state):

- ``number``: a value changed ("up to seven years" -> "two years") or a magnitude added
  to something the source did not count ("refugees" -> "millions of war refugees");
- ``quantifier``: a quantifier or hedge strengthened or weakened ("a significant portion"
  -> "most"; "roughly one-third" -> "one third"; "at least 16" -> "16");
- ``modality``: certainty or obligation changed ("should" -> "must"; "likely" dropped;
  "were returning" -> "can now safely return"; "apparently" added);
- ``attribution``: the source of a claim dropped ("according to the commander of the
  Russian forces" gone) or given to someone else ("said Wagner" -> "Graber said");
- ``negation``: a "not" / "never" / "no" added or dropped;
- ``name``: a person or place swapped in the same slot ("The Liberty couple" -> "a Kansas
  City couple").

Word lists live in ``data/check/changes.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from typing import Any

import numpy as np

from crossread.crosscheck.context import Doc
from crossread.crosscheck.quantities import Quantity, extract
from crossread.crosscheck.similarity import containment, overlap
from crossread.crosscheck.wording import content, data, fold, stem, wordset
from crossread.text.words import stop_words


@dataclass(frozen=True)
class Change:
    kind: str  # number | quantifier | modality | attribution | negation | name
    source_text: str  # the words of the source sentence that changed
    text: str  # the words of the copy that replace them
    explanation: str
    article_sentence: int = -1
    source_sentence: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source_text": self.source_text,
            "text": self.text,
            "explanation": self.explanation,
            "article_sentence": self.article_sentence,
            "source_sentence": self.source_sentence,
        }


@cache
def _words() -> dict[str, Any]:
    return data("changes.json")


def _limit(key: str) -> float:
    """A threshold of data/check/changes.json "limits" (checked against its _ranges)."""
    return float(_words()["limits"][key])


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


def _low(text: str) -> str:
    return fold(text)


def sentence_pairs(
    derived: Doc, source: Doc, aligned: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The aligned pairs, plus sentences of the copy that continue a source sentence
    already aligned elsewhere (one source sentence split in two by the rewrite)."""
    cfg = _words()["pairing"]
    pairs = list(aligned)
    used = {i for i, _ in pairs}
    if derived.vectors is None or source.vectors is None or not pairs:
        return sorted(pairs)
    cos = derived.vectors @ source.vectors.T
    by_article = dict(pairs)
    for i in range(len(derived.texts)):
        if i in used:
            continue
        j = by_article.get(i - 1, -1)  # the rest of the source sentence the previous one took
        if j >= 0:
            rest = _parts(source.words[j]) - _parts(derived.words[i - 1])
            if overlap(list(_parts(derived.words[i])), list(rest)) >= float(cfg["continuation"]):
                pairs.append((i, j))
                continue
        j = int(np.argmax(cos[i])) if cos.shape[1] else -1
        if j < 0 or float(cos[i, j]) < float(cfg["cosine"]):
            continue
        if overlap(derived.words[i], source.words[j]) >= float(cfg["lexical"]):
            pairs.append((i, j))
    return sorted(pairs)


def _parts(words: Sequence[str]) -> set[str]:
    """Stemmed words with compounds split ("one-third": one, third) and a doubled final
    consonant left by the stemmer undone ("controll": control), so that a rewrite's
    "one third ... control" meets its source's "one-third ... controlled"."""
    out = set()
    for w in words:
        for part in w.split("-"):
            if len(part) > 3 and part[-1] == part[-2] and part[-1] not in "aeious":
                part = part[:-1]
            if part:
                out.add(part)
    return out


def changes_between(source_text: str, text: str) -> list[Change]:
    """Meaning changes from one source sentence to its rewrite (pure)."""
    out: list[Change] = []
    out += _quantity_changes(source_text, text)
    out += _quantifier_changes(source_text, text)
    out += _modality_changes(source_text, text)
    out += _attribution_changes(source_text, text)
    out += _negation_changes(source_text, text)
    out += _name_changes(source_text, text)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for c in out:
        key = (c.kind, c.source_text, c.text)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def find_changes(
    derived: Doc, source: Doc, aligned: Sequence[tuple[int, int]]
) -> tuple[Change, ...]:
    """Every change between the copy's sentences and the source sentences they come from."""
    out: list[Change] = []
    for i, j in sentence_pairs(derived, source, aligned):
        for c in changes_between(source.texts[j], derived.texts[i]):
            out.append(Change(c.kind, c.source_text, c.text, c.explanation, i, j))
    return tuple(out + _speaker_changes(derived, source))


def _speaker_changes(derived: Doc, source: Doc) -> list[Change]:
    """A quotation the copy prints as the source does, given to another named person
    ("A promise kept for 67 years is worth something," said Wagner -> Graber said)."""
    from crossread.attribution import quotations

    def named(q: Any) -> set[str]:
        if q.speaker is None or q.pronoun or q.speaker.kind != "person":
            return set()
        return {w.lower() for w in q.speaker.name.split() if len(w) > 1}

    least = int(data("thresholds.json")["quotes"]["min_words"])
    theirs = [
        (q, named(q), content(q.text))
        for q in quotations(source.article, source.sentences)
        if q.words >= least
    ]
    out = []
    for q in quotations(derived.article, derived.sentences):
        mine = named(q)
        if not mine or q.words < least:
            continue
        words = content(q.text)
        for p, who, said in theirs:
            if who and not (who & mine) and containment(words, said) >= _limit("same_quote"):
                assert q.speaker is not None and p.speaker is not None
                i, j = q.sentences[0], p.sentences[0]
                out.append(
                    Change(
                        "name",
                        source.texts[j],
                        derived.texts[i],
                        f"the quotation is given to {q.speaker.name}; the source gives it to "
                        f"{p.speaker.name}",
                        i,
                        j,
                    )  # fmt: skip
                )
                break
    return out


def with_changes(reuse: Sequence[Any], docs: dict[str, Doc]) -> list[Any]:
    """Each copy (``relation == "copy"``, derived) with the changes it made to its source."""
    from dataclasses import replace

    out = []
    for r in reuse:
        if r.kind != "not" and r.relation == "copy" and r.article in docs and r.source in docs:
            # a sentence said in other words is no copy whose wording changes can be read
            aligned = [(p.article_sentence, p.source_sentence) for p in r.pairs if not p.paraphrase]
            r = replace(r, changes=find_changes(docs[r.article], docs[r.source], aligned))
        out.append(r)
    return out


# ---------------------------------------------------------------- numbers and hedges


def _quantities(text: str) -> list[Quantity]:
    return [q for q in extract(text, "", 0) if q.family not in ("date", "weekday", "time")]


def _same_value(a: Quantity, b: Quantity) -> bool:
    big = max(abs(a.base), abs(b.base))
    return big == 0 or abs(a.base - b.base) <= _limit("same_value") * big


def _kin(a: Quantity, b: Quantity) -> bool:
    """Values of the same kind: the same unit family, or both counts."""
    return a.family == b.family or (a.family.startswith("count:") and b.family.startswith("count:"))


def _quantity_changes(source_text: str, text: str) -> list[Change]:
    from crossread.crosscheck.compare import _agree

    src, dst = _quantities(source_text), _quantities(text)
    out: list[Change] = []
    for t in dst:
        same = [s for s in src if _kin(s, t) and _same_value(s, t)]
        if same:
            s = same[0]
            if s.qualifier != t.qualifier:
                out.append(_hedge_change(s, t))
            continue
        # a value of the same family, in the same role, that the copy changed
        rivals = [s for s in src if s.family == t.family and not _agree(s, t)]
        if len(rivals) == 1 and not any(_same_value(r, t) for r in src):
            s = rivals[0]
            out.append(
                Change(
                    "number",
                    s.text,
                    t.text,
                    f"the source says {s.text!r}; the copy says {t.text!r}",
                )  # fmt: skip
            )
    out += _magnitude_added(source_text, text)
    out += _fraction_changes(source_text, text)
    return out


@cache
def _fraction_pattern() -> re.Pattern[str]:
    f = _words()["fractions"]
    hedges = sorted(data("words.json")["hedges"], key=len, reverse=True)
    dens = "|".join(sorted(f["denominators"], key=len, reverse=True))
    return re.compile(
        rf"\b(?:({'|'.join(map(re.escape, hedges))})\s+)?"
        rf"({'|'.join(f['numerators'])})[\s-]+({dens}|halves|{dens.replace('|', 's|')}s)\b",
        re.IGNORECASE,
    )


def _fractions(text: str) -> list[tuple[str, float, str]]:
    """(span, value, hedge) of each fraction written in words: 'roughly one-third'."""
    f = _words()["fractions"]
    out = []
    for m in _fraction_pattern().finditer(text):
        den = m.group(3).lower()
        den = "half" if den == "halves" else den.removesuffix("s")
        value = f["numerators"][m.group(2).lower()] / f["denominators"][den]
        out.append((m.group(0), value, (m.group(1) or "").lower()))
    return out


def _fraction_changes(source_text: str, text: str) -> list[Change]:
    """One fraction on each side: its hedge dropped or added, or its value changed."""
    src, dst = _fractions(source_text), _fractions(text)
    if len(src) != 1 or len(dst) != 1:
        return []
    (s_text, s_value, s_hedge), (t_text, t_value, t_hedge) = src[0], dst[0]
    if abs(s_value - t_value) > 1e-9:
        return [Change("number", s_text, t_text, f"the source says {s_text!r}; the copy says "
                       f"{t_text!r}")]  # fmt: skip
    if s_hedge and not t_hedge:
        return [Change("quantifier", s_text, t_text,
                       f"the hedge {s_hedge!r} is dropped: an approximation becomes exact")]  # fmt: skip
    if t_hedge and not s_hedge:
        return [Change("quantifier", s_text, t_text,
                       f"the copy adds {t_hedge!r}: an exact figure becomes an approximation")]  # fmt: skip
    return []


def _hedge_change(s: Quantity, t: Quantity) -> Change:
    words = {"min": "a lower bound", "max": "an upper bound", "approx": "an approximation",
             "range": "a range", "": "an exact figure"}  # fmt: skip
    if not t.qualifier:
        how = f"the hedge is dropped: {words[s.qualifier]} becomes an exact figure"
    elif not s.qualifier:
        how = f"a hedge is added: an exact figure becomes {words[t.qualifier]}"
    else:
        how = f"{words[s.qualifier]} becomes {words[t.qualifier]}"
    return Change("quantifier", s.text, t.text, how)


def _magnitude_added(source_text: str, text: str) -> list[Change]:
    """ "refugees" -> "millions of war refugees": a magnitude the source did not give."""
    out = []
    pattern = re.compile(
        rf"\b({'|'.join(_words()['magnitudes'])})\s+of\s+((?:\w+\s+){{0,2}}\w+)", re.I
    )
    src_low = _low(source_text)
    src_stems = set(content(source_text))
    for m in pattern.finditer(text):
        nouns = [w for w in m.group(2).split() if stem(w) in src_stems]
        if m.group(1).lower() in src_low or not nouns:
            continue
        noun = nouns[0]
        if not pattern.search(source_text):
            span = _around(source_text, stem(noun))
            out.append(
                Change(
                    "number",
                    span,
                    m.group(0),
                    f"the copy adds a magnitude ({m.group(1)!r}) to {noun!r} that the source"
                    " does not give",
                )  # fmt: skip
            )
    return out


def _around(text: str, word_stem: str, width: int = 3) -> str:
    """A few words of the text around the first word with the given stem."""
    toks = list(_TOKEN.finditer(text))
    for k, m in enumerate(toks):
        if stem(m.group()) == word_stem or _low(m.group()).startswith(word_stem):
            a = toks[max(0, k - width)].start()
            b = toks[min(len(toks) - 1, k + width)].end()
            return text[a:b]
    return text


def _quantifier_changes(source_text: str, text: str) -> list[Change]:
    """ "a significant portion of the troop contingent" -> "most of the military
    contingent": quantifiers of different strength on a noun both sentences name."""
    ranks: dict[str, int] = _words()["quantifiers"]
    src = _quantified(source_text, ranks)
    dst = _quantified(text, ranks)
    out = []
    for noun, (sq, sspan) in src.items():
        if noun in dst:
            tq, tspan = dst[noun]
            if ranks[sq] != ranks[tq]:
                how = "strengthened" if ranks[tq] > ranks[sq] else "weakened"
                out.append(
                    Change(
                        "quantifier",
                        sspan,
                        tspan,
                        f"the quantifier is {how}: {sq!r} becomes {tq!r}",
                    )  # fmt: skip
                )
    return out


def _quantified(text: str, ranks: dict[str, int]) -> dict[str, tuple[str, str]]:
    """Head nouns (stems) with the quantifier in front of them and the span."""
    phrases = sorted(ranks, key=len, reverse=True)
    pattern = re.compile(
        rf"\b(?P<q>{'|'.join(re.escape(p) for p in phrases)})\s+(?:of\s+)?(?P<np>(?:[\w’'\-]+\s+){{0,4}}?)"
        r"(?P<n>[a-z][\w\-]+)(?=\s+(?:in|to|of|should|must|will|would|was|were|is|are|has|have|"
        r"had|that|which|who|from|at|on|for)\b|[,.;:]|$)",
        re.I,
    )
    out: dict[str, tuple[str, str]] = {}
    for m in pattern.finditer(text):
        q = m.group("q").lower()
        out.setdefault(stem(m.group("n")), (q, m.group(0)))
    return out


# ---------------------------------------------------------------- certainty and modality


def _modality_changes(source_text: str, text: str) -> list[Change]:
    w = _words()
    out = []
    src_low, dst_low = _low(source_text), _low(text)
    src_words, dst_words = (
        set(re.findall(r"[a-z']+", src_low)),
        set(re.findall(r"[a-z']+", dst_low)),
    )
    # obligation: should -> must (or back)
    for weak, strong in w["obligation"]:
        for was, now, what in (
            (weak, strong, "a recommendation is made an obligation"),
            (strong, weak, "an obligation is made a recommendation"),
        ):
            if was in src_words and now in dst_words and now not in src_words:
                out.append(
                    Change(
                        "modality",
                        _around(source_text, was, 2),
                        _around(text, now, 2),
                        f"{was!r} becomes {now!r}: {what}",
                    )
                )
    hedges = set(w["uncertain"])
    dropped = [
        h for h in sorted((src_words & hedges) - dst_words) if _clause_kept(source_text, h, text)
    ]
    added = [
        h for h in sorted((dst_words & hedges) - src_words) if _clause_kept(text, h, source_text)
    ]
    if dropped and not (dst_words & hedges):
        word = dropped[0]
        out.append(
            Change(
                "modality",
                _around(source_text, word, 3),
                text if len(text) < 90 else _around(text, _anchor(source_text, text, word), 3),
                f"the source's {word!r} is gone: a possibility is stated as fact",
            )  # fmt: skip
        )
    if added and not (src_words & hedges):
        word = added[0]
        out.append(
            Change(
                "modality",
                _around(source_text, _anchor(text, source_text, word), 3),
                _around(text, word, 3),
                f"the copy adds {word!r}: a statement of fact is made uncertain",
            )  # fmt: skip
        )
    # an ongoing report made a capability: "were returning" -> "can now return"
    for m in re.finditer(r"\b(?:was|were|is|are)\s+(\w+ing)\b", source_text):
        verb = m.group(1)[:-3]
        mm = re.search(rf"\b(can|could|will)\s+(?:\w+\s+){{0,2}}{re.escape(verb)}\w*\b", text)
        if mm and len(verb) >= 3:
            out.append(
                Change(
                    "modality",
                    m.group(0),
                    mm.group(0),
                    f"{m.group(0)!r} (what was happening) becomes {mm.group(0)!r} (what is"
                    " possible)",
                )  # fmt: skip
            )
    return out


def _clause_kept(text: str, word: str, other: str) -> bool:
    """The words a hedge governs (the content words after it) are in the other sentence."""
    cfg = _words()["uncertain_anchor"]
    low = _low(text)
    m = re.search(rf"\b{re.escape(word)}\b", low)
    if not m:
        return False
    after = content(low[m.end() :])[: int(cfg["words"])]
    return sum(1 for x in after if x in set(content(other))) >= int(cfg["needed"])


def _anchor(text: str, other: str, word: str) -> str:
    """A content word of ``other`` near where ``word`` sits in ``text``, to cut a span."""
    toks = [m.group() for m in _TOKEN.finditer(text)]
    low = [_low(t) for t in toks]
    if word not in low:
        return word
    k = low.index(word)
    other_stems = set(content(other))
    for d in range(1, 8):
        for x in (k + d, k - d):
            if 0 <= x < len(toks) and stem(toks[x]) in other_stems:
                return stem(toks[x])
    return word


# ---------------------------------------------------------------- attribution


_ACCORDING = re.compile(r",?\s*according to (?P<who>[^.;“”\"]{3,160})")


def _speakers(text: str) -> set[str]:
    verbs = "|".join(_words()["speech_verbs"])
    names = set()
    for m in re.finditer(rf"\b(?:{verbs})\s+((?:[A-Z][\w’'\-]+\s?){{1,3}})", text):
        names.add(m.group(1).strip())
    for m in re.finditer(rf"((?:[A-Z][\w’'\-]+\s?){{1,3}})\s+(?:{verbs})\b", text):
        names.add(m.group(1).strip())
    stop = wordset("pronouns") | {"he", "she", "they", "it", "we", "i"}
    return {n for n in names if _low(n) not in stop and n.split()[0] not in ("The", "A", "An")}


def _attribution_changes(source_text: str, text: str) -> list[Change]:
    out = []
    dst_low = _low(text)
    m = _ACCORDING.search(source_text)
    if m:
        who = m.group("who")
        who_words = set(content(who)) - {"source", "report"}
        dst_stems = set(content(text))
        kept = len(who_words & dst_stems) >= _limit("attribution_kept") * len(who_words)
        if who_words and not kept and not re.search(r"\baccording to\b|\bsaid\b|\bsays\b", dst_low):
            out.append(
                Change(
                    "attribution",
                    m.group(0).strip(" ,"),
                    text if len(text) < 120 else text[:117] + "…",
                    f"the attribution {m.group(0).strip(' ,')!r} is gone: the copy states the"
                    " claim as fact",
                )  # fmt: skip
            )
    src_sp, dst_sp = _speakers(source_text), _speakers(text)
    if len(src_sp) == 1 and len(dst_sp) == 1:
        (s,), (t,) = tuple(src_sp), tuple(dst_sp)
        if (
            not set(_low(s).split()) & set(_low(t).split())
            and not _look_alike(s, t)
            and set(content(source_text)) & set(content(text))
        ):
            out.append(
                Change(
                    "attribution",
                    s,
                    t,
                    f"the words the source gives to {s} are given to {t}",
                )  # fmt: skip
            )
    return out


# ---------------------------------------------------------------- negation and names


def _negation_changes(source_text: str, text: str) -> list[Change]:
    neg = set(_words()["negators"])

    def count(t: str) -> int:
        low = _low(t).replace("n't", " not")
        return sum(1 for w in re.findall(r"[a-z]+", low) if w in neg)

    if count(source_text) % 2 != count(text) % 2 and overlap(
        content(source_text), content(text)
    ) >= _limit("negation_overlap"):
        return [
            Change(
                "negation",
                source_text,
                text,
                "a negation is added or dropped: the copy may say the opposite",
            )  # fmt: skip
        ]
    return []


_SLOT = re.compile(r"\b((?:[A-Z][a-z][\w’'\-]*)(?:\s+[A-Z][a-z][\w’'\-]*){0,2})\s+([a-z]{3,})\b")


def _look_alike(a: str, b: str) -> bool:
    return SequenceMatcher(None, _low(a), _low(b)).ratio() >= _limit("look_alike")


def _name_changes(source_text: str, text: str) -> list[Change]:
    """A different proper name in front of the same noun ("The Liberty couple" -> "a Kansas
    City couple"): the copy names another person or place for the same slot."""
    skip = stop_words("function_words")

    def slots(t: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for m in _SLOT.finditer(t):
            parts, noun = m.group(1).split(), m.group(2)
            stripped = False
            while parts and parts[0].lower() in skip:
                parts.pop(0)
                stripped = True
            if not parts or noun in skip or (m.start() == 0 and len(parts) == 1 and not stripped):
                continue
            out.setdefault(noun, " ".join(parts))
        return out

    src, dst = slots(source_text), slots(text)
    out = []
    for noun, s in src.items():
        t = dst.get(noun)
        if not t or s == t or _look_alike(s, t):
            continue
        if s in text or t in source_text:
            continue
        if set(_low(s).split()) & set(_low(t).split()):
            continue
        out.append(
            Change(
                "name",
                f"{s} {noun}",
                f"{t} {noun}",
                f"the source's {s!r} becomes {t!r}",
            )  # fmt: skip
        )
    return out
