"""The command line as a user meets it: real processes, real files, one-line errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from cli_helpers import run

REPO = Path(__file__).resolve().parents[1]


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def test_help_is_quick_and_lists_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("summarize", "check"):
        assert command in result.stdout


def test_example_terminal_summary_cites_sources_and_drops_appeals(example_dir: Path) -> None:
    result = run("summarize", str(example_dir), "--no-check")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Sources" in out
    assert "[1]" in out and "[5]" in out
    for junk in ("newsletter", "Dear readers", "support us monthly", "Remind me later"):
        assert junk.lower() not in out.lower()
    assert_no_traceback(result)


def test_example_json_every_sentence_cited_and_several_cite_many(example_dir: Path) -> None:
    result = run("summarize", str(example_dir), "--format", "json", "--no-check")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ids = {a["id"] for a in data["articles"]}
    assert len(ids) == 5
    assert data["summary"], "no summary"
    words = sum(len(s["text"].split()) for s in data["summary"])
    assert 80 <= words <= 120  # within the budget (counted on the summary text), mostly filled
    for sentence in data["summary"]:
        assert sentence["citations"], sentence
        assert set(sentence["citations"]) <= ids
        assert sentence["from"]["article"] in sentence["citations"]
    assert any(len(s["citations"]) >= 3 for s in data["summary"])


def test_words_option_changes_length(example_dir: Path) -> None:
    short = json.loads(
        run("summarize", str(example_dir), "-f", "json", "-w", "40", "--no-check").stdout
    )
    long = json.loads(
        run("summarize", str(example_dir), "-f", "json", "-w", "250", "--no-check").stdout
    )
    n_short = sum(len(s["text"].split()) for s in short["summary"])
    n_long = sum(len(s["text"].split()) for s in long["summary"])
    assert n_short < n_long


def test_html_is_self_contained_with_clickable_citations(example_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = run("summarize", str(example_dir), "--out", str(out), "--no-check")
    assert result.returncode == 0, result.stderr
    html = out.read_text()
    assert html.startswith("<!doctype html>")
    assert 'class="cite"' in html and 'class="pop"' in html
    assert "<blockquote" in html
    assert "src=" not in html and "<link" not in html  # nothing fetched from elsewhere


def test_stdin_is_read(example_dir: Path) -> None:
    text = (example_dir / "002_e238095528dfc270.txt").read_text()
    result = run("summarize", "-", "-f", "json", "--no-check", stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]


def test_missing_and_empty_inputs_give_one_line_errors(tmp_path: Path, example_dir: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    result = run("summarize", str(tmp_path / "nope.txt"), str(empty), str(binary))
    assert result.returncode == 1
    assert_no_traceback(result)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert any("nope.txt" in line for line in lines)
    assert any("empty.txt" in line for line in lines)
    assert any("photo.txt" in line for line in lines)


def test_one_good_article_among_bad_ones_still_summarised(
    tmp_path: Path, example_dir: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text((example_dir / "000_1cdbda219f87934d.txt").read_text())
    for i in range(9):
        (folder / f"bad{i}.txt").write_bytes(b"\x00\xff" * 100 if i % 2 else b"")
    result = run("summarize", str(folder), "-f", "json", "--no-check")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]
    assert result.stderr.count("bad") >= 9
    assert_no_traceback(result)


def test_bad_option_value_is_one_line() -> None:
    result = run("summarize", "examples/putin-syria-2017", "--words", "0")
    assert result.returncode != 0
    assert "words" in result.stderr
    assert_no_traceback(result)


@pytest.mark.slow
def test_batch_jsonl_streams_and_skips_a_bad_line(tmp_path: Path, example_dir: Path) -> None:
    docs = [p.read_text() for p in sorted(example_dir.glob("*.txt"))]
    src = tmp_path / "in.jsonl"
    with src.open("w") as handle:
        handle.write(json.dumps({"id": "putin", "documents": docs}) + "\n")
        handle.write("{not json\n")
        handle.write(json.dumps({"id": "pair", "documents": docs[2:4]}) + "\n")
    out = tmp_path / "out.jsonl"
    result = run("summarize", "--jsonl", str(src), "--out", str(out), "--words", "60")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["putin", "pair"]
    for row in rows:
        assert row["summary"].count("\n") + 1 == len(row["sentences"])
        assert all(s["citations"] for s in row["sentences"])
    assert "in.jsonl" in result.stderr and "2" in result.stderr  # the bad line is named
    assert_no_traceback(result)


def test_a_mixed_pile_is_not_mashed_into_one_summary(example_dir: Path) -> None:
    """Five Putin reports and three flood reports: the largest story is summarised, the other
    is named in the notes and in JSON, and no summary sentence comes from it."""
    import json

    other = REPO / "tests" / "data" / "engine_other_story.jsonl"
    result = run("summarize", str(example_dir), str(other), "--no-check", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    storm = {"storm-1", "storm-2", "storm-3"}
    assert data["other_stories"] == [
        {"title": data["other_stories"][0]["title"], "articles": sorted(storm)}
    ]
    assert any("2 stories" in n for n in data["notes"])
    assert not storm & {a["id"] for a in data["articles"]}
    assert all(s["from"]["article"] not in storm for s in data["summary"])
    # one story alone: no such note
    alone = json.loads(run("summarize", str(example_dir), "--no-check", "--format", "json").stdout)
    assert "other_stories" not in alone and not any("stories" in n for n in alone["notes"])
