"""Deletion-only sentence compression for the summary.

Only whole stretches of the source sentence are removed, never reworded, so every
word that remains is a word of the source (the one exception: the first letter is
upper-cased when a deletion leaves a lowercase word at the start). Removed:

- datelines and wire credits at the start ("WASHINGTON (AP) —", "MOSCOW, Dec 11 (Reuters) -",
  "(CNN)");
- leading connectives whose antecedent is not in the summary ("But", "However,", "Meanwhile,");
- short parentheticals ("(AP)", "(pictured)", "(R-S.C.)"), never one that cites a source.

Attributions are never removed (", according to Russia Today", ", said Putin": who said it).
A sentence that closes a quotation begun in the sentence before gets its opening mark back
(``balance_quotes``); a closing mark is never added (a quotation that goes on is not taken).
"""

from __future__ import annotations

import re

from crossread.summary.features import words

_DATELINE = re.compile(
    r"""^\s*(?:
        (?:[A-Z][A-Z.'’\-]+(?:[ ,]+[A-Z][A-Za-z.'’\-]+){0,4}   # PLACE, maybe ", State" or ", Dec 11"
           (?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?              # , Dec. 11
           (?:,?\s+\d{4})?
           \s*(?:\([A-Za-z .&]+\))?\s*[-—–]+\s*)
      | (?:\((?:AP|CNN|Reuters|AFP|UPI|Bloomberg|AP\ Photo)\)\s*[-—–]*\s*)
      | (?:[A-Z][A-Z .&]{1,20}\s*\((?:AP|Reuters|AFP|UPI)\)\s*[-—–:]*\s*)
    )""",
    re.VERBOSE,
)
_CITES = re.compile(r"\b(?:according to|said|says|told|wrote|tweeted|via|per)\b", re.I)
_PARENS = re.compile(r"\s*\((?:[^()]{1,60})\)(?=[\s,.;:!?'’\"”]|$)")


def _upper_first(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :] if ch.islower() else text
        if ch not in "\"“‘'(":
            return text
    return text


def strip_connective(text: str) -> str:
    """Drop leading connectives ("But", "However,", "Now, however,") with their commas."""
    for _ in range(3):  # "Now, however, ..." holds two
        shorter = _strip_one_connective(text)
        if shorter == text:
            break
        text = shorter
    return text


def _strip_one_connective(text: str) -> str:
    connectives = words()["leading_connectives"]
    m = re.match(r"\s*([A-Za-z]+(?:\s+[A-Za-z]+){0,3})", text)
    if not m:
        return text
    head = m.group(1).split()
    for n in range(min(4, len(head)), 0, -1):
        phrase = " ".join(head[:n]).lower()
        if phrase in connectives:
            end = re.match(r"\s*" + r"\s+".join(map(re.escape, head[:n])) + r"\s*,?\s*", text)
            rest = text[end.end() :] if end else text
            if len(rest.split()) < 4:
                return text
            return _upper_first(rest)
    return text


def strip_dateline(text: str) -> str:
    m = _DATELINE.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    if len(rest.split()) < 4 or not re.search(r"[-—–)]\s*$", m.group(0)):
        return text
    return _upper_first(rest)


def strip_parentheticals(text: str) -> str:
    out = _PARENS.sub(lambda m: m.group(0) if _CITES.search(m.group(0)) else "", text)
    return out if len(out.split()) >= 5 else text


def balance_quotes(text: str) -> str:
    """Open a quotation that began in the previous sentence of the source (“… the end,” said
    Putin): a quotation mark only, never words. A quotation that goes on after the sentence
    is left open, never closed: a closing mark would say the speaker stopped there (the
    summary does not take such sentences, ``crossread.attribution.readability``)."""
    opened, closed = text.count("``"), text.count("''")
    if opened or closed:  # newswire ``quotes''
        return "``" + text if closed > opened else text
    marks = [(i, ch) for i, ch in enumerate(text) if ch in '“”"']
    if len(marks) % 2 == 0:
        return text
    i, ch = marks[0]
    closing = ch == "”" or (ch == '"' and i > 0 and not text[i - 1].isspace())
    if closing:  # the quotation began in the sentence before
        return ("“" if ch == "”" else '"') + text
    return text


def compress(text: str, *, keep_connective: bool = False, continues: bool = False) -> str:
    """The sentence with datelines, parentheticals and connectives removed. Attributions stay.
    ``continues``: the sentence goes on a quotation the summary's sentence before opened (kept
    as printed: no connective removed, no quotation mark restored)."""
    if continues:
        return re.sub(r"\s{2,}", " ", strip_parentheticals(text.strip())).strip()
    out = strip_dateline(text.strip())
    out = strip_parentheticals(out)
    if not keep_connective:
        out = strip_connective(out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    return balance_quotes(_upper_first(out))
