"""Internal inconsistencies: an article that contradicts itself (beyond unit conversions).

    found = find_inconsistencies(docs, mentions, said)   # [Inconsistency, ...]

Each finding names the article, the statements that disagree (sentence index and text) and a
short explanation. Precision first: only what reads the same way to every careful reader.

- ``quote``: one quotation rendered two ways: two quotations (or an embedded post and the
  article's own quotation of it) that are the same words but for one or two ("a great
  friend" / "a good friend"); and the same words attributed to two different people.
- ``name``: a person's surname spelled two ways ("Snochia Moseley" ... "Ms. Mosley").
- ``total``: a stated total that its listed parts do not add up to ("$1.2 million: $500,000
  for X and $400,000 for Y"); "killed three and wounded three" against "the seven victims".
- ``day``: one event on two days of the week ("the rescue Tuesday" ... "at the time of the
  rescue ... Wednesday").

Never one: a running tally ("rose to"), a hedged figure ("at least"), two different counts
of different things, days that move with the story (the shooting Sunday, the arrest Monday).
The thresholds and word lists are in ``data/check/consistency.json`` (via crossread.settings).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from crossread.attribution import Quotation
from crossread.crosscheck.context import Doc
from crossread.crosscheck.entities import Mention, key_of
from crossread.crosscheck.quantities import Inconsistency, Quantity
from crossread.crosscheck.wording import data, quote_spans
from crossread.settings import check_object, params
from crossread.text.words import stop_words

__all__ = ["ConsistencyParams", "find_inconsistencies", "vetted_clashes"]


@dataclass(frozen=True)
class ConsistencyParams:
    quote_min_words: int
    quote_before: int
    quote_after: int
    quote_min_equal: int
    quote_max_changed: int
    quote_spelling: float
    name_max_edits: int
    name_min_length: int
    name_long: int
    first_name_min: int
    total_tolerance: float
    total_hedged_tolerance: float
    total_max_gap_words: int
    day_link_words: int
    event_nouns: tuple[str, ...]
    event_marks: tuple[str, ...]
    day_blockers: tuple[str, ...]
    event_not_head: tuple[str, ...]
    update_words: tuple[str, ...]
    dead_words: tuple[str, ...]
    hurt_words: tuple[str, ...]
    victim_nouns: tuple[str, ...]
    several_words: tuple[str, ...]
    time_hedged_minutes: int


def settings() -> ConsistencyParams:
    """The parameters from ``data/check/consistency.json`` (with any user settings layered)."""
    p = params(ConsistencyParams, "check/consistency.json")
    check_object(p, "check/consistency.json")
    return p


def find_inconsistencies(
    docs: Sequence[Doc],
    mentions: Sequence[Mention],
    said: Mapping[str, Sequence[Quotation]],
    quantities: Sequence[Quantity] = (),
) -> list[Inconsistency]:
    """Every internal inconsistency of every article, in article then sentence order."""
    p = settings()
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article].append(m)
    values: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        values[q.article].append(q)
    out: list[Inconsistency] = []
    for d in docs:
        found = (
            _quote_renderings(d, said.get(d.id, ()), p)
            + _restated_sentences(d, p)
            + _ages(d)
            + _name_spellings(d, by_article.get(d.id, []), p)
            + _parts_and_totals(d, values.get(d.id, []), p)
            + _tallies(d, p)
            + _event_days(d, p)
            + _event_times(d, p)
        )
        seen: set[tuple[int, ...]] = set()
        for f in sorted(found, key=lambda i: (i.sentence, i.kind)):
            key = tuple(sorted(s for s, _ in f.statements))
            if key in seen:
                continue  # one finding per set of sentences
            seen.add(key)
            out.append(f)
    return out


def vetted_clashes(
    clashes: Sequence[Inconsistency], docs: Sequence[Doc], quantities: Sequence[Quantity]
) -> list[Inconsistency]:
    """The value clashes of ``crosscheck.compare.internal_clashes`` held to this module's
    standard, each with its two statements: left out are sentences that report a change or
    hedge ("rose to", "about"), a quoted figure against the reporter's own, rows of a list or
    table, sentences about different named subjects ("Ali's side" / "Mu'awiyah's side"),
    durations (ages and terms of different people), lines printed more than once (a
    template), and pairs where one sentence states the other's figure too ("killed two
    co-workers" / "shooting three co-workers, killing two")."""
    p = settings()
    updates = _update_words(p)
    by_id = {d.id: d for d in docs}
    families: dict[tuple[str, int], dict[str, set[float]]] = defaultdict(lambda: defaultdict(set))
    for q in quantities:
        families[(q.article, q.sentence)][q.family].add(q.base)
    out: list[Inconsistency] = []
    for c in clashes:
        doc = by_id.get(c.article)
        parts = c.text.split(" … ")
        if doc is None or len(parts) != 2 or c.kind != "number":
            out.append(c)
            continue
        i = c.sentence
        j = next((k for k in range(i + 1, len(doc.texts)) if doc.texts[k] == parts[1]), -1)
        if j < 0:
            continue
        a, b = doc.texts[i], doc.texts[j]
        if updates.search(a) or updates.search(b):
            continue
        if bool(quote_spans(a)) != bool(quote_spans(b)) or _list_like(_words(a)):
            continue
        if doc.texts.count(a) > 1 or doc.texts.count(b) > 1:
            continue  # a line printed again and again: a template (a menu, a schedule)
        if _other_names(a, b) and _other_names(b, a):
            continue
        na, nb = _numbers(a), _numbers(b)
        if na <= nb or nb <= na:
            continue
        fa, fb = families[(doc.id, i)], families[(doc.id, j)]
        differing = {f for f in fa.keys() & fb.keys() if fa[f] != fb[f]}
        if differing and differing <= {"duration"}:
            continue
        out.append(_finding(doc, "number", [i, j], c.explanation))
    return out


def _numbers(text: str) -> set[str]:
    return {w for w in _words(text) if w[:1].isdigit()}


def _other_names(a: str, b: str) -> bool:
    """``a`` names someone or something (a capitalised word inside the sentence, not a day
    or month) that ``b`` does not."""
    low_b = {w for w, _ in _cased_words(b)}
    for k, (w, written) in enumerate(_cased_words(a)):
        if k and written[:1].isupper() and w not in low_b and w not in _DAYS + _MONTHS:
            return True
    return False


def _finding(
    doc: Doc, kind: str, sentences: Sequence[int], explanation: str, texts: Sequence[str] = ()
) -> Inconsistency:
    """An inconsistency whose evidence is the article's sentences ``sentences`` (or, for
    quotations, the quoted ``texts``)."""
    order = sorted(dict.fromkeys(sentences))
    statements = tuple((i, doc.texts[i]) for i in order)
    shown = list(texts) if texts else [t for _, t in statements]
    return Inconsistency(
        doc.id, " … ".join(shown), explanation, order[0] if order else -1, kind, statements
    )


# --------------------------------------------------------------------------- quotations

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_CONTRACTIONS = {
    "n't": " not", "'ll": " will", "'re": " are", "'ve": " have", "'m": " am", "'d": " would",
    "he's": "he is", "she's": "she is", "it's": "it is", "that's": "that is",
    "there's": "there is", "what's": "what is", "who's": "who is", "let's": "let us",
}  # fmt: skip


def _words(text: str) -> list[str]:
    return [w for w, _ in _cased_words(text)]


_CONTRACTION = re.compile(
    "|".join(re.escape(k) for k in sorted(_CONTRACTIONS, key=len, reverse=True)), re.I
)


@lru_cache(maxsize=8192)
def _cased_words(text: str) -> tuple[tuple[str, str], ...]:
    """(compared form, as written) of each word: lowercased, contractions spelled out,
    number words as digits ("four" -> "4")."""
    plain = _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(0).lower()], text.replace("’", "'"))
    numbers = data("words.json")["number_words"]
    out = []
    for m in _WORD.finditer(plain.lower()):
        w, written = m.group(0), plain[m.start() : m.end()]
        n = numbers.get(w)
        out.append((str(int(n)) if isinstance(n, int | float) and n == int(n) else w, written))
    return tuple(out)


def _speaker_key(q: Quotation) -> str:
    return key_of(q.speaker.name) if q.speaker is not None and not q.pronoun else ""


def _same_person(a: str, b: str) -> bool:
    return bool(set(a.split()) & set(b.split()))


def _quote_renderings(
    doc: Doc, quotes: Sequence[Quotation], p: ConsistencyParams
) -> list[Inconsistency]:
    out: list[Inconsistency] = []
    qs = [(q, _words(q.text)) for q in quotes if q.cue != "transcript"]
    qs = [(q, w) for q, w in qs if sum(1 for x in w if x.isalpha()) >= p.quote_min_words]
    sets = [set(w) for _, w in qs]
    for x, (a, wa) in enumerate(qs):
        for y in range(x + 1, len(qs)):
            b, wb = qs[y]
            least = min(p.quote_min_equal, int(0.9 * min(len(sets[x]), len(sets[y]))))
            if len(sets[x] & sets[y]) < least:
                continue  # too few words in common to be one quotation (cheap test first)
            if set(a.sentences) & set(b.sentences):
                continue  # one passage split in two, or nested marks
            sa, sb = _speaker_key(a), _speaker_key(b)
            changed = _one_change(wa, wb, p)
            if changed and not (sa and sb and not _same_person(sa, sb)):
                old, new = _shown_change(wa, wb, changed)
                out.append(
                    _finding(
                        doc,
                        "quote",
                        [_sentence_with(doc, a, old), _sentence_with(doc, b, new)],
                        f"the same quotation is printed two ways: “{old}” and “{new}”",
                        [a.text, b.text],
                    )
                )
                continue
            if sa and sb and not _same_person(sa, sb) and _same_words(wa, wb):
                assert a.speaker is not None and b.speaker is not None
                out.append(
                    _finding(
                        doc,
                        "quote",
                        [a.opener, b.opener],
                        f"the same words are attributed to {a.speaker.name} and to "
                        f"{b.speaker.name}",
                        [a.text, b.text],
                    )
                )
    return out


def _sentence_with(doc: Doc, q: Quotation, words: str) -> int:
    """The sentence of quotation ``q`` that holds ``words`` (compared forms), else its first."""
    for i in q.sentences:
        if 0 <= i < len(doc.texts) and words in " ".join(_words(doc.texts[i])):
            return i
    return q.opener


def _one_change(
    wa: Sequence[str], wb: Sequence[str], p: ConsistencyParams, at_end: bool = False
) -> tuple[int, int, int, int] | None:
    """(i1, i2, j1, j2): the two word lists are one wording but for ``wa[i1:i2]`` /
    ``wb[j1:j2]``, a short change inside a long common stretch ("they used to have a great
    friend in the u s" / "… good friend …"); with ``at_end`` the change may also end both
    ("… before her partner died in 1999" / "… in 1998"). None otherwise."""
    ops = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        last = k == len(ops) - 1
        if tag != "replace" or k == 0 or (last and not at_end):
            continue
        if max(i2 - i1, j2 - j1) > p.quote_max_changed:
            continue
        before = ops[k - 1]
        after = ("equal", i2, i2, j2, j2) if last else ops[k + 1]
        if before[0] != "equal" or after[0] != "equal":
            continue
        n_before, n_after = before[2] - before[1], after[2] - after[1]
        if last and n_before < p.quote_min_equal:
            continue
        if not last and (n_before < p.quote_before or n_after < p.quote_after):
            continue
        if n_before + n_after < p.quote_min_equal:
            continue
        old, new = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        spelled = not any(c.isdigit() for c in old + new)
        if spelled and SequenceMatcher(None, old, new).ratio() >= p.quote_spelling:
            continue  # a spelling ("organise" / "organize"), not a change of words
        stop = stop_words("function_words")
        if all(w in stop for w in wa[i1:i2] + wb[j1:j2]):
            continue  # "the" / "that": no change of what is said
        return i1, i2, j1, j2
    return None


def _shown_change(
    wa: Sequence[str], wb: Sequence[str], change: tuple[int, int, int, int]
) -> tuple[str, str]:
    """The changed words with the two words before them and the one after."""
    i1, i2, j1, j2 = change
    lo = min(2, i1, j1)
    return " ".join(wa[i1 - lo : i2 + 1]), " ".join(wb[j1 - lo : j2 + 1])


_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


def _typed(words: Sequence[tuple[str, str]]) -> str:
    """What a changed stretch of narrative is: "number", "day", "month", "name" or ""."""
    forms = [w for w, _ in words]
    if all(w.replace(",", "").replace(".", "").isdigit() for w in forms):
        return "number"
    if len(forms) == 1 and forms[0] in _DAYS:
        return "day"
    if len(forms) == 1 and forms[0] in _MONTHS:
        return "month"
    if all(written[:1].isupper() for _, written in words):
        return "name"
    return ""


class _Lazy:
    """The words of each sentence, worked out when first asked for."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts

    def __getitem__(self, i: int) -> tuple[tuple[str, str], ...]:
        return _cased_words(self.texts[i])


_INDEX_MAX = 12  # sentences one word may be in and still pair them (bounds the pairs per word)


def _list_like(words: Sequence[str]) -> bool:
    """A row of figures rather than a sentence: a third or more of its words are numbers."""
    return sum(1 for w in words if w[:1].isdigit()) * 3 >= len(words)


def _restated_sentences(doc: Doc, p: ConsistencyParams) -> list[Inconsistency]:
    """Two sentences of the narrative that say the same words but for one number, day, month
    or name ("Paterson died in 1999" / "… in 1998"): one fact told two ways. Candidate pairs
    share at least ``quote_min_equal`` content words (an inverted index, not all pairs)."""
    cased = _Lazy(doc.texts)
    index: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(doc.words):
        for w in set(ws):
            index[w].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for where in index.values():
        if len(where) > _INDEX_MAX:
            continue  # a word of many sentences says nothing about two being one
        for x, i in enumerate(where):
            for j in where[x + 1 :]:
                shared[(i, j)] += 1
    least = max(2, p.quote_min_equal // 2)
    found: list[tuple[int, int, tuple[int, int, int, int]]] = []
    partners: dict[int, int] = defaultdict(int)
    for (i, j), n in sorted(shared.items()):
        if n < least:
            continue
        wa, wb = [w for w, _ in cased[i]], [w for w, _ in cased[j]]
        if wa == wb or _list_like(wa) or _list_like(wb):
            partners[i] += 2  # a sentence printed twice, or a table row: a template
            partners[j] += 2
            continue
        change = _one_change(wa, wb, p, at_end=True)
        if change is not None:
            found.append((i, j, change))
            partners[i] += 1
            partners[j] += 1
    updates = _update_words(p)
    out: list[Inconsistency] = []
    for i, j, (i1, i2, j1, j2) in found:
        if partners[i] > 1 or partners[j] > 1:
            continue  # a template filled in several times (a list, a table, a schedule)
        if updates.search(doc.texts[i]) or updates.search(doc.texts[j]):
            continue  # a running figure ("now", "rose to") or a hedged one ("about")
        if bool(quote_spans(doc.texts[i])) != bool(quote_spans(doc.texts[j])):
            continue  # someone's quoted figure against the reporter's own
        kind_a, kind_b = _typed(cased[i][i1:i2]), _typed(cased[j][j1:j2])
        if not kind_a or kind_a != kind_b:
            continue
        if kind_a == "name" and (
            any(w in _DAYS or w in _MONTHS for w, _ in cased[i][i1:i2] + cased[j][j1:j2])
            or i2 - i1 != j2 - j1
            or any(x.isupper() for _, x in cased[i][i1:i2] + cased[j][j1:j2])
        ):
            continue  # "US" / "United States": a short form, not another name
        old = " ".join(x for _, x in cased[i][i1:i2])
        new = " ".join(x for _, x in cased[j][j1:j2])
        out.append(
            _finding(
                doc,
                kind_a if kind_a in ("name", "day") else "number" if kind_a == "number" else "date",
                [i, j],
                f"the same sentence is told twice with a different {kind_a}: “{old}” and “{new}”",
            )
        )
    return out


def _same_words(wa: list[str], wb: list[str]) -> bool:
    """Both say the same words (one may be a shorter excerpt of the other)."""
    short, long_ = sorted((wa, wb), key=len)
    m = SequenceMatcher(None, short, long_, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()) >= 0.9 * len(short)


# --------------------------------------------------------------------------- names


def _edits(a: str, b: str) -> int:
    """Edit distance, a swap of two neighbouring letters counting as one ("Holtmzan" /
    "Holtzman")."""
    d = [[i + j if not i * j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def _spelled_two_ways(a: str, b: str, p: ConsistencyParams) -> bool:
    """Two spellings of one surname: one letter apart (two for long names), same first
    letter, not one the other's start ("Clinton" / "Clintons")."""
    if a == b or min(len(a), len(b)) < p.name_min_length or a[0] != b[0]:
        return False
    if a.startswith(b) or b.startswith(a) or abs(len(a) - len(b)) > 1:
        return False  # "Clinton" / "Clintons", "Royals" / "Royalist": other words
    limit = p.name_max_edits if min(len(a), len(b)) >= p.name_long else 1
    return _edits(a, b) <= limit


def _name_spellings(
    doc: Doc, mentions: Sequence[Mention], p: ConsistencyParams
) -> list[Inconsistency]:
    """A person's surname spelled two ways: two full names with one first name and similar
    surnames, or a full name and a lone surname close to (not equal to) its surname that
    no other name of the article carries."""
    from crossread.crosscheck.entities import _gazetteer

    gaz = _gazetteer()
    full: dict[tuple[str, str], list[int]] = defaultdict(list)  # (first, last) -> sentences
    lone: dict[str, list[int]] = defaultdict(list)
    tokens_elsewhere: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for m in mentions:
        parts = key_of(m.text).split()
        for t in parts:
            tokens_elsewhere[t].add(tuple(parts))
        if m.kind == "person" and 2 <= len(parts) <= 3:
            full[(parts[0], parts[-1])].append(m.sentence)
        elif len(parts) == 1 and m.kind in ("person", "other") and parts[0] not in gaz:
            lone[parts[0]].append(m.sentence)
    out: list[Inconsistency] = []
    names = sorted(full)
    lasts = {last for _, last in names}
    firsts = {first for first, _ in names}
    person = _PersonEvidence(doc)
    for x, (f1, l1) in enumerate(names):
        for f2, l2 in names[x + 1 :]:
            if f1 == f2 and _spelled_two_ways(l1, l2, p) and l1 not in gaz and l2 not in gaz:
                pass  # "Snochia Moseley" / "Snochia Mosley"
            elif l1 == l2 and min(len(f1), len(f2)) >= p.first_name_min and _edits(f1, f2) == 1:
                if f1.startswith(f2) or f2.startswith(f1) or f1[0] != f2[0]:
                    continue  # "Dan" / "Dana": two people of one family
                # "Jeffrey Smith" / "Jeffery Smith" (not "Mark" / "Mary": too short to tell)
            else:
                continue
            if person.named(f1, l1) and person.named(f2, l2):
                out.append(_name_finding(doc, f"{f1} {l1}", f"{f2} {l2}", full, lone))
    for single in sorted(lone):
        if single in lasts or single in firsts:
            continue
        owners = [(f, last) for f, last in names if _spelled_two_ways(last, single, p)]
        if len(owners) != 1 or owners[0][1] in gaz:
            continue
        if any(len(t) > 1 and t != (single,) for t in tokens_elsewhere[single]):
            continue  # the word is part of another name ("Kelley Blue Book")
        f, last = owners[0]
        if not (person.named(f, last) and person.called(single)) or person.common(single):
            continue
        out.append(_name_finding(doc, f"{f} {last}", single, full, lone))
    return out


class _PersonEvidence:
    """Whether the article uses a name as a person's: a title before the surname ("Ms.
    Mosley"), a speech verb after it ("Holtzman told"), an age after it ("Moseley, 26,"), or
    a first name the attribution word lists know."""

    def __init__(self, doc: Doc) -> None:
        from crossread.settings import load_json

        words = load_json("attribution.json")
        self.first_names = {
            n.lower() for n in words["first_names_male"] + words["first_names_female"]
        }
        self.titles = "|".join(
            re.escape(h.rstrip(".")) for h in ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sen", "Rep",
                                               "Gov", "Prof", "Judge", "Officer", "Sgt", "Det")
        )  # fmt: skip
        self.verbs = "|".join(sorted(map(re.escape, words["speech_verbs"]), key=len, reverse=True))
        self.text = "\n".join(doc.texts)

    def called(self, surname: str) -> bool:
        """The surname alone is used for a person (looked for next to each of its
        occurrences: a long text is not scanned once per pattern)."""
        s = re.escape(surname)
        near = re.compile(
            rf"\b(?:{self.titles})\.?\s+{s}\b"
            rf"|(?<!\bthe )\b{s}\s*,?\s+(?:{self.verbs})\b"
            rf"|\b(?:{self.verbs})\s+{s}\b"
            rf"|\b{s}\s*,\s+\d{{1,3}}\s*,",
            re.I,
        )
        for m in re.finditer(rf"\b{s}\b", self.text, re.I):
            window = self.text[max(0, m.start() - 40) : m.end() + 40]
            if near.search(window):
                return True
        return False

    def common(self, word: str) -> bool:
        """The article also writes the word in lower case: a word, not a name ("Asking")."""
        return bool(re.search(rf"\b{re.escape(word)}\b", self.text))

    def named(self, first: str, last: str) -> bool:
        """The full name is a person's: a known first name or a surname used for a person;
        failing both, a first name that the article never writes as a common word
        ("Daily Mail" is not a person: "daily" is a word)."""
        if first in self.first_names or self.called(last):
            return True
        return first not in stop_words("function_words") and not self.common(first)


def _name_finding(
    doc: Doc,
    a: str,
    b: str,
    full: Mapping[tuple[str, str], list[int]],
    lone: Mapping[str, list[int]],
) -> Inconsistency:
    def where(name: str) -> int:
        parts = name.split()
        found = full.get((parts[0], parts[-1])) if len(parts) > 1 else lone.get(parts[0])
        return min(found) if found else 0

    sa, sb = where(a), where(b)
    shown_a, shown_b = (_as_written(doc, s, n) for s, n in ((sa, a), (sb, b)))
    return _finding(
        doc,
        "name",
        [sa, sb],
        f"one person's name is spelled two ways: “{shown_a}” and “{shown_b}”",
    )


def _as_written(doc: Doc, sentence: int, key: str) -> str:
    """The name as the sentence writes it (keys are folded)."""
    last = key.split()[-1]
    m = re.search(rf"\b{re.escape(last)}\b", doc.texts[sentence], re.I)
    if m is None:
        return key.title()
    first = key.split()[0] if len(key.split()) > 1 else ""
    if first:
        m2 = re.search(
            rf"\b{re.escape(first)}\b.*?\b{re.escape(last)}\b", doc.texts[sentence], re.I
        )
        if m2:
            return m2.group(0)
    return m.group(0)


_NAME = (
    r"(?P<name>[A-Z][a-z'’\-]+(?:\s+[A-Z]\.)?(?:\s+(?:de\s+|van\s+|von\s+)?[A-Z][a-z'’\-]+){1,2})"
)
_AGES = (
    re.compile(rf"\b{_NAME},\s+(?P<age>\d{{1,3}}),"),  # "Snochia Moseley, 26, of"
    re.compile(rf"\b{_NAME},\s+(?:a|an|the)\s+(?P<age>\d{{1,3}})-year-old\b"),
    re.compile(rf"\b(?P<age>\d{{1,3}})-year-old\s+{_NAME}"),  # "26-year-old Snochia Moseley"
    re.compile(rf"\b{_NAME}\s+\((?P<age>\d{{1,3}})\)"),  # "John Smith (45)"
)


def _ages(doc: Doc) -> list[Inconsistency]:
    """One person given two ages: "Snochia Moseley, 26," and later "27-year-old Snochia
    Moseley". Only full names (first and last) are compared: two people of one family
    share a surname."""
    titles = {h.lower().rstrip(".") for h in data("words.json")["honorifics"]}
    seen: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for i, text in enumerate(doc.texts):
        for rx in _AGES:
            for m in rx.finditer(text):
                parts = [t for t in key_of(m.group("name")).split() if t not in titles]
                if len(parts) < 2 or parts[0] in stop_words("function_words"):
                    continue
                seen[f"{parts[0]} {parts[-1]}"].append((i, int(m.group("age")), m.group(0)))
    out: list[Inconsistency] = []
    for _, items in sorted(seen.items()):
        ages = sorted({age for _, age, _ in items})
        if len(ages) < 2:
            continue
        first = items[0]
        other = next(x for x in items if x[1] != first[1])
        out.append(
            _finding(
                doc,
                "number",
                [first[0], other[0]],
                f"one person is given two ages: “{first[2]}” and “{other[2]}”",
            )
        )
    return out


# --------------------------------------------------------------------------- totals

_PARTS_INTRO = re.compile(r"^\s*(?::|—|–|--|\s-\s|,?\s*(?:split|divided)\s+(?:between|among)\b)")


def _parts_and_totals(
    doc: Doc, quantities: Sequence[Quantity], p: ConsistencyParams
) -> list[Inconsistency]:
    """A total followed (after a colon, a dash, "split between") by its listed parts, in one
    sentence: money with money of the same currency, a count with counts."""
    by_sentence: dict[int, list[Quantity]] = defaultdict(list)
    for q in quantities:
        if q.converts is None and q.family.startswith(("money:", "count:")):
            by_sentence[q.sentence].append(q)
    out: list[Inconsistency] = []
    for s, qs in sorted(by_sentence.items()):
        text = doc.texts[s]
        qs.sort(key=lambda q: q.start)
        for k, total in enumerate(qs):
            if total.qualifier in ("min", "max", "range") or not _PARTS_INTRO.match(
                text[total.end :]
            ):
                continue
            kind = total.family.split(":")[0]
            parts: list[Quantity] = []
            last_end = total.end
            for q in qs[k + 1 :]:
                gap = text[last_end : q.start]
                if len(gap.split()) > p.total_max_gap_words or re.search(r"[.;?!]", gap):
                    break
                if re.search(r"\b(?:between|from|to|than|up|over|under)\s*$", gap, re.I):
                    break  # "between $178 million and $184 million": a range, not parts
                if q.family.split(":")[0] != kind or (kind == "money" and q.family != total.family):
                    break
                if q.qualifier:
                    parts = []
                    break  # "about $500,000": parts that are not exact cannot be summed
                parts.append(q)
                last_end = q.end
            if len(parts) < 2 or not re.search(r"\band\b", text[parts[-2].end : parts[-1].start]):
                continue  # a list is closed by "and": "$500,000 for X and $400,000 for Y"
            total_sum = sum(q.base for q in parts)
            tol = p.total_hedged_tolerance if total.qualifier else p.total_tolerance
            if abs(total_sum - total.base) <= tol * max(abs(total.base), 1.0):
                continue
            listed = " + ".join(q.text for q in parts)
            out.append(
                _finding(
                    doc,
                    "total",
                    [s],
                    f"the parts do not add up to the total: {listed} = {_number(total_sum)}, "
                    f"not {total.text}",
                )
            )
            break
    return out


def _number(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}"


_NUM_WORD = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
)


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    n = data("words.json")["number_words"].get(word.lower())
    return int(n) if isinstance(n, int | float) else None


def _update_words(p: ConsistencyParams) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, p.update_words)) + r")\b", re.I)


def _tallies(doc: Doc, p: ConsistencyParams) -> list[Inconsistency]:
    """ "killed three people and wounded three others" (six victims) against "the seven
    victims" or "seven people were shot" elsewhere in the article; hedged figures and
    sentences that report a change over time are left out."""
    whole = " ".join(doc.texts).lower()
    if not any(w in whole for w in p.dead_words) or not any(w in whole for w in p.hurt_words):
        return []
    dead = "|".join(map(re.escape, p.dead_words))
    hurt = "|".join(map(re.escape, p.hurt_words))
    pair = re.compile(
        rf"\b(?:{dead})\s+(?P<d>{_NUM_WORD})\b(?:\s+\w+)?\s*,?\s+and\s+(?:\w+\s+)?(?:{hurt})\s+"
        rf"(?P<w>{_NUM_WORD})\b"
        rf"|\b(?P<d2>{_NUM_WORD})\s+(?:people\s+|persons\s+)?(?:were\s+)?(?:{dead})\s*,?\s+and\s+"
        rf"(?P<w2>{_NUM_WORD})\s+(?:others\s+|people\s+)?(?:were\s+)?(?:{hurt})\b",
        re.I,
    )
    victims = "|".join(map(re.escape, p.victim_nouns))
    total = re.compile(
        rf"\bthe\s+(?P<a>{_NUM_WORD})\s+(?:{victims})\b"
        rf"|\bshot\s+(?P<b>{_NUM_WORD})\s+people\b"
        rf"|\b(?P<c>{_NUM_WORD})\s+people\s+(?:were\s+)?shot\b",
        re.I,
    )
    updates = _update_words(p)
    pairs, totals = [], []
    for i, text in enumerate(doc.texts):
        if updates.search(text):
            continue
        for m in pair.finditer(text):
            d = _count(m.group("d") or m.group("d2"))
            w = _count(m.group("w") or m.group("w2"))
            if d is not None and w is not None:
                pairs.append((i, d, w, m.group(0)))
        for m in total.finditer(text):
            n = _count(m.group("a") or m.group("b") or m.group("c"))
            if n is not None:
                totals.append((i, n, m.group(0)))
    out = []
    if len({(d, w) for _, d, w, _ in pairs}) != 1:
        return out  # no tally, or tallies that differ (an update, or different events)
    i, d, w, said = pairs[0]
    for j, n, what in totals:
        allowed = {d, w, d + w}  # "the two victims" may be the dead, "the three" the wounded
        if "shot" in what.lower():
            allowed.add(d + w + 1)  # the gunman who shot himself is one of the people shot
        if j != i and n not in allowed:
            out.append(
                _finding(
                    doc,
                    "total",
                    [i, j],
                    f"“{said}” makes {d + w} victims, but the article later says “{what}”"
                    if j > i
                    else f"“{what}”, but the article then says “{said}” ({d + w} victims)",
                )
            )
            break
    return out


# --------------------------------------------------------------------------- days

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = re.compile(r"\b(?:" + "|".join(d.title() for d in _DAYS) + r")(?:['’]s)?\b")
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+|[.,;:!?]")


def _event_days(doc: Doc, p: ConsistencyParams) -> list[Inconsistency]:
    """One event given two different days of the week: a sentence that dates the event ("the
    rescue at La Jolla Cove Tuesday") and one that dates something "at the time of the
    rescue" (or "during the rescue") to another day; or two sentences that each date the
    event itself ("the shooting happened Saturday" / "Sunday's shooting"). Each sentence must
    name one day only, tied to the event (no reporting verb or later step in between); an
    event that another sentence calls "another", "previous", "second" ... is several events."""
    events = {e.lower() for e in p.event_nouns}
    dated: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)  # event -> (sent, day, mark)
    strong: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, text in enumerate(doc.texts):
        days = {m.group(0).lower().split("'")[0].split("’")[0] for m in _DAY.finditer(text)}
        if len(days) != 1:
            continue
        day = days.pop()
        for event, marked in _events_tied_to_day(text, day, events, p):
            dated[event].append((i, day, marked))
        for event in sorted(events):
            if _dates_event(text, event, day):
                strong[event].append((i, day))
    whole = " ".join(doc.texts).lower()
    out: list[Inconsistency] = []
    for event, items in sorted(dated.items()):
        marked = [x for x in items if x[2]]
        plain = [x for x in items if not x[2]]
        if {d for _, d, _ in plain} and len({d for _, d, _ in plain}) > 1:
            continue  # the event itself moves: several events of one kind
        for i, day, _ in marked:
            other = [(j, d) for j, d, _ in plain if d != day and j != i]
            if other:
                j, d = other[0]
                out.append(
                    _finding(
                        doc,
                        "day",
                        [i, j],
                        f"the {event} is dated {d.title()}, but the article gives "
                        f"{day.title()} for the time of the {event}",
                    )
                )
                break
    for event, items in sorted(strong.items()):
        if len({d for _, d in items}) != 2 or re.search(
            rf"\b(?:{'|'.join(p.several_words)})\s+(?:\w+\s+)?{event}", whole
        ):
            continue
        (i, a), (j, b) = items[0], next(x for x in items if x[1] != items[0][1])
        out.append(
            _finding(
                doc,
                "day",
                [i, j],
                f"the {event} is dated {a.title()} and, later in the article, {b.title()}",
            )
        )
    return out


def _clock(n: str = "") -> str:
    """A time of day with its hedge; group names end in ``n`` (two in one pattern)."""
    return (
        rf"(?P<hedge{n}>(?:about|around|approximately|roughly|shortly after|shortly before"
        rf"|just after|just before|after|before|by)\s+)?(?P<h{n}>[01]?\d)(?::(?P<m{n}>[0-5]\d))?"
        rf"\s*(?P<ap{n}>a\.m\.|p\.m\.|am\b|pm\b)"
    )


_HAPPENED = r"(?:happened|occurred|took place|broke out|began|started|erupted|was reported)"


def _event_times(doc: Doc, p: ConsistencyParams) -> list[Inconsistency]:
    """One event given two times of day: "the crash happened at 4:20 a.m." / "the 4:30 a.m.
    crash". Only sentences that time the event itself; a hedged time ("about 4:20") agrees
    with any time within ``time_hedged_minutes``; an article with several events of the kind
    ("another crash") is left alone."""
    whole = " ".join(doc.texts).lower()
    out: list[Inconsistency] = []
    if not re.search(r"\d\s*(?:a\.m\.|p\.m\.|am\b|pm\b)", whole):
        return out  # no time of day at all
    for event in sorted({e.lower() for e in p.event_nouns}):
        if event not in whole:
            continue
        rx = re.compile(
            rf"\b(?:the|a|an|this)\s+(?:[\w-]+\s+)?{event}\s+{_HAPPENED}\s+"
            rf"(?:(?:at|on|early|late)\s+)*{_clock()}"
            rf"|\bthe\s+{_clock('2')}\s+{event}\b",
            re.I,
        )
        timed: list[tuple[int, int, bool, str]] = []  # (sentence, minutes, hedged, text)
        for i, text in enumerate(doc.texts):
            for m in rx.finditer(text):
                timed.append((i, *_minutes(m), m.group(0)))
        if len({t for _, t, _, _ in timed}) < 2 or re.search(
            rf"\b(?:{'|'.join(p.several_words)})\s+(?:\w+\s+)?{event}", whole
        ):
            continue
        for x, (i, ta, ha, sa) in enumerate(timed):
            other = next(
                (
                    (j, tb, sb)
                    for j, tb, hb, sb in timed[x + 1 :]
                    if j != i and abs(ta - tb) > (p.time_hedged_minutes if ha or hb else 0)
                ),
                None,
            )
            if other is not None:
                j, _, sb = other
                out.append(_finding(doc, "time", [i, j], f"the {event} is timed “{sa}” and “{sb}”"))
                break
    return out


def _minutes(m: re.Match[str]) -> tuple[int, bool]:
    """Minutes after midnight of a clock match, and whether it is hedged."""
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    hour = int(g.get("h") or g.get("h2") or 0) % 12
    minute = int(g.get("m") or g.get("m2") or 0)
    pm = (g.get("ap") or g.get("ap2") or "").lower().startswith("p")
    return (hour + (12 if pm else 0)) * 60 + minute, bool(g.get("hedge") or g.get("hedge2"))


def _dates_event(text: str, event: str, day: str) -> bool:
    """The sentence dates the event itself: "the shooting happened early Saturday",
    "Saturday's shooting" (not "the shooting on Saturday": "arrested a suspect in the
    shooting on Monday" dates the arrest)."""
    d = rf"{day}(?:['’]s)?"
    return bool(
        re.search(
            rf"\b(?:the|a|an|this)\s+(?:[\w-]+\s+)?{event}\s+(?:happened|occurred|took place"
            rf"|broke out|began|started|erupted|unfolded)\s+(?:(?:early|late|on)\s+){{0,2}}{d}\b"
            rf"|\b{day}['’]s\s+(?:[\w-]+\s+)?{event}\b",
            text,
            re.I,
        )
    )


def _events_tied_to_day(
    text: str, day: str, events: set[str], p: ConsistencyParams
) -> list[tuple[str, bool]]:
    """(event, marked) for each event noun the sentence's day is tied to: within
    ``day_link_words`` words, no blocker word or clause break in between; ``marked`` when the
    event comes as "at the time of the <event>" (the day is not the event's own day but the
    one the sentence gives for the moment of the event)."""
    toks = _TOKEN.findall(text)
    low = [t.lower() for t in toks]
    at = [k for k, t in enumerate(low) if t.split("'")[0].split("’")[0] == day]
    if not at:
        return []
    d = at[0]
    blockers = {b.lower() for b in p.day_blockers}
    not_head = {w.lower() for w in p.event_not_head}
    marks = [m.lower().split() for m in p.event_marks]
    out: list[tuple[str, bool]] = []
    for k, t in enumerate(low):
        if t not in events:
            continue
        if k + 1 < len(low) and low[k + 1] in not_head:
            continue  # "the shooting suspect", "rescue teams": not the event itself
        mark = next((m for m in marks if low[k - len(m) : k] == m), None)
        head = k - len(mark) if mark and k > d else k  # "Wednesday ... at the time of the rescue"
        between = low[min(head, d) + 1 : max(head, d)]
        if sum(1 for b in between if b[0].isalnum()) >= p.day_link_words:
            continue
        if any(b in blockers for b in between) or any(b in (";", ".", "?", "!") for b in between):
            continue
        near = low[max(0, d - 2) : d] + low[d + 1 : d + 3]
        if any(b in blockers for b in near):
            continue  # "said Tuesday", "on Tuesday after"
        out.append((t, mark is not None))
    return out
