"""Words and sentence ends in any script.

Space-separated words are what most of crossread counts, but Chinese and Japanese write no
spaces and Thai, Lao, Khmer and Burmese put spaces only between phrases: a 700-character
Chinese article is one "word" to ``str.split``. ``count_words`` counts a run of such a
script as its characters divided by the script's average word length (``data/read.json``,
``chars_per_word``), so one threshold ("at least 20 words") means the same in every language.
What ends a line like a sentence, in any script, is ``crossread.text.shapes.ends_like``;
``script_ends`` finds the sentence ends inside a text that need no capital after them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crossread.settings import load_json

# Scripts written without spaces between words (Unicode blocks).
_RANGES = {
    "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff",
    "kana": "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "thai": "\u0e00-\u0e7f",
    "lao": "\u0e80-\u0eff",
    "khmer": "\u1780-\u17ff",
    "myanmar": "\u1000-\u109f",
}
_UNSPACED = re.compile("[" + "".join(_RANGES.values()) + "]+")
_SCRIPT_OF = [(name, re.compile(f"[{chars}]")) for name, chars in _RANGES.items()]

#: Full-width terminators: a sentence ends there even without a following space.
FULLWIDTH_END = re.compile(r"([。！？｡]+)([」』”’）)\]》〉]*)(\s*)(?=\S)")
#: Thai (and Lao) mark a sentence end with a space between words of the script.
UNSPACED_BREAK = re.compile(r"(?<=[\u0e00-\u0eff])()()([ \t\u00a0]+)(?=[\u0e00-\u0eff])")


def script_ends(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Sentence ends in ``text[start:end]`` that need no capital after them: full-width
    terminators (。！？) and spaces between Thai or Lao words. Each match has three groups
    like ``ingest.split``'s boundary (punctuation, closers, spaces)."""
    found = list(FULLWIDTH_END.finditer(text, start, end))
    found += UNSPACED_BREAK.finditer(text, start, end)
    return sorted(found, key=lambda m: m.start())


@lru_cache(maxsize=1)
def _chars_per_word() -> dict[str, float]:
    return dict(load_json("read.json")["chars_per_word"])


def count_words(text: str) -> int:
    """Words in ``text``: space-separated words, plus runs of unspaced scripts (Chinese,
    Japanese, Thai, ...) counted as characters / that script's average word length."""
    if not text:
        return 0
    if _UNSPACED.search(text) is None:
        return len(text.split())
    per = _chars_per_word()
    if per["kana"] != per["han"] and _SCRIPT_OF[1][1].search(text):
        per = {**per, "han": per["kana"]}  # kanji in Japanese text: Japanese word lengths
    extra = sum(len(pattern.findall(text)) / per[name] for name, pattern in _SCRIPT_OF)
    rest = _UNSPACED.sub(" ", text)
    return len(rest.split()) + round(extra)


_UNMARKED_END = re.compile(r"[\u0e00-\u0eff]$")


def ends_unmarked(sentence: str) -> bool:
    """Does a sentence end in a script that marks no sentence end (Thai, Lao)?"""
    return _UNMARKED_END.search(sentence.rstrip()) is not None
