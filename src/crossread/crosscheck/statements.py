"""What a stated value is about, and whether two articles make the same statement.

A value ("22 students", "$25 million in punitive damages", "Saturday", "a 49-year-old") is
about something: what is counted or paid for (its head noun and the words that narrow it),
who (the names next to it), what happened (the act: killed, injured, rescued, raised, jailed)
and the other words of its clause. Two values from different articles are compared only when
their statements align:

- the same thing: the same counted noun or unit family, the same narrowing words ("six
  vehicles" is not "six other vehicles"; "$25 million in punitive damages" is not the whole
  "$33.5 million" award);
- the same subject: when both name someone next to the value, a name in common (Obama's 332
  electoral votes are not Trump's 306);
- the same act: when both say what happened next to the value, an act in common (three
  "killed" is not three "injured");
- the same statement: enough of the distinctive words next to the value in common (words that
  fill the whole story say nothing), and in a sentence that lists several values of the kind
  the nearest word in common ("117 percent more heart attacks, 124 percent more deaths").

Word lists (the acts) live in ``data/check/statements.json``, thresholds in
``data/check/thresholds.json`` ("statements").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from crossread.crosscheck.quantities import Quantity
from crossread.crosscheck.wording import data, stem
from crossread.text.words import stop_words

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*|[;:—–,]")  # words, clause and list breaks


@dataclass(frozen=True)
class Tokens:
    """A sentence's words with their spans, tokenised once: ``stems`` holds the stem of a
    content word, "" for function words and numbers, "|" for a clause break, "," for a comma."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    stems: tuple[str, ...]
    surface: tuple[str, ...]
    names: tuple[bool, ...]  # a capitalised word inside the sentence (a name)


def tokens(text: str) -> Tokens:
    stop = stop_words("function_words")
    skip_names = _lists()["not_names"]
    starts, ends, stems, surface, names = [], [], [], [], []
    for k, m in enumerate(_TOKEN.finditer(text)):
        raw = m.group()
        starts.append(m.start())
        ends.append(m.end())
        surface.append(raw)
        if not raw[:1].isalnum():
            stems.append("," if raw == "," else "|")
            names.append(False)
            continue
        w = raw.lower().replace("’", "'")
        keep = w not in stop and len(w) > 1 and not w[:1].isdigit()
        stems.append(stem(w) if keep else "")
        names.append(keep and raw[:1].isupper() and k > 0 and w not in skip_names)
    return Tokens(tuple(starts), tuple(ends), tuple(stems), tuple(surface), tuple(names))


@dataclass(frozen=True)
class Statement:
    """What one stated value is about."""

    near: tuple[str, ...]  # content stems next to the value in its clause, nearest first
    words: frozenset[str]  # every content stem of the sentence
    names: frozenset[str]  # names next to the value (lowercase stems)
    acts: frozenset[str]  # what happened next to the value ("death", "injury", ...)
    rivals: int  # values of the same kind in the sentence (lists)
    subject: str = ""  # the name nearest the value
    origin: frozenset[str] = frozenset()  # a distance's reference point: "from Nairobi" ->
    # {"nairobi"}, "12 miles away" -> {"away"}, nothing said -> empty
    frame: str = ""  # for a day or hour: "said" (when something was said: "said on Nov. 1"),
    # "since" (the start of a period: "since Oct. 29"), or "" (when something happened)


@cache
def _lists() -> dict[str, Any]:
    raw = data("statements.json")
    acts = {stem(w.lower()): act for act, words in raw["acts"].items() for w in words}
    return {
        "acts": acts,
        "not_names": frozenset(w.lower() for w in raw["not_names"]),
        "speech": frozenset(w.lower() for w in data("words.json")["speech_verbs"]),
        "time_words": frozenset(stem(w.lower()) for w in raw["time_words"]),
    }


def act_words() -> dict[str, str]:
    """Stemmed word -> the act it names ("kill" -> "death")."""
    return _lists()["acts"]  # shared: read-only


@cache
def _cfg() -> dict[str, Any]:
    return dict(data("thresholds.json")["statements"])


def statement(q: Quantity, toks: Tokens, others: Sequence[Quantity], rivals: int) -> Statement:
    """The statement of ``q`` in its sentence (``others``: the sentence's other values)."""
    window = int(_cfg()["window"])
    acts = _lists()["acts"]
    # other values' words are theirs, but a place is part of what a value is about
    place = q.family.startswith("place:")
    taken = [
        (o.start, o.end)
        for o in others
        if o is not q and (place or not o.family.startswith("place:"))
    ]
    same_kind = [  # a stated conversion ("(about 43,500 square miles)") is the same value
        (o.start, o.end)
        for o in others
        if o is not q and o.family == q.family and o.converts is None
    ]
    own = {stem(w) for w in re.findall(r"[A-Za-z]+", q.text)}

    def inside(k: int, spans: Sequence[tuple[int, int]]) -> bool:
        return any(s <= toks.starts[k] < e for s, e in spans)

    def side(ks: range) -> list[int]:
        out: list[int] = []
        for k in ks:
            st = toks.stems[k]
            if st == "|" or (inside(k, same_kind) and not place) or (st == "," and rivals > 1):
                break  # a clause break, the next value of the kind (places in a list share
                # their words: "in Oman and the United Arab Emirates"), a list item's comma
            if st == ",":
                continue
            if st and st not in own and not inside(k, taken) and k not in out:
                out.append(k)
            if len(out) == window:
                break
        return out

    after = side(range(bisect_left(toks.starts, q.end), len(toks.stems)))
    before = side(range(bisect_right(toks.ends, q.start) - 1, -1, -1))
    order: list[int] = []
    for i in range(window):
        for part in (after, before):
            if i < len(part):
                order.append(part[i])
    near = tuple(toks.stems[k] for k in order)
    return Statement(
        subject=next((toks.stems[k] for k in order if toks.names[k]), ""),
        origin=_origin(q, toks) if q.family == "length" else frozenset(),
        frame=_frame(q, toks) if q.family in ("date", "weekday", "time") else "",
        near=near,
        words=frozenset(s for s in toks.stems if s and s not in "|,"),
        names=frozenset(toks.stems[k] for k in order if toks.names[k]),
        acts=frozenset(acts[s] for s in near if s in acts),
        rivals=rivals,
    )


_DIRECTIONS = frozenset(
    [
        "from",
        "of",
        "outside",
        "off",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
    ]
)


def _origin(q: Quantity, toks: Tokens) -> frozenset[str]:
    """What a distance is measured from: the words after "from"/"outside"/"north of"...
    ("20 miles from Nairobi" -> {"nairobi"}), {"away"} for "12 miles away", else empty."""
    k = bisect_left(toks.starts, q.end)
    words = [toks.surface[i].lower() for i in range(k, min(len(toks.stems), k + 6))]
    if words[:1] == ["away"]:
        return frozenset({"away"})
    if not words or words[0] not in _DIRECTIONS:
        return frozenset()
    out: list[str] = []
    for i in range(k + 1, min(len(toks.stems), k + 6)):
        st = toks.stems[i]
        if st in ("|", ","):
            break
        if st and toks.surface[i].lower() not in _DIRECTIONS:
            out.append(st)
        if len(out) == 2:
            break
    return frozenset(out)


def _frame(q: Quantity, toks: Tokens) -> str:
    """What a day or hour dates: a saying ("police said on Nov. 1"), the start of a period
    ("since Oct. 29") or, by default, an event."""
    k = bisect_right(toks.ends, q.start) - 1
    before = [toks.surface[i].lower() for i in range(k, max(-1, k - 3), -1)]
    after = [toks.surface[i].lower() for i in range(k + 1, len(toks.surface))
             if toks.starts[i] >= q.end][:2]  # fmt: skip
    stamp = {"last", "updated", "published", "posted", "on"}
    if (not before and {"updated", "published", "posted"} & set(after)) or (
        before and k < 3 and set(before) <= stamp and set(before) & stamp - {"on", "last"}
    ):
        return "stamp"  # "21 July 2013 Last updated at 11:11": when the page was written
    if before[:1] in (["since"], ["from"]) or before[1:2] == ["since"]:
        return "since"
    speech = _lists()["speech"]
    before = [w for w in before if w not in ("late", "early", "last")]  # "said late Wednesday"
    if (
        before[:1]
        and before[0] in speech
        or before[:2]
        and before[0] == "on"
        and before[1:2]
        and before[1] in speech
    ):
        return "said"
    return ""


def same_thing(a: Quantity, sa: Statement, b: Quantity, sb: Statement) -> bool:
    """The two values measure or count the same kind of thing: the same head noun (what is
    counted or paid for, where both say it) and no narrowing word of one missing from the
    other's sentence ("six other vehicles" against "six vehicles")."""
    if a.what != b.what:
        if a.what and b.what:
            return False  # "16 weeks of paid leave" is not "eight weeks of sick leave"
        one = a.what or b.what
        if not a.family.startswith(("count:", "money:")) and not one.startswith("of:"):
            return False  # "a two-hour flight" is not "40 minutes after take-off"
    if a.family.startswith("place:"):
        return True
    for q, other in ((a, sb), (b, sa)):
        if any(stem(m) not in other.words for m in q.modifiers):
            return False
    return True


def aligned(
    a: Quantity,
    sa: Statement,
    b: Quantity,
    sb: Statement,
    common: frozenset[str],
    loose: bool = False,
) -> bool:
    """The two values are stated by two articles making the same statement (module doc).
    ``loose``: one distinctive word in common is enough (to find that an article states
    another's value too, which makes a clash between them two different facts)."""
    cfg = _cfg()
    if not same_thing(a, sa, b, sb):
        return False
    na, nb = sa.names - common, sb.names - common  # names all over the story say nothing
    if na and nb and not na & nb:
        return False  # different people or places named next to the values
    if a.family in ("duration", "age") and not (sa.subject and sa.subject == sb.subject):
        return False  # how long or how old: only for the same one, named next to both
    if sa.frame != sb.frame:
        return False  # when something was said is not when it happened
    if (sa.origin or sb.origin) and not sa.origin & sb.origin:
        return False  # distances from different places (or from an unsaid one)
    if sa.acts and sb.acts and not sa.acts & sb.acts:
        return False  # different things happened (killed / injured)
    shared = (set(sa.near) & set(sb.near)) - common
    shared_acts = sa.acts & sb.acts
    acts = _lists()["acts"]
    said = {acts[w] for w in shared if w in acts}  # an act both name in the same word counts once
    evidence = len(shared) + len(shared_acts - said)
    if not shared:
        return False  # an act in common says what happened, not that it is the same event
    if sa.frame == "stamp":
        return False
    if a.family in ("weekday", "time") and not loose:
        # a day or an hour attaches to the words right next to it ("returned Thursday
        # evening" is not "the trial starts Monday")
        acts = _lists()["acts"]
        ta = {acts.get(w, w) for w in sa.near[:2]}
        if not ta & {acts.get(w, w) for w in sb.near[:2]}:
            return False
    when_where = a.family in ("date", "weekday", "time") or a.family.startswith("place:")
    if when_where and not shared - sa.names - sb.names - _lists()["time_words"]:
        return False  # when or where: the same event must be told, not only the same place
    if loose:
        return True
    if sa.rivals > 1 or sb.rivals > 1:  # a list: pair only on the nearest word
        if not (sa.near[:1] and sa.near[:1] == sb.near[:1]):
            return False
        return evidence >= int(cfg["shared_in_lists"])
    # the sentences must also tell the same event in distinctive words
    story = len((sa.words & sb.words) - common)
    return evidence >= int(cfg["shared_near"]) and story >= int(cfg["shared_sentence"])
