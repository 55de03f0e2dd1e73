"""Who said what: every quotation of an article, with its speaker, its cue and its span.

    quotes = quotations(article)            # tuple[Quotation, ...] in text order
    marks = readability(quotes, n)          # per sentence: can it stand alone in a summary?

A quotation is the text between quotation marks (curly, straight, newswire `` ''), a block
quote introduced by a colon, an embedded post signed "— Name (@handle) Date", or a turn of an
interview transcript ("Q:", "PUTIN:"). An opening mark with no close runs on: into the next
sentences, and into the next paragraph when that one opens with a mark again (news style).
Nested quotes stay inside the quotation that holds them.

The speaker comes from the cue next to the quotation, in its own sentence ("…,” said X",
"X said …", "according to X", "X told reporters that …", "X called it …"), from a colon
paragraph before it, or from the quotation just before it in the same paragraph
(“…,” she said. “…”). "he/she said" is the nearest preceding named person of a compatible
gender (outside quotation marks); a bare surname is the full name used earlier in the
article; "the spokeswoman" is the person introduced with that role. A speaker is a name of a
person or an organisation, with the role the text gives ("Pentagon spokesman Eric Pahon");
where the text does not say, the speaker is ``None`` (never a guess, never a fragment).

Word lists are in ``data/attribution.json``. Pure functions over ``Article``/``Sentence``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from crossread.model import Article, Sentence
from crossread.settings import load_json

__all__ = [
    "Quotation",
    "Speaker",
    "Statement",
    "quotation_units",
    "quotations",
    "readability",
    "statements",
]


@dataclass(frozen=True)
class Speaker:
    """Who said it: a person or an organisation, with the role the text gives."""

    name: str
    role: str | None = None
    kind: str = "person"  # person | org

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "kind": self.kind}


@dataclass(frozen=True)
class Quotation:
    """One quotation of one article: the quoted words, where they are, and who said them."""

    article_id: str
    text: str  # the quoted words, marks excluded (paragraphs joined by a space)
    start: int  # span in Article.text, marks excluded
    end: int
    speaker: Speaker | None
    cue: str  # "said", "according to", ":", "tweet", "transcript", "" (none found)
    sentences: tuple[int, ...]  # indexes of the sentences it covers
    kind: str  # inline | continued | block | embedded | transcript
    cue_sentence: int | None = None  # the sentence that names the speaker
    pronoun: bool = False  # the cue names the speaker by a pronoun ("he said")

    @property
    def opener(self) -> int:
        return self.sentences[0]

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Statement:
    """Reported speech outside quotation marks: "the Pentagon said on Monday that …"."""

    article_id: str
    sentence: int
    speaker: Speaker
    cue: str  # the citing words ("according to Russia Today", "the Pentagon said")


# --------------------------------------------------------------------------- word lists


@cache
def _words() -> dict[str, Any]:
    raw = load_json("attribution.json")
    out: dict[str, Any] = {}
    out["honorific_stems"] = frozenset(h.rstrip(".") for h in raw["honorifics"])
    out["honorific_stems_lower"] = frozenset(h.lower().rstrip(".") for h in raw["honorifics"])
    for k, v in raw.items():
        if isinstance(v, list):
            out[k] = frozenset(v)
            out[k + "_lower"] = frozenset(x.lower() for x in v if isinstance(x, str))
        else:
            out[k] = v
    return out


def _alt(words: frozenset[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    w = _words()
    verbs = _alt(w["speech_verbs"])
    describe = _alt(w["describe_verbs"])
    according = "(?i:" + _alt(w["according_to"]) + ")"
    abbrev = r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Maj|Rev|Prof|St|Jr|Sr|[A-Z])\."
    # a speaker never starts with white space: without that, a run of blanked (quoted) words
    # after a comma lets "\s+" and the speaker split the run in every way (0.3 s a story)
    who = rf"(?:{abbrev}|[^\s.;!?“”\"`()])(?:{abbrev}|[^.;!?“”\"`()\n]){{0,89}}?"
    adv = r"(?:(?:also|later|then|again|previously|earlier|once|recently|has|had|have|had\s+previously|would|will|once\s+famously)\s+)?"
    # verbs that take their speaker after them ("said Putin"); "told"/"asked" take an object
    after_verbs = _alt(w["speech_verbs"] - {"told", "tells", "asked", "asks", "urged", "thanked"})
    return {
        # "…,” said Eric Pahon, a Pentagon spokesman.
        "after_verb_first": re.compile(
            rf"^[\s,—–\-]*(?P<verb>{after_verbs})\s+(?P<who>{who})\s*(?=[.;!?]|$|\s+(?:on|in|at|during|after|before|when|while|as|to|of|from|about|via|with|told)\s|,\s*(?:who|which|adding|as|in|on|at|when|while|referring|speaking|citing|noting|according)\b)"
        ),
        # "…,” Putin told Russian troops.   "…,” the Pentagon said in a statement.
        "after_who_first": re.compile(rf"^[\s,—–\-]*(?P<who>{who})\s+{adv}(?P<verb>{verbs})\b"),
        # “…,” Putin was cited by RIA Novosti as saying.  “…,” TASS cited Assad as saying.
        "after_cited": re.compile(
            rf"^[\s,—–\-]*(?P<who>{who})\s+(?:was|were|is|are)\s+(?P<verb>cited|quoted)\b"
        ),
        "after_cited_as": re.compile(
            rf"^[\s,—–\-]*[^.;!?“”\"`\n]{{1,90}}?\s+(?P<verb>cited|quoted)\s+(?P<who>{who})\s+as\s+(?:saying|telling|writing)\b"
        ),
        "after_according": re.compile(
            rf"^[\s,—–\-]*(?P<verb>{according})\s+(?P<who>{who})\s*(?=[.;,!?]|$)"
        ),
        # Putin told the troops: “…   /  Putin said that …“…  /  Putin called it “…
        "before": re.compile(
            rf"(?:^|[,;:—–]\s+|\b(?:and|but|as|while|when|where|because|after)\s+)(?P<who>{who})\s+{adv}(?P<verb>{verbs}|{describe})\b(?P<rest>[^“”\"`.;!?]{{0,140}})$"
        ),
        "before_according": re.compile(
            rf"\b(?P<verb>{according})\s+(?P<who>{who})\s*,\s*(?:[^“”\"`]{{0,80}})$"
        ),
        "statement": re.compile(
            rf"(?:^|[,;:—–”\"]\s+|\b(?:and|but|as|while)\s+)(?P<who>{who})\s+{adv}(?P<verb>{verbs})\b"
        ),
        "org_trailing": re.compile(
            r"(?P<org>(?:[A-Z][\w'’\-.]*\s+)*[A-Z][\w'’\-.]*)\s+(?i:"
            + _alt(w["org_trailing"])
            + r")$"
        ),
        "pronoun_cue": re.compile(
            rf"\b(?i:he|she|they)\s+{adv}(?:{verbs})\b|\b(?:{after_verbs})\s+(?i:he|she|they)\b"
        ),
        "statement_cited": re.compile(
            rf"(?:^|[,;:—–”\"]\s+|\b(?:and|but|as|while)\s+)(?P<who>{who})\s+(?P<verb>cited|quoted|reported)\b"
        ),
        "statement_after": re.compile(
            rf"[,”\"]\s*(?P<verb>{after_verbs})\s+(?P<who>(?:the\s+)?[A-Z][^.;!?“”\"`()\n,]{{0,60}}?)(?=\s*[.;,!?]|$)"
        ),
        "statement_according": re.compile(
            rf"\b(?P<verb>{according})\s+(?P<who>[^.;!?“”\"`()\n]{{1,120}}?)(?=[;.]\s|[;.]?$|,\s+(?:which|who|the|a|an|[a-z]+ed)\b)"
        ),
    }


_CAP_FIRST = r"(?:(?:[A-Z]\.){2,}|[A-Z][a-z]?\.|[A-Z][\w'’\-]*)"
_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z][a-z]?\.|[A-Z][\w'’\-]*|(?:al|el|bin|ibn|de|van|von|da|du|la|le|del|der|di)(?:-[A-Z][\w'’\-]*)?)"
_RUN = re.compile(rf"(?=[A-Z]){_CAP_FIRST}(?:[ \t]+{_CAP})*")
_TWEET_SIGNATURE = re.compile(
    r"[—–\-]\s*(?P<name>[^\n()@—–]{2,60}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})?\s*$"
)
_TURN = re.compile(r"^(?P<who>[A-Z][A-Za-z.'’\- ]{0,30}?|[A-Z]{1,3})\s*:\s+(?=\S)")


# --------------------------------------------------------------------------- names


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _demonym(tok: str) -> bool:
    if tok in _words()["nationality_prefixes"]:
        return True
    t = tok.rstrip(".,")
    return len(t) > 4 and t[:1].isupper() and t.endswith(("ian", "ese", "ish", "can", "ean"))


def _role_token(tok: str) -> bool:
    w = _words()
    low = tok.lower().rstrip(",")
    return (
        low in w["role_words_lower"]
        or tok in w["honorifics"]
        or low.rstrip(".") in w["honorific_stems_lower"]
        or low in _TITLE_WORDS
    )


_TITLE_WORDS = frozenset(
    [
        "vice",
        "prime",
        "foreign",
        "defense",
        "defence",
        "interior",
        "finance",
        "state",
        "deputy",
        "assistant",
        "acting",
        "former",
        "senior",
        "chief",
        "top",
        "lead",
        "managing",
        "executive",
        "general",
        "attorney",
        "press",
        "white",
        "house",
        "first",
        "supreme",
        "high",
    ]
)


def _gender_of(words_: Sequence[str]) -> str | None:
    w = _words()
    for x in words_:
        low = x.lower().rstrip(".,")
        if low in w["female_words_lower"]:
            return "female"
        if low in w["male_words_lower"]:
            return "male"
    return None


@cache
def _places() -> frozenset[str]:
    g = load_json("check", "gazetteer.json")
    return frozenset(
        n for k in ("countries", "cities", "regions") for n in g[k] if isinstance(n, str)
    )


def _org_like(tokens: Sequence[str]) -> bool:
    w = _words()
    return any(t.rstrip(".,’'s") in w["org_words"] or t in w["org_words"] for t in tokens) or (
        len(tokens) == 1 and tokens[0].isupper() and 2 <= len(tokens[0]) <= 6
    )


def _clean_name(tokens: list[str]) -> list[str]:
    """Strip titles, roles, demonyms and non-name words from the front; possessives off the end."""
    w = _words()
    org = _org_like(tokens)
    while tokens and (
        tokens[0] in w["non_speaker_words"]
        or (not org and (_role_token(tokens[0]) or _demonym(tokens[0])))
    ):
        tokens = tokens[1:]
    if tokens:
        last = tokens[-1]
        for suffix in ("'s", "’s"):
            if last.endswith(suffix):
                tokens[-1] = last[: -len(suffix)]
    return [t for t in tokens if t]


def _valid_name(tokens: Sequence[str]) -> bool:
    w = _words()
    if not tokens or len(tokens) > 6:
        return False
    if tokens[0] in w["non_speaker_words"] or (
        len(tokens) == 1 and tokens[0].isupper() and tokens[0] in w["non_speaker_words"]
    ):
        return False
    if not _is_cap(tokens[0]) or not _is_cap(tokens[-1]):
        return False
    if tokens[-1].endswith(".") and len(tokens[-1]) <= 3 and tokens[-1] not in {"Jr.", "Sr."}:
        return False  # "senior study author Dr", "Sen."
    if tokens[-1].rstrip(".") in w["honorific_stems"]:
        return False
    word = "".join(tokens)
    if word.isupper() and len(word) > 6:
        return False  # "MORE", "BREAKING NEWS"
    return all(
        _is_cap(t)
        or t
        in {
            "de",
            "van",
            "von",
            "bin",
            "da",
            "du",
            "la",
            "le",
            "del",
            "der",
            "di",
            "of",
            "for",
            "the",
            "and",
            "on",
        }
        or t.startswith(("al-", "el-"))
        for t in tokens
    )


@dataclass(frozen=True)
class _Mention:
    pos: int
    name: str  # as written, titles stripped
    role: str | None
    gender: str | None
    kind: str


def _mentions(text: str, skip: Sequence[tuple[int, int]]) -> list[_Mention]:
    """Names of people and organisations outside quotations, in text order, with the role and
    gender words the text gives next to them."""
    starts = [s for s, _ in skip]
    out: list[_Mention] = []
    for m in _RUN.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and skip[k][0] <= m.start() < skip[k][1]:
            continue
        raw = m.group(0).split()
        # trailing lowercase particles are not part of a name
        while raw and not _is_cap(raw[-1]):
            raw.pop()
        toks = _clean_name(list(raw))
        if not toks or not _valid_name(toks):
            continue
        stripped = raw[: len(raw) - len(toks)] if toks else raw
        before = text[max(0, m.start() - 60) : m.start()].split()[-4:]
        after = text[m.end() : m.end() + 80]
        role_words = [t for t in stripped if _role_token(t) or _demonym(t)]
        role_before = []
        for t in reversed(before):
            if _role_token(t.strip(",")) or (_is_cap(t) and role_before):
                role_before.insert(0, t.strip(","))
            else:
                break
        appos = re.match(
            r",\s+(?:a|an|the)\s+([^,.;:“”\"]{3,60}?)(?=[,.;]|\s+(?:said|says|told)\b)", after
        )
        role_parts = role_before + role_words
        role = " ".join(role_parts) if role_parts else None
        if appos and any(_role_token(x) for x in appos.group(1).split()):
            role = appos.group(1).strip()
        name = " ".join(toks)
        if name in _places() or any(t in _places() for t in toks[:1]) and len(toks) > 1:
            continue  # a place ("Syria", "Moscow Region") is nobody's name
        kind = (
            "org" if _org_like(toks) or (raw and raw[0] == "The" and len(toks) <= 3) else "person"
        )
        if kind == "person" and len(toks) == 1 and not (role_parts or appos):
            kind = "person?"  # a bare capitalised word: a surname, a place, a brand
        gender = _gender_of(stripped + before[-2:] + (appos.group(1).split() if appos else []))
        out.append(_Mention(m.start(), " ".join(toks), role, gender, kind))
    return out


# --------------------------------------------------------------------------- the speaker


class _Resolver:
    """Turns a cue's subject phrase into a Speaker, using the names the article gives."""

    def __init__(self, mentions: list[_Mention], text: str) -> None:
        # capitalised words used inside a sentence somewhere: names, not sentence openers
        self.mid = frozenset(re.findall(r"(?<=[a-z,;] )([A-Z][\w'’\-]+)", text))
        self.mentions = mentions
        self.speakers: list[tuple[int, Speaker]] = []  # people quoted by name so far
        self.positions = [m.pos for m in mentions]
        self.full: dict[str, list[_Mention]] = {}
        self.gender: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        # a person is established when the text gives a role, a title or a gender word, or
        # refers back to the name by the surname alone ("Dickson Wright ... Wright said")
        self.established: set[str] = set()
        w = _words()
        for m in mentions:
            surname = m.name.split()[-1]
            if m.kind == "person" and len(m.name.split()) >= 2:
                self.full.setdefault(surname, []).append(m)
            if m.kind.startswith("person") and (m.role or m.gender):
                self.established.add(surname)
            first = m.name.split()[0] if len(m.name.split()) >= 2 else ""
            gender = m.gender or (
                "male"
                if first in w["first_names_male"]
                else "female"
                if first in w["first_names_female"]
                else None
            )
            if gender and m.kind.startswith("person"):
                self.gender.setdefault(surname, gender)
            if m.role and m.kind == "person":
                self.roles.setdefault(surname, m.role)
        # a surname used alone: after a lowercase word or punctuation, no capital after it
        for surname in self.full:
            at = text.find(surname)
            while at >= 0:
                end = at + len(surname)
                prev = text[max(0, at - 40) : at]
                if (
                    prev[-1:] in (" ", "\t")
                    and not text[end : end + 1].isalnum()
                    and not _CAPITAL_NEXT.match(text, end)
                ):
                    word = prev.split()[-1] if prev.split() else ""
                    if not word[:1].isupper() or word[-1:] in ".,;:":
                        self.established.add(surname)
                        break
                at = text.find(surname, end)
        # the pronoun that first follows a person's mention in its sentence: a gender
        votes: dict[str, list[int]] = {}
        people = [m for m in mentions if m.kind.startswith("person")]
        for k, m in enumerate(people):
            stop = people[k + 1].pos if k + 1 < len(people) else len(text)
            window = text[m.pos + len(m.name) : min(stop, m.pos + len(m.name) + 160)]
            window = re.split(r"[.!?][”\"]?\s|[“\"]", window)[0]  # its own sentence, no quote
            p = re.search(r"\b(he|his|him|she|her|hers)\b", window, re.I)
            if p:
                v = votes.setdefault(m.name.split()[-1], [0, 0])
                v[0 if p.group(1).lower() in ("he", "his", "him") else 1] += 1
        for surname, (male, female) in votes.items():
            if surname not in self.gender and male != female:
                self.gender[surname] = "male" if male > female else "female"

    def expand(self, name: str, pos: int) -> str:
        """A surname as the full name the article used for it (nearest earlier use first)."""
        toks = name.split()
        if len(toks) != 1:
            return name
        uses = self.full.get(toks[0], [])
        earlier = [m for m in uses if m.pos < pos]
        pick = earlier[-1] if earlier else (uses[0] if uses else None)
        return pick.name if pick else name

    def by_pronoun(self, pronoun: str, pos: int) -> Speaker | None:
        want = _words()["pronouns"].get(pronoun.lower())
        if want is None:
            return None
        # the last person quoted by name, when no other person has been named since
        for spos, sp in reversed(self.speakers):
            if spos >= pos:
                continue
            g = self.gender.get(sp.name.split()[-1])
            if g and g != want:
                break
            k = bisect.bisect_left(self.positions, pos) - 1
            others = [
                m
                for m in self.mentions[bisect.bisect_right(self.positions, spos) : k + 1]
                if m.kind.startswith("person")
                and m.name.split()[-1] in self.established
                and m.name.split()[-1] != sp.name.split()[-1]
                and (self.gender.get(m.name.split()[-1]) or m.gender) in (None, want)
            ]
            if not others:
                return sp
            break
        k = bisect.bisect_left(self.positions, pos) - 1
        seen = 0
        while k >= 0 and seen < 12:
            m = self.mentions[k]
            k -= 1
            if m.kind == "org":
                continue
            seen += 1
            if m.name.split()[-1] not in self.established:
                continue
            g = m.gender or self.gender.get(m.name.split()[-1])
            if g and g != want:
                continue
            name = self.expand(m.name, m.pos)
            return Speaker(name, m.role or self.roles.get(name.split()[-1]), "person")
        return None

    def by_role(self, role_tokens: list[str], pos: int) -> Speaker | None:
        heads = [t.lower() for t in role_tokens if t.lower() in _words()["role_words_lower"]]
        if not heads:
            return None
        head = heads[-1]
        for _, sp in reversed(self.speakers):  # "the president added": the one quoted last
            if sp.role and head in sp.role.lower().split():
                return sp
            if sp.role or self.roles.get(sp.name.split()[-1]):
                break
        k = bisect.bisect_left(self.positions, pos) - 1
        while k >= 0:
            m = self.mentions[k]
            k -= 1
            if m.kind == "person" and m.role and head in m.role.lower().split():
                name = self.expand(m.name, m.pos)
                return Speaker(name, m.role, "person")
        return None

    def speaker(self, phrase: str, pos: int) -> tuple[Speaker | None, bool]:
        """(speaker, named by a pronoun) for a cue's subject phrase."""
        w = _words()
        phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:—–-\"'“”")
        if not phrase or len(phrase.split()) > 16:
            return None, False
        low = phrase.lower()
        if low in w["pronouns"]:
            return self.by_pronoun(low, pos), True
        low_nodet = re.sub(r"^(?:the|a|an)\s+", "", low)
        if low_nodet in w["collective_speakers_lower"]:
            if low_nodet in w["named_collective_lower"]:
                return Speaker(low_nodet, None, "org"), False
            return None, False
        chunks = [c.strip() for c in re.split(r",\s*|\s+(?:and|but)\s+", phrase) if c.strip()]
        chunks = [c for c in chunks if not re.match(r"(?:who|which|that|whose)\b", c)] or [""]
        last = chunks[-1]
        if len(chunks) >= 2:
            prev = chunks[-2]
            if _roleish(last):  # "Eric Pahon, a Pentagon spokesman"
                found = self._named(prev, last, pos)
                if found:
                    return found, False
            found = self._named(last, prev if _roleish(prev) else "", pos)
            if found:  # "Director of the Carnegie Moscow Center, Dmitri Trenin"
                return found, False
        found = self._named(last, "", pos)
        if found is None and len(chunks) >= 2:
            found = self._named(chunks[0], "", pos)  # "Russia Today, Putin ordered …"
        return found, False

    def _named(self, head: str, appos: str, pos: int) -> Speaker | None:
        toks = re.sub(r"^(?:the|a|an)\s+", "", head.strip(), flags=re.I).split()
        if not toks:
            return None
        # the name is the capitalised run at the end: "Pentagon spokesman Eric Pahon"
        j = len(toks)
        while j > 0 and (
            _is_cap(toks[j - 1])
            or toks[j - 1] in {"al", "de", "van", "von", "bin", "of", "for", "the"}
            or toks[j - 1].startswith(("al-", "el-"))
        ):
            j -= 1
        run = toks[j:]
        lead = toks[:j]
        name_toks = _clean_name(list(run))
        stripped = run[: len(run) - len(name_toks)]
        role_toks = lead + stripped
        role = " ".join(role_toks).strip() or None
        appos_role = re.sub(r"^(?:a|an|the)\s+", "", appos).strip() if appos else ""
        if (
            appos_role
            and any(_role_token(x) for x in appos_role.split())
            and len(appos_role.split()) <= 10
        ):
            role = role or appos_role
        if name_toks and _valid_name(name_toks) and lead[-1:] not in (["of"], ["for"]):
            if lead and not any(
                _role_token(t) or _demonym(t) or t.endswith(("’s", "'s")) for t in lead
            ):
                # "an aide to Smith", "the lawyer of Smith": a lowercase phrase that is not a role
                if not all(t.islower() for t in lead):
                    return None
                if any(t in {"to", "of", "for", "with", "by", "at", "from"} for t in lead):
                    return None
            name = " ".join(name_toks)
            if len(name_toks) == 1 and not (
                name in self.full or name in self.mid or _org_like(name_toks) or role_toks
            ):
                return None  # "Basically, …": a capitalised sentence opener, not a name
            if _org_like(name_toks) or head.strip().lower().startswith("the "):
                if len(name_toks) == 1 and name_toks[0] in self.full:
                    return Speaker(self.expand(name, pos), role, "person")
                return Speaker(name, role, "org")
            name = self.expand(name, pos)
            return Speaker(name, role or self.roles.get(name.split()[-1]), "person")
        # "the state-run TASS news agency", "Russia's Defense Ministry"
        m = _cues()["org_trailing"].search(head.strip())
        if m and m.group("org")[:1].isupper():
            otoks = [t for t in m.group("org").split() if t not in _words()["non_speaker_words"]]
            if otoks and _valid_name(otoks) and " ".join(otoks) not in _places():
                return Speaker(" ".join(otoks), None, "org")
        # no name: a role ("the spokeswoman", "a Pentagon spokesman", "a spokesman for the Pentagon")
        if any(_role_token(t) for t in toks):
            found = self.by_role(toks, pos) if head.lower().startswith("the ") else None
            if found:
                return found
            org = self._org_in(head)
            if org:
                role_words = [t for t in toks if t not in org.split()]
                role_words = [t for t in role_words if t.lower() not in {"for", "of", "at", "with"}]
                return Speaker(org, " ".join(role_words) or None, "org")
        return None

    @staticmethod
    def _org_in(phrase: str) -> str | None:
        m = re.search(
            rf"(?:for|of|at|with)\s+(?:the\s+)?(?P<org>[A-Z][\w'’\-]*(?:\s+{_CAP})*)\s*$", phrase
        )
        if not m:
            m = re.match(
                r"(?:the\s+|a\s+|an\s+)?(?P<org>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)(?:'s|’s)?\s+[a-z]",
                phrase,
            )
        if not m:
            return None
        toks = m.group("org").removesuffix("'s").removesuffix("’s").split()
        w = _words()
        if (
            not toks
            or toks[0] in w["non_speaker_words"]
            or _demonym(toks[0])
            or _role_token(toks[0])
        ):
            return None
        name = " ".join(toks)
        return name if _valid_name(toks) and name not in _places() else None


def _roleish(phrase: str) -> bool:
    toks = phrase.split()
    return bool(toks) and (
        toks[0].lower() in ("a", "an", "the") or any(_role_token(t) for t in toks)
    )


# --------------------------------------------------------------------------- spans


@dataclass
class _Span:
    segments: list[tuple[int, int]]
    kind: str
    speaker: Speaker | None = None
    cue: str = ""
    cue_pos: int | None = None
    pronoun: bool = False


_CAPITAL_NEXT = re.compile(r"[ \t]+[A-Z]")
_MARKS = re.compile(r"“|”|``|''|\"|‘|’")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def _straight_opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        return True
    if after.isspace() or after in ".,;:!?)—–-":
        return False
    return not before.isalnum()


def _close(spans: list[_Span], carry: _Span | None, seg: tuple[int, int]) -> None:
    """End a quotation at ``seg``: the last part of one carried over paragraphs, or a new one."""
    if carry is not None:
        carry.segments.append(seg)
    else:
        spans.append(_Span([seg], "inline"))


def _quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[_Span]:
    spans: list[_Span] = []
    carry: _Span | None = None  # a quotation that runs on into the next paragraph
    for p_start, p_end in paragraphs:
        para = text[p_start:p_end]
        lead = len(para) - len(para.lstrip())
        first_mark = _MARKS.match(para, lead)
        if carry is not None and not (first_mark and first_mark.group(0) in ("“", "``", '"')):
            carry = None  # the run-on stops where a paragraph does not reopen
        depth, open_at, open_mark = 0, -1, ""
        if carry is not None:
            # the reopening mark continues the quotation
            depth, open_at, open_mark = 1, first_mark.end(), first_mark.group(0)
            start_at = first_mark.end()
        else:
            start_at = 0
        for m in _MARKS.finditer(para, start_at):
            mark, i = m.group(0), m.start()
            if mark in ("‘", "’"):
                continue  # single quotes: nested quotes or apostrophes, part of the text
            if mark in ("“", "``"):
                if depth == 0:
                    depth, open_at, open_mark = 1, m.end(), mark
                elif open_mark != '"':
                    depth += 1
                continue
            if mark in ("”", "''"):
                if depth > 1:
                    depth -= 1
                    continue
                if depth == 1 and open_mark != '"':
                    carry = _close(spans, carry, (p_start + open_at, p_start + i))
                    depth = 0
                continue
            # a straight double quote
            if depth == 1 and open_mark != '"' and not _straight_opens(para, i):
                open_mark = '"'  # “… deployment," Putin said: a straight mark closes a curly one
            if depth == 0:
                if _straight_opens(para, i):
                    depth, open_at, open_mark = 1, m.end(), '"'
            elif open_mark == '"':
                carry = _close(spans, carry, (p_start + open_at, p_start + i))
                depth = 0
        if depth:
            seg = (p_start + open_at, p_end)
            if carry is not None:
                carry.segments.append(seg)
            else:
                carry = _Span([seg], "inline")
                spans.append(carry)
        else:
            carry = None
    for s in spans:
        if len(s.segments) > 1:
            s.kind = "continued"
    return spans


def _block_spans(
    text: str, paragraphs: list[tuple[int, int]], quoted: list[_Span]
) -> list[tuple[_Span, int]]:
    """Embedded posts ("… — Name (@handle) Date"), block quotes after a colon paragraph, and
    interview turns; each with the index of the paragraph that introduces it (or -1)."""
    covered = [(s.segments[0][0], s.segments[-1][1]) for s in quoted]

    def has_marks(a: int, b: int) -> bool:
        return any(not (e <= a or s >= b) for s, e in covered)

    out: list[tuple[_Span, int]] = []
    q, a = _words()["transcript_question"], _words()["transcript_answer"]
    for k, (p_start, p_end) in enumerate(paragraphs):
        para = text[p_start:p_end]
        sig = _TWEET_SIGNATURE.search(para)
        if sig:
            body_end = p_start + sig.start()
            body_start = p_start
            if body_end - body_start < 15 and k > 0:  # the signature on its own line
                body_start, body_end = paragraphs[k - 1]
            body = text[body_start:body_end].strip()
            name = sig.group("name").strip()
            toks = name.split()
            if len(body.split()) >= 3 and _valid_name(toks):
                kind = "org" if _org_like(toks) else "person"
                sp = _Span(
                    [(body_start, body_start + len(text[body_start:body_end].rstrip()))], "embedded"
                )
                sp.speaker, sp.cue, sp.cue_pos = (
                    Speaker(name, None, kind),
                    "post",
                    p_start + sig.start(),
                )
                out.append((sp, -1))
                continue
        turn = _TURN.match(para)
        if turn and len(para) - turn.end() > 20:
            who = turn.group("who").strip()
            label = any(t.title() in _words()["non_speaker_words"] for t in who.split())
            if label and who not in q and who not in a:
                continue  # "MORE:", "UPDATE:", "WATCH:" are labels, not people
            if who in q or who in a or (who.isupper() and len(who.split()) <= 3):
                sp = _Span([(p_start + turn.end(), p_end)], "transcript")
                sp.cue, sp.cue_pos = "transcript", p_start
                sp.speaker = None if who in q or who in a else Speaker(who, None, "person")
                sp.pronoun = who in q  # a question: never the interviewee's words
                out.append((sp, -2 if who in q else -3))
                continue
        if k > 0 and not has_marks(p_start, p_end):
            prev = text[paragraphs[k - 1][0] : paragraphs[k - 1][1]].rstrip()
            if prev.endswith(":") and not has_marks(*paragraphs[k - 1]) and len(para.split()) >= 5:
                out.append((_Span([(p_start, p_end)], "block"), k - 1))
    return out


# --------------------------------------------------------------------------- cues


def _sentence_at(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _find_cue(
    text: str,
    span: _Span,
    sents: Sequence[Sentence],
    starts: list[int],
    resolver: _Resolver,
    prev_close: int,
) -> None:
    cues = _cues()
    q_start, q_end = span.segments[0][0], span.segments[-1][1]
    # after the closing mark, to the end of its sentence (or the next opening mark)
    s_end = sents[_sentence_at(starts, max(q_end - 1, 0))]
    close = q_end + (1 if q_end < len(text) and text[q_end] in "”\"'" else 0)
    if text[q_end : q_end + 2] == "''":
        close = q_end + 2
    stop = s_end.end if s_end.end > close else min(len(text), close + 160)
    after = text[close:stop]
    nxt = re.search(r"[“\"`]", after)
    if nxt:
        after = after[: nxt.start()]
    after = after.split("\n")[0]
    unnamed: tuple[str, int] | None = None  # a cue whose speaker has no name ("a source said")
    for name in (
        "after_according",
        "after_cited",
        "after_cited_as",
        "after_verb_first",
        "after_who_first",
    ):
        m = cues[name].match(after)
        if m and unnamed is None and len(m.group("who").split()) <= 10:
            unnamed = (_norm_cue(m.group("verb")), close + m.start("verb"))
        if m:
            sp, pron = resolver.speaker(m.group("who"), close)
            if sp and not pron and sp.kind == "person":
                resolver.speakers.append((close, sp))
            if sp or pron:
                span.speaker, span.pronoun = sp, pron
                span.cue, span.cue_pos = _norm_cue(m.group("verb")), close + m.start("verb")
                return
    # before the opening mark, from the start of its sentence (or the last quotation's close)
    s_start = sents[_sentence_at(starts, q_start)]
    lo = max(s_start.start, prev_close)
    before = text[lo : max(lo, q_start - 1)]
    before = before.split("\n")[-1][-240:]
    for name in ("before_according", "before"):
        m = cues[name].search(before)
        if m and unnamed is None and len(m.group("who").split()) <= 10:
            unnamed = (_norm_cue(m.group("verb")), lo + m.start("verb"))
        if m:
            sp, pron = resolver.speaker(m.group("who"), lo + m.start("who"))
            if sp and not pron and sp.kind == "person":
                resolver.speakers.append((lo + m.start("who"), sp))
            if sp or pron:
                span.speaker, span.pronoun = sp, pron
                span.cue = _norm_cue(m.group("verb"))
                span.cue_pos = lo + m.start("verb")
                return
    if unnamed is not None:  # attributed, to someone the text does not name
        span.cue, span.cue_pos = unnamed


def _norm_cue(verb: str) -> str:
    return re.sub(r"\s+", " ", verb.lower())


def _colon_cue(text: str, para: tuple[int, int], span: _Span, resolver: _Resolver) -> None:
    """ "Mattis told reporters on Monday:" ¶ “…” — the speaker of the paragraph that introduces."""
    body = text[para[0] : para[1]].rstrip().rstrip(":")
    last = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", body)[-1]
    offset = para[0] + len(body) - len(last)
    cues = _cues()
    m = cues["before"].search(last + " ") or re.search(
        r"(?P<who>[^.;!?“”\"]{1,90}?)\s+(?P<verb>(?:posted|issued|released|shared|put out|published))\b",
        last,
    )
    if m:
        sp, pron = resolver.speaker(m.group("who"), offset + m.start("who"))
        if sp or pron:
            span.speaker, span.pronoun = sp, pron
            span.cue, span.cue_pos = ":", offset + m.start("verb")


def quotations(
    article: Article, sentences: Sequence[Sentence] | None = None
) -> tuple[Quotation, ...]:
    """Every quotation of the article in text order, with speaker, cue and the sentences it
    covers (``Sentence.index`` of ``sentences``, by default ``ingest.split.split(article)``)."""
    if sentences is None:
        from crossread.ingest.split import split

        sentences = split(article)
    text = article.text
    sents = [s for s in sentences if s.end > s.start]
    if not sents or not text.strip():
        return ()
    starts = [s.start for s in sents]
    paragraphs = _paragraphs(text)
    spans = _quote_spans(text, paragraphs)
    blocks = _block_spans(text, paragraphs, spans)
    if not spans and not blocks:
        return ()  # nothing quoted: no names to look up
    skip = sorted(
        [(s.segments[0][0], s.segments[-1][1]) for s in spans]
        + [(b.segments[0][0], b.segments[-1][1]) for b, _ in blocks]
    )
    resolver = _Resolver(_mentions(text, skip), text)
    min_words = int(_words()["min_quote_words"])
    para_starts = [p[0] for p in paragraphs]
    prev_close = -1
    prev: _Span | None = None
    for sp in spans:
        q_start = sp.segments[0][0]
        _find_cue(text, sp, sents, starts, resolver, prev_close)
        para = bisect.bisect_right(para_starts, q_start) - 1
        if sp.speaker is None and not sp.pronoun and sp.cue_pos is None:
            opens_para = text[para_starts[para] : q_start].strip() in ("“", '"', "``")
            if (
                prev is not None
                and prev.speaker is not None
                and (bisect.bisect_right(para_starts, prev.segments[-1][1] - 1) - 1 == para)
            ):
                # “…,” she said. “…” — the same speaker goes on in the same paragraph
                sp.speaker, sp.cue, sp.cue_pos = prev.speaker, prev.cue, prev.cue_pos
                sp.pronoun = prev.pronoun
            elif opens_para and para > 0:
                prev_para = paragraphs[para - 1]
                if text[prev_para[0] : prev_para[1]].rstrip().endswith(":"):
                    _colon_cue(text, prev_para, sp, resolver)
        prev_close, prev = sp.segments[-1][1], sp
    for sp, intro in blocks:
        if intro >= 0:
            _colon_cue(text, paragraphs[intro], sp, resolver)
    out: list[Quotation] = []
    for sp in sorted(spans + [b for b, _ in blocks], key=lambda s: s.segments[0][0]):
        words_ = " ".join(text[a:b].strip() for a, b in sp.segments)
        words_ = re.sub(r"\s+", " ", re.sub(r"“|”|``|''|(?<!\w)\"|\"(?!\w)", "", words_))
        words_ = words_.strip().strip("‘’").strip()
        if len(words_.split()) < min_words:
            continue
        start, end = sp.segments[0][0], sp.segments[-1][1]
        first = _sentence_at(starts, start)
        last = _sentence_at(starts, max(start, end - 1))
        covered = tuple(sents[i].index for i in range(first, last + 1))
        cue_sentence = (
            sents[_sentence_at(starts, sp.cue_pos)].index if sp.cue_pos is not None else None
        )
        kind = sp.kind
        out.append(
            Quotation(
                article_id=article.id,
                text=words_,
                start=start,
                end=end,
                speaker=sp.speaker,
                cue=sp.cue,
                sentences=covered,
                kind=kind,
                cue_sentence=cue_sentence,
                pronoun=sp.pronoun and sp.kind != "transcript",
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- reported speech


def statements(
    article: Article, sentences: Sequence[Sentence], quotes: Sequence[Quotation] = ()
) -> tuple[Statement, ...]:
    """Who is cited outside quotation marks ("according to Russia Today", "the Pentagon said",
    "TASS cited Assad as saying"), one per sentence and source, pronouns left out. In a
    sentence that carries a quotation only organisations count: the person is its speaker."""
    text = article.text
    spans = sorted((q.start, q.end) for q in quotes)
    resolver = _Resolver(_mentions(text, spans), text)
    cues = _cues()
    quoted = {i for q in quotes for i in q.sentences}
    out: list[Statement] = []
    for s in sentences:
        bare = text[s.start : s.end]
        for a, b in spans:  # blank the quoted words, keep the offsets
            lo, hi = max(a, s.start), min(b, s.end)
            if lo < hi:
                bare = bare[: lo - s.start] + " " * (hi - lo) + bare[hi - s.start :]
        seen: set[str] = set()
        for name in ("statement_according", "statement_cited", "statement", "statement_after"):
            for m in cues[name].finditer(bare):
                sp, pron = resolver.speaker(m.group("who"), s.start + m.start("who"))
                if sp is None or pron or sp.name in seen:
                    continue
                if s.index in quoted and sp.kind == "person":
                    continue
                seen.add(sp.name)
                cue = re.sub(r"\s+", " ", m.group(0)).strip(" ,;:")
                out.append(Statement(article.id, s.index, sp, cue))
    return tuple(out)


# --------------------------------------------------------------------------- summaries


def readability(quotes: Sequence[Quotation], sentences: Sequence[Sentence]) -> dict[int, str]:
    """How each sentence that touches a quotation can stand in a summary, by ``Sentence.index``:

    - "needs_previous": only right after the sentence before it in the same article (it
      continues a quotation, or names its speaker "he said", or its speaker is named before);
    - "never": it opens a quotation that goes on after it, or a quotation whose speaker is
      named only later or nowhere;
    sentences that are absent carry no quotation, or only quotations attributed inside them.
    """
    out: dict[int, str] = {}
    pronoun_cue = _cues()["pronoun_cue"]
    for s in sentences:  # "…, he said." outside quotation marks: who "he" is lies before
        bare = re.sub(r"“[^”]*”|\"[^\"]*\"|``.*?''", " ", s.text)
        m = pronoun_cue.search(bare)
        if m and not _RUN.search(bare[1 : m.start()]):
            out[s.index] = "needs_previous"
    rank = {"ok": 0, "needs_previous": 1, "never": 2}

    def mark(i: int, status: str) -> None:
        if rank[status] > rank[out.get(i, "ok")]:
            out[i] = status

    for q in quotes:
        if q.words < 4 and len(q.sentences) == 1 and q.kind == "inline":
            continue  # a phrase in quotation marks inside a sentence of the article's own
        last = q.sentences[-1]
        for i in q.sentences:
            if i < last and q.kind not in ("block", "embedded", "transcript"):
                mark(i, "never")  # the quotation goes on after it
                continue
            if q.speaker is None and q.cue_sentence != i:
                mark(i, "never")
            elif q.cue_sentence == i and not q.pronoun:
                if i != q.opener:
                    mark(i, "ok")  # “… the end,” said Putin: the speaker is restored here
            elif q.cue_sentence is not None and q.cue_sentence > i:
                mark(i, "never")
            elif q.kind in ("block", "embedded", "transcript") and q.cue_sentence != i:
                mark(
                    i,
                    "needs_previous"
                    if i - 1 in q.sentences or i - 1 == q.cue_sentence
                    else "never",
                )
            else:
                near = i - 1 == q.cue_sentence or (i - 1) in q.sentences
                mark(i, "needs_previous" if near or q.pronoun else "never")
    return {i: s for i, s in out.items() if s != "ok"}


def quotation_units(quotes: Sequence[Quotation], longest: int = 2) -> dict[int, tuple[int, ...]]:
    """Quotations a summary may take whole, never in part, by their first sentence: from that
    sentence to the later of the quotation's last sentence and the one that names the speaker
    (“A. B,” said Putin. / Putin said: “A. B.” / “A. B.” … the end, Putin said.), two to
    ``longest`` sentences, the speaker named (not "he said"), no other quotation left open at
    its end."""
    out: dict[int, tuple[int, ...]] = {}
    for q in quotes:
        if q.kind not in ("inline", "continued") or q.speaker is None or q.pronoun:
            continue
        if q.cue_sentence is None or q.cue_sentence < q.opener - 1:
            continue
        unit = tuple(range(min(q.opener, q.cue_sentence), max(q.sentences[-1], q.cue_sentence) + 1))
        if not 2 <= len(unit) <= longest:
            continue
        inside = set(unit)
        if any(
            o is not q and o.sentences[0] in inside and not set(o.sentences) <= inside
            for o in quotes
        ):
            continue  # another quotation goes on after it
        out[q.opener] = unit
    return out
