"""Which sentences may enter a summary, and which may open it.

Junk at sentence level (never enters): photo captions and credits ("(AP Photo/...)", "Getty
Images", "Photo:"), page furniture and teasers ("Click here", "Read more", "Sign up",
"Advertisement"), social-media debris (handles, hashtags, links), headings (mostly capitalised
words, no sentence end). The word lists are ``sentence_junk`` in ``data/summary_words.json``.

The opening sentence is held to more: it comes from an article's lead (its first
``LEAD_INDEX`` sentences), states who did what (a name past the first word, a verb-like
word), and is not a question, a quotation, a sentence that opens with a pronoun or a
connective, nor a caption-like fragment.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crossread.model import Sentence
from crossread.settings import load_json
from crossread.summary.features import tokens, words

_PARAMS = load_json("summary.json")
LEAD_INDEX: int = _PARAMS["lead_index"]
LEAD_MIN_WORDS: int = _PARAMS["lead_min_words"]
_QUOTE_MARKS = ('"', "“", "”", "``", "''", "‘")
_HASHTAG = re.compile(r"(?:^|\s)[#@]\w")
_NAME = re.compile(r"\s[A-Z][a-z]+")


@lru_cache(maxsize=1)
def _junk_pattern() -> re.Pattern[str]:
    markers = sorted(words()["sentence_junk"] | {"http", "www."}, key=len, reverse=True)
    return re.compile("|".join(re.escape(m) for m in markers))


def junk_sentence(text: str) -> bool:
    """A caption, credit, heading, teaser or social-media debris: never a summary sentence."""
    return bool(_junk_pattern().search(text.lower()) or _HASHTAG.search(text))


def _quoted(text: str) -> bool:
    return any(q in text for q in _QUOTE_MARKS)


def lead_ok(sentence: Sentence, text: str) -> bool:
    """May ``text`` (the summary form of ``sentence``) open the summary?"""
    if sentence.index >= LEAD_INDEX or junk_sentence(text):
        return False
    stripped = text.strip()
    if stripped.endswith("?") or _quoted(stripped):
        return False
    if len(stripped.split()) < LEAD_MIN_WORDS:
        return False
    toks = tokens(stripped)
    lists = words()
    first, first2 = (toks[0] if toks else ""), " ".join(toks[:2])
    if first in lists["dangling_starts"] or first2 in lists["dangling_starts"]:
        return False
    if first in lists["leading_connectives"] or first2 in lists["leading_connectives"]:
        return False
    if first in lists["lead_not_first"]:  # "When ...", "If ...": a clause, not the event
        return False
    return bool(_NAME.search(stripped))  # who: a name past the first word
