"""One JSONL reader for every path: read(), `summarize FILE.jsonl`, `summarize --jsonl`,
`stories --jsonl`. The common field names are accepted, dates come out as YYYY-MM-DD, and
each bad line is one message naming file:line while every other line is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import assert_no_traceback, run

from crossread.ingest.sources import iter_story_records, read
from crossread.options import Options

STORIES = [
    (
        "President Vladimir Putin ordered Russian troops to withdraw from Syria during a "
        "surprise visit to a Russian airbase in the country on Monday morning, where he was "
        "greeted by Syrian President Bashar Assad."
    ),
    (
        "The Defense Ministry said last week that the embattled country had been completely "
        "liberated of Islamic State militants, two years after Russia entered the war."
    ),
    (
        "Giant pandas born in a breeding centre in Sichuan were released into the wild on "
        "Tuesday, the third release this year, officials at the reserve said."
    ),
    (
        "A storm brought heavy rain and strong winds to the northern coast overnight, cutting "
        "power to thousands of homes and closing two of the region's main roads."
    ),
]

MAX = 200_000  # --max-bytes for these files: every good line is shorter, one bad line longer


def bad_lines() -> dict[str, str]:
    """Each kind of bad line -> the words its message must contain."""
    return {
        "{not json": "not valid JSON",
        '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}": "digits",
        '{"a": ' * 20_000 + "1" + "}" * 20_000: "nested too deeply",
        json.dumps({"id": "dict", "text": {"p": "A dict where the text belongs."}}): "'text'",
        json.dumps({"id": "ttl", "text": STORIES[0], "headline": {"x": 1}}): "'headline'",
        json.dumps({"id": "arr", "text": STORIES[0], "id2": 1}).replace('"arr"', "[1]"): "'id'",
        json.dumps({"text": "y" * (MAX + 10)}): "byte limit",
        "[1, 2]": "expected a JSON object",
    }


def write_mixed(path: Path) -> tuple[Path, dict[int, str]]:
    """Good article lines (with the common field-name variants) between bad ones."""
    good = [
        {"id": "a", "text": STORIES[0], "title": "Putin in Syria", "publish_date": "2017-12-11"},
        {"id": 7, "body": STORIES[1], "headline": "IS defeated", "date": "December 11, 2017"},
        {"content": STORIES[2], "source": "Panda News", "published": "2017-12-12T08:00:00Z"},
        {"id": "d", "text": STORIES[3], "date": "sometime next week"},  # date dropped, kept
    ]
    lines: list[str] = []
    expect: dict[int, str] = {}
    bad = list(bad_lines().items())
    for i, rec in enumerate(good):
        lines.append(json.dumps(rec))
        for line, words in bad[i * 2 : i * 2 + 2]:
            lines.append(line)
            expect[len(lines)] = words
    lines.insert(2, "")  # a blank line is not an error
    expect = {(n + 1 if n >= 3 else n): w for n, w in expect.items()}
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + b'{"text": "\xff\xfe"}\n')
    expect[len(lines) + 1] = "not valid UTF-8"  # bytes replaced, then too short
    return path, expect


def assert_named(errors: list[str], path: Path, expect: dict[int, str]) -> None:
    for n, words in expect.items():
        hits = [e for e in errors if e.startswith(f"{path}:{n}:")]
        assert hits and any(words in e for e in hits), (n, words, errors)
    assert all("\n" not in e and "Traceback" not in e for e in errors)


def test_read_keeps_every_good_line_and_names_each_bad_one(tmp_path: Path) -> None:
    path, expect = write_mixed(tmp_path / "mixed.jsonl")
    result = read([str(path)], Options(max_bytes=MAX))
    got = {a.id: a for a in result.articles}
    assert sorted(got) == ["7", "a", "d", "mixed:8"]
    assert got["a"].published == "2017-12-11" and got["a"].title == "Putin in Syria"
    assert got["7"].published == "2017-12-11" and got["7"].title == "IS defeated"
    assert got["mixed:8"].published == "2017-12-12" and got["mixed:8"].outlet == "Panda News"
    assert got["d"].published is None
    assert any("sometime next week" in e and "dropped" in e for e in result.errors)
    assert_named(result.errors, path, expect)


def test_stories_jsonl_reads_the_same_way(tmp_path: Path) -> None:
    path, expect = write_mixed(tmp_path / "mixed.jsonl")
    out = tmp_path / "out.jsonl"
    result = run("stories", "--jsonl", str(path), "--out", str(out), "--max-bytes", str(MAX))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert sorted(r["id"] for r in rows) == ["7", "a", "d", "mixed:8"]
    errors = [x.removeprefix("crossread: ") for x in result.stderr.splitlines()]
    assert_named(errors, path, expect)
    assert_no_traceback(result)


def test_multinews_records_skip_bad_lines_and_keep_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "mds.jsonl"
    lines = [json.dumps({"id": "s1", "documents": STORIES[:2]})]
    bad = bad_lines()
    lines += list(bad)
    docs = [{"body": STORIES[2], "date": "nope"}, {"text": {"p": "x"}}, STORIES[3]]
    lines.append(json.dumps({"id": "s2", "documents": docs}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors: list[str] = []
    records = list(iter_story_records(str(path), errors.append, Options(max_bytes=MAX)))
    assert [sid for sid, _ in records] == ["s1", "s2"]
    assert [[a.id for a in arts] for _, arts in records] == [["s1#0", "s1#1"], ["s2#0", "s2#2"]]
    expect = {n: words for n, words in enumerate(bad.values(), start=2)}
    for n in (5, 6, 7):  # well-formed article lines are not stories
        expect[n] = "no 'documents' list"
    assert_named(errors, path, expect)
    assert any(e.startswith(f"{path}:{len(lines)} document 1: 'text' must be") for e in errors)
    assert any(e.startswith(f"{path}:{len(lines)} document 0: date 'nope'") for e in errors)


@pytest.mark.slow
def test_summarize_jsonl_skips_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "mds.jsonl"
    bad = list(bad_lines())
    lines = [json.dumps({"id": "s1", "documents": STORIES[:2]}), *bad[:3]]
    lines.append(json.dumps({"id": "s2", "documents": STORIES[2:]}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("summarize", "--jsonl", str(path), "--out", str(out), "--max-bytes", str(MAX))
    assert result.returncode == 0, result.stderr
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["s1", "s2"]
    for n in (2, 3, 4):
        assert f"{path}:{n}:" in result.stderr
    assert_no_traceback(result)


def test_publish_date_survives_summarize_jsonl_file(tmp_path: Path) -> None:
    """The evaluation data's field name: the date reaches the JSON output (real CLI)."""
    path = tmp_path / "arts.jsonl"
    recs = [
        {"id": f"p{i}", "text": s, "publish_date": f"2017-12-1{i}T09:30:00"}
        for i, s in enumerate(STORIES[:2])
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    result = run("summarize", str(path), "--format", "json", "--no-check", "--words", "40")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {a["id"]: a["published"] for a in doc["articles"]} == {
        "p0": "2017-12-10",
        "p1": "2017-12-11",
    }
