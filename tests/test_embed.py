"""The default encoder loads offline, encodes each text once, and gives unit vectors."""

from __future__ import annotations

import numpy as np

from crossread.encoder import get_encoder


def test_static_encoder_is_offline_cached_and_normalised() -> None:
    encoder = get_encoder("static")
    texts = [
        "Putin visited the Khmeimim air base in Syria.",
        "Putin paid a surprise visit to the Hmeymim airbase.",
        "The recipe needs two eggs and some flour.",
    ]
    before = encoder.encoded
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, encoder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.3  # same event, different spelling beats an unrelated text
    again = encoder.encode([texts[1], texts[0], texts[1]])
    assert encoder.encoded == before + 3  # nothing encoded twice
    assert np.allclose(again[1], vectors[0])


def test_cache_overflow_keeps_answers_right() -> None:
    encoder = get_encoder("static")
    old = encoder.max_cache
    encoder.max_cache = 4
    try:
        first = encoder.encode(["a b c", "d e f"])
        mixed = encoder.encode(["a b c", "g h i", "j k l", "m n o"])
        assert np.allclose(mixed[0], first[0])
    finally:
        encoder.max_cache = old


def test_static_model_reads_exactly_as_model2vec() -> None:
    """The encoder reads the model without importing model2vec (which pulls in
    huggingface_hub at start-up): the vectors must be bit-identical to model2vec's."""
    import numpy as np
    import pytest

    model2vec = pytest.importorskip("model2vec")
    from importlib import resources
    from pathlib import Path

    from crossread.encoder import StaticModel

    path = Path(str(resources.files("crossread.data").joinpath("static_minilm")))
    example = Path(__file__).resolve().parents[1] / "examples" / "putin-syria-2017"
    texts = [
        line for p in sorted(example.glob("*.txt")) for line in p.read_text().split("\n") if line
    ]
    texts += ["", "  ", "x" * 6000, "naïve café 東京 " * 300, "Hello world.", "[UNK] zzqxj"]
    ours = StaticModel(path).encode(texts)
    theirs = model2vec.StaticModel.from_pretrained(str(path)).encode(texts, show_progress_bar=False)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert np.array_equal(ours, theirs)
