"""Extractive multi-document summary with citations.

1. Articles that are not news reports (tweets, video-page text, error pages) are set
   aside when real articles remain (``features.junk_score``).
2. Every sentence is scored by a small ridge model (``data/scorer.json``, trained by
   ``bench/train_scorer.py`` on Multi-News train) over ``features.FEATURE_NAMES``:
   cross-source support, position, informativeness.
3. Sentences are chosen greedily by concept coverage (Gillick & Favre / Lin & Bilmes
   style): each step takes the candidate with the best standardised learned score plus
   the weight of the content words and bigrams it adds that the summary does not yet
   cover, per word (a concept weighs the number of articles that carry it; concepts of a
   single article weigh nothing). Skipped: sentences too similar to one already taken
   (TF-IDF cosine >= ``options.redundancy_threshold``), any that opens with a pronoun
   whose antecedent is not in the summary, and cut-off ones ending in "...".
   Selection stops when no candidate fits the rest of ``options.words``.
4. The chosen sentences are put in story order (position in their article, then
   article order), trimmed by deletion only (``crossread.summary.compress``), and each cites
   every article that carries the same information: the source sentence, then the
   best-matching sentence of each other article whose similarity reaches
   ``options.cite_threshold``. Similarity = mean of the encoder cosine
   (``options.encoder``, "static" by default) and the TF-IDF cosine: on the example
   story, sentences reporting the same fact score 0.57-0.74, same-topic sentences
   with other facts 0.37-0.55.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from crossread.attribution import quotation_units, quotations, readability
from crossread.ingest.clean import boilerplate
from crossread.ingest.split import split
from crossread.model import Article, Brief, Citation, Sentence, SummarySentence
from crossread.options import DEFAULT, Options
from crossread.settings import load_json
from crossread.summary.citation import Carrier, Disagreement, carriers
from crossread.summary.compress import compress
from crossread.summary.features import (
    FEATURE_NAMES,
    StoryMatrix,
    junk_score,
    sentence_features,
    story_matrix,
    words,
)
from crossread.summary.lead import junk_sentence, lead_ok
from crossread.summary.order import story_order
from crossread.text.script import count_words, ends_unmarked
from crossread.text.shapes import title_case
from crossread.text.words import stop_words, tokens

_PARAMS = load_json("summary.json")  # each value is explained in the file
JUNK_THRESHOLD: float = _PARAMS["junk_threshold"]
MIN_WORDS: int = _PARAMS["min_words"]
MAX_WORDS: int = _PARAMS["max_words"]
MAX_INDEX: int = _PARAMS["max_index"]
COVERAGE_LAMBDA: float = _PARAMS["coverage_lambda"]
TFIDF_STANDIN: float = _PARAMS["tfidf_standin"]
CITE_PREFILTER: float = _PARAMS["cite_prefilter"]
MEANING_REDUNDANCY: float = _PARAMS["meaning_redundancy"]
QUOTATION_UNIT: int = _PARAMS["quotation_unit"]
DENSE_CANDIDATES = 3000  # up to this many candidates, their cosines are one dense matrix (36 MB)
TERMINAL = ".!?\"”’'。！？」』"  # a candidate ends like a sentence
ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"”’']?\s*$")  # ... but not a cut-off one ("known...")


@dataclass(frozen=True)
class Scorer:
    """A linear model over standardised sentence features."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float

    def score(self, features: np.ndarray) -> np.ndarray:
        if features.size == 0:
            return np.zeros(features.shape[0], dtype=np.float32)
        return ((features - self.mean) / self.scale) @ self.weights + self.intercept


@lru_cache(maxsize=1)
def load_scorer() -> Scorer:
    """The trained scorer shipped in ``crossread/data/scorer.json`` (offline, loaded once)."""
    raw = load_json("scorer.json")
    names = tuple(raw["features"])
    index = {n: i for i, n in enumerate(FEATURE_NAMES)}
    missing = [n for n in names if n not in index]
    if missing:
        raise ValueError(f"scorer.json uses unknown features: {missing}")
    # align the stored weights with FEATURE_NAMES (features the model does not use weigh 0)
    k = len(FEATURE_NAMES)
    mean, scale, weights = np.zeros(k), np.ones(k), np.zeros(k)
    for j, n in enumerate(names):
        i = index[n]
        mean[i], scale[i], weights[i] = raw["mean"][j], raw["scale"][j], raw["weights"][j]
    return Scorer(
        names=FEATURE_NAMES,
        mean=mean.astype(np.float32),
        scale=np.where(scale > 0, scale, 1.0).astype(np.float32),
        weights=weights.astype(np.float32),
        intercept=float(raw["intercept"]),
    )


@dataclass(frozen=True)
class Scored:
    """A story's sentences with their matrices and scores (for the summary and the benchmark)."""

    matrix: StoryMatrix  # TF-IDF cosines through matrix.similarity_rows (never all n x n)
    scores: np.ndarray
    articles: tuple[Article, ...]
    skipped: tuple[Article, ...]  # set aside as junk


def _by_junk(articles: Sequence[Article]) -> tuple[list[tuple[Article, float]], list[Article]]:
    """(articles to summarise with their junk scores, articles set aside as junk)."""
    scored = [(a, junk_score(a.text)) for a in articles if a.text.strip()]
    good = [(a, j) for a, j in scored if j < JUNK_THRESHOLD]
    if not good:
        return scored, []
    return good, [a for a, j in scored if j >= JUNK_THRESHOLD]


def usable_articles(articles: Sequence[Article]) -> tuple[list[Article], list[Article]]:
    """(articles to summarise, articles set aside as junk) — junk only goes when others remain."""
    good, skipped = _by_junk(articles)
    return [a for a, _ in good], skipped


def score_story(articles: Sequence[Article]) -> Scored:
    """Split, featurise and score every sentence of the usable articles."""
    good, skipped = _by_junk(articles)
    kept = [a for a, _ in good]
    per_article = [split(a) for a in kept]
    sm = story_matrix(per_article)
    feats = sentence_features(sm, junk=[j for _, j in good])
    scores = load_scorer().score(feats)
    return Scored(sm, np.asarray(scores), tuple(kept), tuple(skipped))


def _eligible(sentence: Sentence, n_words: int) -> bool:
    if sentence.index >= MAX_INDEX or n_words < MIN_WORDS or n_words > MAX_WORDS:
        return False
    text = sentence.text.rstrip()
    # headline, caption, cut off (Thai and Lao end sentences with a space, not a mark)
    if (text[-1:] not in TERMINAL and not ends_unmarked(text)) or ELLIPSIS.search(text):
        return False
    if _heading(text) or boilerplate(text):  # junk never reaches a summary, cleaned or not
        return False
    return not ("@" in text or junk_sentence(text))


def who_said_it(
    scored: Scored,
) -> tuple[dict[tuple[str, int], str], dict[tuple[str, int], tuple[int, ...]]]:
    """(article, sentence) -> "never" | "needs_previous" for the sentences whose quotation
    would lose its speaker on its own (``crossread.attribution.readability``): one from inside a
    quotation that opened earlier, one that opens a quotation going on after it, a bare quote
    whose speaker is named in the sentence before or nowhere, a "he said" quote; and the
    quotations that may be taken whole instead (opening sentence -> its sentences)."""
    by_article: dict[str, list[Sentence]] = {}
    for s in scored.matrix.sentences:
        by_article.setdefault(s.article_id, []).append(s)
    out: dict[tuple[str, int], str] = {}
    units: dict[tuple[str, int], tuple[int, ...]] = {}
    for article in scored.articles:
        sents = by_article.get(article.id)
        if not sents:
            continue
        # only candidates are asked about (the first MAX_INDEX sentences): the text after the
        # sentence that follows them is not read (the attribution pass is the costliest step)
        sents = [x for x in sents if x.index <= MAX_INDEX]
        head = replace(article, text=article.text[: sents[-1].end]) if sents else article
        quotes = quotations(head, sents)
        marks = readability(quotes, sents)
        out.update(((article.id, i), status) for i, status in marks.items())
        units.update(
            ((article.id, i), u) for i, u in quotation_units(quotes, QUOTATION_UNIT).items()
        )
    return out, units


def _with_previous(sm: StoryMatrix, row_of: dict, quoted: dict, i: int) -> list[int]:
    """[previous row, i] when the sentence before i in its article can be read on its own."""
    s = sm.sentences[i]
    prev = row_of.get((s.article_id, s.index - 1))
    if prev is None:
        return []
    p = sm.sentences[prev]
    if quoted.get(p.key) or _dangling(p.text) or not _eligible(p, int(sm.n_words[prev])):
        return []
    return [int(prev), i]


def _dangling(text: str) -> bool:
    """Opens with "He", "They", "Her ...": who that is is lost without the sentence before."""
    toks = tokens(text)
    return bool(toks) and toks[0] in words()["dangling_pronouns"]


def _heading(text: str) -> bool:
    """A subheading such as "What Was Russia Doing in Syria?" (mostly capitalised words)."""
    return title_case(text.split(), "heading")


@lru_cache(maxsize=16384)
def _concepts(text: str) -> frozenset[str]:
    """The content unigrams and bigrams of a text (a bigram may hold one stopword)."""
    stop = stop_words("summary")
    toks = [t.removesuffix("'s") for t in tokens(text)]
    out = {t for t in toks if t not in stop and len(t) > 1}
    out.update(
        f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False) if a not in stop or b not in stop
    )
    return frozenset(out)


def concept_weights(sm: StoryMatrix) -> dict[str, float]:
    """Each concept found in at least two articles, weighted by how many articles have it."""
    per_article: list[set[str]] = [set() for _ in range(sm.n_articles)]
    for i, s in enumerate(sm.sentences):
        per_article[int(sm.article_of[i])].update(_concepts(s.text))
    df: dict[str, int] = {}
    for concepts in per_article:
        for c in concepts:
            df[c] = df.get(c, 0) + 1
    return {c: float(d) for c, d in df.items() if d >= 2}


def select(scored: Scored, options: Options) -> dict[int, str]:
    """The chosen sentences (``_greedy``), the first of them the opening: a lead that stands
    alone (``crossread.summary.lead.lead_ok``). When greedy selection took none, it is run again
    with its first pick limited to such leads."""
    pool = _candidates(scored, options)
    chosen = _greedy(scored, options, pool, force_lead=False)
    if _opening(scored, chosen) is None and pool.leads().any():
        forced = _greedy(scored, options, pool, force_lead=True)
        if _opening(scored, forced) is not None:
            return forced
    return chosen


def _opening(scored: Scored, chosen: dict[int, str]) -> int | None:
    """The chosen sentence that opens the summary: the best-scored one that may."""
    sm = scored.matrix
    able = [i for i, text in chosen.items() if lead_ok(sm.sentences[i], text)]
    return max(able, key=lambda i: (float(scored.scores[i]), -i)) if able else None


@dataclass(frozen=True)
class _Pool:
    """The candidates of one story, best-scored first, with what greedy selection needs."""

    # row, summary text, words, concepts, members (a quotation taken whole: its rows, texts)
    items: list[tuple[int, str, int, set[str], tuple[tuple[int, str], ...]]]
    weights: dict[str, float]
    rows: np.ndarray
    similarity: object  # candidate x candidate TF-IDF cosines: dense, or sparse rows
    sentences: tuple[Sentence, ...]
    quoted: dict[tuple[str, int], str]  # crossread.attribution: quotes that lose their speaker

    def leads(self) -> np.ndarray:
        """Which candidates may open the summary (only asked when greedy took none)."""
        return np.asarray([lead_ok(self.sentences[it[0]], it[1]) for it in self.items], dtype=bool)


def _candidates(scored: Scored, options: Options) -> _Pool:
    sm = scored.matrix
    raw = np.asarray(scored.scores, dtype=np.float64)
    weights = concept_weights(sm)
    budget = options.words
    items: list[tuple[int, str, int, set[str], tuple[tuple[int, str], ...]]] = []
    seen_text: set[str] = set()
    quoted, units = who_said_it(scored)
    row_of = {s.key: r for r, s in enumerate(sm.sentences)}
    for i in np.argsort(-raw, kind="stable"):
        s = sm.sentences[i]
        if not _eligible(s, int(sm.n_words[i])):
            continue
        members: tuple[tuple[int, str], ...]
        if quoted.get(s.key) == "never":
            # a two-sentence quotation whose second sentence names the speaker: taken whole
            unit = units.get(s.key)
            rows_ = [row_of.get((s.article_id, j)) for j in unit] if unit else []
            if rows_ and None not in rows_ and unit[0] != s.index:
                p_ = sm.sentences[rows_[0]]
                if quoted.get(p_.key) or _dangling(p_.text):
                    rows_ = []
            if not rows_ or None in rows_:
                # or with the sentence before it, which may name the speaker
                rows_ = _with_previous(sm, row_of, quoted, int(i))
                if not rows_:
                    continue
            members = tuple(
                (
                    int(r),
                    compress(sm.sentences[r].text, continues=k > 0)
                    if options.compress
                    else sm.sentences[r].text,
                )
                for k, r in enumerate(rows_)
            )
        else:
            members = ((int(i), compress(s.text) if options.compress else s.text),)
        norm = " ".join(tokens(s.text))
        if norm in seen_text:
            continue
        seen_text.add(norm)
        text = " ".join(t for _, t in members)
        n_words = count_words(text)
        if n_words < MIN_WORDS or n_words > budget:
            continue
        concepts = {c for c in _concepts(text) if c in weights}
        items.append((int(i), text, n_words, concepts, members))
        if len(members) == 1 and (
            _dangling(s.text) or quoted.get(s.key) == "needs_previous"
        ):  # it needs the sentence before: also offered together with it
            pair = _with_previous(sm, row_of, quoted, int(i))
            if pair:
                both = tuple(
                    (
                        r,
                        compress(sm.sentences[r].text, continues=k > 0)
                        if options.compress
                        else sm.sentences[r].text,
                    )
                    for k, r in enumerate(pair)
                )
                text2 = " ".join(t for _, t in both)
                n2 = count_words(text2)
                if n2 <= min(budget, MAX_WORDS * 2):
                    concepts2 = {c for c in _concepts(text2) if c in weights}
                    items.append((int(i), text2, n2, concepts2, both))
    rows = np.asarray([c[0] for c in items], dtype=np.int64)
    sub = sm.tfidf[rows]
    # candidate x candidate cosines: dense while small (bounded memory, issue 16), else rows
    similarity = (sub @ sub.T).toarray() if len(rows) <= DENSE_CANDIDATES else sub
    return _Pool(items, weights, rows, similarity, sm.sentences, quoted)


def _greedy(scored: Scored, options: Options, pool: _Pool, force_lead: bool) -> dict[int, str]:
    """The chosen sentences, best first: index -> summary text (compressed when
    ``options.compress``), within the word budget counted on the summary text.

    Greedy concept coverage: each step takes the candidate with the highest
    ``COVERAGE_LAMBDA * z + (weight of its concepts not yet covered) / words``, where z is
    its learned score standardised within the story and a concept's weight is the number
    of articles that carry it (``concept_weights``). Skipped: candidates too similar to a
    chosen one in words (TF-IDF) or in meaning (mean of encoder and TF-IDF cosines).
    """
    sm = scored.matrix
    candidates, weights, rows = pool.items, pool.weights, pool.rows
    if not candidates:
        return {}
    raw = np.asarray(scored.scores, dtype=np.float64)
    z = (raw - raw.mean()) / (raw.std() + 1e-9)
    budget = options.words
    chosen: dict[int, str] = {}
    chosen_keys: set[tuple[str, int]] = set()
    lengths = np.asarray([c[2] for c in candidates], dtype=np.float64)
    prior = COVERAGE_LAMBDA * z[rows]
    gains = np.asarray([sum(weights[c] for c in c_[3]) for c_ in candidates], dtype=np.float64)
    open_ = np.ones(len(candidates), dtype=bool)
    max_sim = np.zeros(len(candidates))
    vectors = _LazyVectors([sm.sentences[i].text for i in rows], options)
    picked: list[int] = []
    covered: set[str] = set()
    used = 0
    while True:
        ok = open_ & (lengths <= budget - used) & (max_sim < options.redundancy_threshold)
        if not chosen and force_lead:
            ok &= pool.leads()
        best = -1
        order = np.argsort(
            -np.where(ok, prior + gains / np.maximum(lengths, 1), -np.inf), kind="stable"
        )
        for k in order:
            if not ok[k]:
                break
            s = sm.sentences[rows[k]]
            needs_previous = _dangling(s.text) or pool.quoted.get(s.key) == "needs_previous"
            with_previous = candidates[k][4][0][0] != rows[k]  # taken with the one before
            if (
                needs_previous
                and not with_previous
                and ((s.article_id, s.index - 1) not in chosen_keys)
            ):
                continue
            if any(r in chosen for r, _ in candidates[k][4]):
                continue  # part of a quotation already taken
            # the same statement in other words? (an encoder cosine is at most 1, so only a
            # candidate sharing enough words with a chosen one can reach the threshold)
            tf = _similarity_row(pool, int(k))[picked] if picked else np.zeros(0)
            near = tf >= 2.0 * MEANING_REDUNDANCY - 1.0
            if near.any() and vectors.enabled:
                vectors.need([int(k)])
                close = [p_ for p_, n_ in zip(picked, near, strict=True) if n_]
                meaning = (vectors.get(close) @ vectors.get([int(k)])[0] + tf[near]) / 2.0
                if float(meaning.max()) >= MEANING_REDUNDANCY:
                    open_[k] = False  # chosen ones only grow: it stays redundant
                    continue
            best = int(k)
            break
        if best < 0:
            break
        i, text, n_words, concepts, members = candidates[best]
        for r, t in members:
            chosen[r] = t
            chosen_keys.add(sm.sentences[r].key)
        open_[best] = False
        picked.append(best)
        vectors.need([best])  # (a batch of one: the encoder caches by text for citing)
        if len(members) > 1:  # a quotation taken whole: the nearest of its sentences counts
            row = sm.similarity_rows([r for r, _ in members]).max(axis=0)[rows]
        else:
            row = _similarity_row(pool, best)
        max_sim = np.maximum(max_sim, row)
        new = concepts - covered
        covered |= new
        if new:
            for k, c_ in enumerate(candidates):
                if open_[k] and not new.isdisjoint(c_[3]):
                    gains[k] -= sum(weights[c] for c in c_[3] & new)
        used += n_words
    return chosen


def _similarity_row(pool: _Pool, k: int) -> np.ndarray:
    """TF-IDF cosines of candidate k to every candidate."""
    if isinstance(pool.similarity, np.ndarray):
        return pool.similarity[k]
    return (pool.similarity[k] @ pool.similarity.T).toarray().ravel()


class _LazyVectors:
    """Encoder vectors of the candidates, encoded only when a candidate is about to be taken
    (in batches of the next ones in line): most candidates are never looked at."""

    def __init__(self, texts: list[str], options: Options) -> None:
        self.texts = texts
        self.enabled = options.encoder != "tfidf" and bool(texts)
        self.encoder_name = options.encoder
        self.known: dict[int, np.ndarray] = {}

    def need(self, ks: Sequence[int] | np.ndarray) -> None:
        missing = [int(k) for k in ks if int(k) not in self.known]
        if not self.enabled or not missing:
            return
        from crossread.encoder import get_encoder

        encoded = get_encoder(self.encoder_name).encode([self.texts[k] for k in missing])
        for k, v in zip(missing, np.asarray(encoded, dtype=np.float32), strict=True):
            self.known[k] = v

    def get(self, ks: Sequence[int]) -> np.ndarray:
        return np.stack([self.known[k] for k in ks])


def cite(scored: Scored, chosen: list[int], options: Options) -> dict[int, list[tuple[int, float]]]:
    """For each chosen sentence: (evidence sentence, strength) of every article carrying it,
    the sentence itself first (strength 1.0). See ``crossread.summary.citation``."""
    return {
        i: [(i, 1.0)] + [(c.row, c.strength) for c in found]
        for i, (found, _) in cite_all(scored, chosen, options).items()
    }


def cite_all(
    scored: Scored, chosen: list[int], options: Options
) -> dict[int, tuple[list[Carrier], list[Disagreement]]]:
    """Carriers and disagreeing articles of each chosen sentence.

    Candidates are the sentences of other articles that share content words with the
    chosen one (TF-IDF cosine >= ``CITE_PREFILTER``); only those are encoded.
    """
    sm = scored.matrix
    if not chosen:
        return {}
    tfidf = sm.similarity_rows(chosen)
    candidates = (tfidf >= CITE_PREFILTER) & (
        sm.article_of[None, :] != sm.article_of[chosen][:, None]
    )
    # the "encoder half": an embedding cosine, or for encoder="tfidf" a TF-IDF stand-in
    encoded = np.minimum(tfidf + TFIDF_STANDIN, 1.0)
    if options.encoder != "tfidf":
        cols = np.flatnonzero(candidates.any(axis=0))
        encoded = np.zeros_like(tfidf)
        if len(cols):
            from crossread.encoder import get_encoder

            encoder = get_encoder(options.encoder)
            rows = encoder.encode([sm.sentences[i].text for i in chosen])
            others = encoder.encode([sm.sentences[j].text for j in cols])
            encoded[:, cols] = rows @ others.T
    return carriers(sm, chosen, options, np.where(candidates, tfidf, 0.0), encoded)


def summarize(articles: Sequence[Article], options: Options = DEFAULT) -> Brief:
    """A cited extractive summary of one story within ``options.words`` words."""
    articles = tuple(articles)
    if not articles:
        return Brief(articles=(), summary=(), notes=("no article to summarise",))
    scored = score_story(articles)
    reading = tuple(f"{a.id}: {v}" for a in articles for k, v in a.meta if k == "reading")
    notes = reading + tuple(
        f"{a.id}: set aside, it does not read like a news report (tweet, video page, error page)"
        for a in scored.skipped
    )
    sm = scored.matrix
    texts = select(scored, options)
    chosen = story_order(sm.sentences, list(texts), _opening(scored, texts), sm.article_of, texts)
    found = cite_all(scored, chosen, options)
    summary = []
    for i in chosen:
        s = sm.sentences[i]
        carried, disagreeing = found.get(i, ([], []))
        own = Citation(article_id=s.article_id, sentence_index=s.index, text=s.text)
        citations = (own,) + tuple(
            Citation(
                article_id=sm.sentences[c.row].article_id,
                sentence_index=sm.sentences[c.row].index,
                text=sm.sentences[c.row].text,
                similarity=round(c.similarity, 3),
                strength=c.strength,
            )
            for c in carried
        )
        disputed = tuple(
            Citation(
                article_id=sm.sentences[d.row].article_id,
                sentence_index=sm.sentences[d.row].index,
                text=sm.sentences[d.row].text,
                similarity=0.0,
                strength=0.0,
            )
            for d in disagreeing
        )
        summary.append(
            SummarySentence(
                text=texts[i],
                source=s,
                citations=citations,
                score=float(scored.scores[i]),
                disputed=disputed,
            )
        )
    title = next((a.title for a in scored.articles if a.title), "") or ""
    if not summary:
        notes += ("no sentence fits a summary (each is too short, too long, or not a sentence)",)
    return Brief(articles=articles, summary=tuple(summary), title=title, notes=notes)
