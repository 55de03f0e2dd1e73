"""Reader defects per 100 summary sentences (issue 11): does a reader know who said what?

    .venv/bin/python bench/readers.py                 # dev, 250 words: crossread and sumy LexRank
    .venv/bin/python bench/readers.py --show 20       # also print 20 defects of each system

Each summary (cut to the budget, one sentence per line, as in bench/quality.py) is read with the
source sentence each of its sentences comes from (the source sentence with the most words in
common; crossread only deletes, LexRank copies). Three defects, found by simple rules written for
this benchmark, independent of crossread's attribution code (it must not grade itself):

(a) bare quotation: the sentence carries quoted words (4+ words between quotation marks, or a
    mark it opens or closes; a title in quotation marks, every word capitalised, does not
    count) and no attribution of its own (no speech or citing verb, no
    "according to", no colon introducing the quote), the summary sentence before it is not
    the source sentence before it (which could carry the attribution), and the summary sentence
    after it is not the source sentence after it with an attribution (“A. ¶ B,” she said).
(b) inside an unopened quotation: in the source, the sentence starts inside a quotation that
    opened in an earlier sentence (quotation marks counted from the start of the paragraph), the
    summary sentence does not open with a quotation mark, and the summary sentence before it is
    not the source sentence before it. Someone's words read as the summary's own.
(c) dangling pronoun or "he said": the sentence opens with he/she/they/his/her/their/him/them,
    or names its speaker only as "he said"/"she told"/"said he" and the like with no name before
    it in the sentence, and the person it refers to is missing: the last name (a capitalised word
    not at a sentence start) in the two source sentences before it is not in the summary sentence
    before it, and that summary sentence is not the source sentence before it.
Also counted, not a target: (d) a quotation closed by the summary although it goes on in the
source (the sentence ends with a closing mark its source sentence does not have).

Results: bench/results/readers.md (with the command).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import DEV, crossread_system, cut, load, sumy_peer  # noqa: E402

from crossread.ingest.split import split  # noqa: E402
from crossread.model import Article, Sentence  # noqa: E402
from crossread.options import Options  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "readers.md"

# the benchmark's own word lists (deliberately not crossread's data files)
CUE = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|according to|wrote|writes|tweeted|posted|asked|"
    r"asks|explained|noted|stated|declared|announced|warned|insisted|argued|claimed|recalled|"
    r"replied|responded|continued|continues|concluded|acknowledged|admitted|confirmed|stressed|urged|"
    r"called|described|quoted|cited|testified|reported|reports|joked|quipped|mentioned|"
    r"commented|vowed|promised|predicted|suggested|wrote in|as saying|in a statement)\b",
    re.I,
)
PRONOUN_OPEN = re.compile(r"^[^\w“\"`]*(?:he|she|they|his|her|their|him|them)\b", re.I)
OPENERS = {"The", "A", "An", "In", "On", "At", "But", "And", "It", "This", "That", "After", "When"}
PRONOUN_CUE = re.compile(
    r"(?:\b(?:he|she|they)\s+(?:also\s+|later\s+)?(?:said|says|told|added|wrote|asked|explained|"
    r"noted|continued|concluded|recalled|replied|insisted|argued|warned|tweeted)\b)|"
    r"(?:\b(?:said|says|added|wrote|asked|continued|explained)\s+(?:he|she|they)\b)",
    re.I,
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|``.*?''")
MARK = re.compile(r"“|”|\"|``|''")
NAME = re.compile(r"(?<=[a-z,;:] )((?:[A-Z][\w'’\-]+)(?:\s+[A-Z][\w'’\-]+)*)")
WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower().replace("’", "'")))


class Source:
    """The sentences of one story's articles, with whether each starts inside a quotation."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.sentences: list[Sentence] = []
        self.texts: dict[str, str] = {}
        self.inside: dict[tuple[str, int], bool] = {}
        self.bags: list[set[str]] = []
        for a in articles:
            self.texts[a.id] = a.text
            for s in split(a):
                self.sentences.append(s)
                self.bags.append(words(s.text))
                para_start = a.text.rfind("\n", 0, s.start) + 1
                self.inside[s.key] = _open_at(a.text[para_start : s.start])
        self.by_key = {s.key: s for s in self.sentences}

    def find(self, text: str) -> Sentence | None:
        bag = words(text)
        if not bag:
            return None
        best, score = None, 0.0
        for s, b in zip(self.sentences, self.bags, strict=True):
            if not b:
                continue
            common = len(bag & b)
            sc = common / len(bag) + 0.01 * common / len(b)
            if sc > score:
                best, score = s, sc
        return best if score >= 0.6 else None

    def before(self, s: Sentence, n: int = 1) -> list[Sentence]:
        out = []
        for k in range(1, n + 1):
            p = self.by_key.get((s.article_id, s.index - k))
            if p is not None:
                out.append(p)
        return out


def _title(quoted: str) -> bool:
    """ "Orange Is the New Black": every word capitalised but short function words."""
    ws = [w for w in WORD.findall(quoted) if w not in {"the", "a", "an", "of", "and", "in", "to"}]
    caps = re.findall(r"\b[A-Z]", quoted)
    return bool(ws) and len(caps) >= len(ws)


def _open_at(prefix: str) -> bool:
    """Is a quotation open at the end of this stretch of a paragraph?"""
    curly = prefix.count("“") - prefix.count("”")
    wire = prefix.count("``") - prefix.count("''")
    straight = prefix.count('"') % 2
    return curly > 0 or wire > 0 or straight == 1


def defects(summary: Sequence[str], source: Source) -> list[tuple[str, str]]:
    """(kind, sentence) for each defect of one summary."""
    out: list[tuple[str, str]] = []
    prev_src: Sentence | None = None
    prev_text = ""
    found = [source.find(text) for text in summary]
    for n, text in enumerate(summary):
        src = found[n]
        nxt = found[n + 1] if n + 1 < len(summary) else None
        followed = (  # the next summary sentence is the next source sentence, with a cue
            src is not None
            and nxt is not None
            and nxt.article_id == src.article_id
            and nxt.index == src.index + 1
            and CUE.search(QUOTED.sub(" ", summary[n + 1])) is not None
        )
        chained = (
            src is not None
            and prev_src is not None
            and prev_src.article_id == src.article_id
            and prev_src.index == src.index - 1
        )
        marks = MARK.findall(text)
        quoted = [q for q in QUOTED.findall(text) if len(q.split()) >= 4 and not _title(q)]
        unbalanced = len(marks) % 2 == 1
        has_quote = bool(quoted) or (unbalanced and len(text.split()) >= 4)
        cue = CUE.search(QUOTED.sub(" ", text)) or re.search(r":\s*[“\"`]", text)
        if has_quote and not cue and not chained and not followed:
            out.append(("a", text))
        if (
            src is not None
            and source.inside.get(src.key)
            and not re.match(r"^\W*?(?:“|\"|``)", text)
            and not chained
        ):
            out.append(("b", text))
        opens, pc = PRONOUN_OPEN.search(text), PRONOUN_CUE.search(text)
        if (opens or pc) and not chained:
            names: list[str] = []
            if src is not None:
                context = " ".join(s.text for s in reversed(source.before(src, 2)))
                in_src = PRONOUN_CUE.search(src.text) if not opens else None
                names = NAME.findall(context + " " + (src.text[: in_src.start()] if in_src else ""))
            head = text[: pc.start()] if pc and not opens else ""
            named = [w for w in re.findall(r"\b[A-Z][\w'’\-]+", head) if w not in OPENERS]
            last = names[-1].split()[-1] if names else None
            if not named and (last is None or last not in prev_text):
                out.append(("c", text))
        if (
            src is not None
            and re.search(r"[”\"]\W*$", text)
            and not re.search(r"[”\"]\W*$", src.text)
            and unbalanced is False
            and src.text.count("“") > src.text.count("”")
        ):
            out.append(("d", text))
        prev_src, prev_text = src, text
    return out


def run(
    systems: dict[str, Callable[[list[Article]], list[str]]],
    stories: list,
    budget: int,
    show: int,
) -> list[tuple]:
    rows = []
    for name, fn in systems.items():
        counts = {"a": 0, "b": 0, "c": 0, "d": 0}
        n_sent = 0
        shown: list[tuple[str, str, str]] = []
        t0 = time.perf_counter()
        for sid, arts, _ in stories:
            summary = cut(fn(arts), budget)
            n_sent += len(summary)
            for kind, text in defects(summary, Source(arts)):
                counts[kind] += 1
                if len(shown) < show:
                    shown.append((sid, kind, text))
        per = {k: 100 * v / max(n_sent, 1) for k, v in counts.items()}
        rows.append((name, n_sent, counts, per, time.perf_counter() - t0))
        print(
            f"{name:40s} {n_sent:5d} sentences  a {per['a']:5.2f}  b {per['b']:5.2f}  "
            f"c {per['c']:5.2f}  (d {per['d']:5.2f})",
            file=sys.stderr,
        )
        for sid, kind, text in shown:
            print(f"   [{kind}] {sid}: {text[:160]}", file=sys.stderr)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--words", type=int, default=250)
    ap.add_argument("--show", type=int, default=0, help="print this many defects per system")
    ap.add_argument("--out", type=Path, default=RESULTS, help="results file ('-' for none)")
    args = ap.parse_args(argv)
    stories = load(args.data)
    systems = {
        "crossread": crossread_system(Options(words=args.words, check=False)),
        "sumy LexRank over all sentences": sumy_peer("lexrank"),
    }
    rows = run(systems, stories, args.words, args.show)
    if str(args.out) != "-":
        command = ".venv/bin/python bench/readers.py" + (
            f" --words {args.words}" if args.words != 250 else ""
        )
        lines = [
            "# Reader defects per 100 summary sentences (issue 11)",
            "",
            f"Command: `{command}`  ",
            f"Data: `{args.data.name}` ({len(stories)} stories), summaries cut to {args.words}"
            " words. Definitions: the docstring of bench/readers.py (rules over the summary"
            " text and its source sentences, independent of crossread's attribution code).",
            "",
            "| system | sentences | (a) bare quotation | (b) inside an unopened quotation |"
            " (c) dangling pronoun / he said | (d) quotation closed by the summary |",
            "|---|---|---|---|---|---|",
        ]
        for name, n, counts, per, _ in rows:
            lines.append(
                f"| {name} | {n} | {per['a']:.2f} ({counts['a']}) | {per['b']:.2f} ({counts['b']})"
                f" | {per['c']:.2f} ({counts['c']}) | {per['d']:.2f} ({counts['d']}) |"
            )
        lines += ["", "Target (issue 11): each of (a), (b), (c) <= 1 per 100 sentences.", ""]
        args.out.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
