"""Never lose an article: real stores, real child processes, bad records among good ones.

Every case here lost articles before (issue 16): ids taken from file stems or upload names,
one bad record aborting a run, two writers on one store, ``--jsonl`` ignoring ``--db``,
a batch merging same-id texts; and terminal/Markdown output carrying what an article sent.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run

from crossread.ingest.identity import text_hash

REPO = Path(__file__).resolve().parents[1]

TOPICS = [
    ("Kelmsby", "flood", "river Wend burst its banks and water reached the market square"),
    ("Ardley", "fire", "a warehouse fire sent smoke over the ring road for hours"),
    ("Brantham", "election", "the council vote ended with a recount late at night"),
    ("Corvale", "strike", "bus drivers walked out over pay and the depot stayed shut"),
    ("Dunmere", "bridge", "engineers closed the old stone bridge after cracks appeared"),
    ("Eastwick", "festival", "the music festival sold every ticket within an hour"),
]


def article_text(topic: int, k: int) -> str:
    """A plain-text article: a headline and a body about one event (k-th report of it)."""
    town, what, detail = TOPICS[topic % len(TOPICS)]
    return (
        f"{town} {what}: report number {k}\n\n"
        f"In {town} on Tuesday {detail}, officials said. Report {k} of the {what} in {town} "
        f"quotes residents who described the {what} and the response of the emergency services. "
        f"The mayor of {town} said the {what} was the worst in {10 + k} years and promised help."
    )


def start(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), NO_COLOR="1")
    return subprocess.Popen(
        [sys.executable, "-m", "crossread.cli.main", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def stored(db: Path) -> dict[str, str]:
    """text hash -> id of every article in the store."""
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT text_hash, id FROM articles").fetchall())


def stories_of(db: Path) -> set[frozenset[str]]:
    """The stories of a store as sets of text hashes (ids aside)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT story_id, text_hash FROM articles").fetchall()
    groups: dict[str, set[str]] = {}
    for sid, h in rows:
        groups.setdefault(sid, set()).add(h)
    return {frozenset(g) for g in groups.values()}


def assert_clean(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr


# ------------------------------------------------------------------ identity


def test_same_file_name_in_two_folders_and_two_runs_keeps_every_text(tmp_path: Path) -> None:
    for i, folder in enumerate(["a", "b", "c"]):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "article.txt").write_text(article_text(i, 1), encoding="utf-8")
    db = tmp_path / "s.db"
    first = run("stories", str(tmp_path / "a"), str(tmp_path / "b"), "--db", str(db))
    assert_clean(first)
    assert first.returncode == 0
    # a later run: same stem, and standard input (always called "stdin"), different texts
    second = run("stories", str(tmp_path / "c"), "--db", str(db))
    third = run("stories", "-", "--db", str(db), stdin=article_text(3, 2))
    fourth = run("stories", "-", "--db", str(db), stdin=article_text(4, 2))
    for r in (second, third, fourth):
        assert_clean(r)
        assert r.returncode == 0
    texts = stored(db)
    assert len(texts) == 5
    assert len(set(texts.values())) == 5
    assert "taken by a different article" in second.stderr
    # the same text again changes nothing, whatever its name
    again = run("stories", "-", "--db", str(db), stdin=article_text(4, 2))
    assert "0 article(s) added, 1 already stored" in again.stderr
    assert len(stored(db)) == 5


def test_jsonl_lines_without_ids_all_stored_and_db_honoured(tmp_path: Path) -> None:
    src = tmp_path / "pile.jsonl"
    lines = [json.dumps({"text": article_text(i % 6, i)}) for i in range(12)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = tmp_path / "x" / "pile.jsonl"  # the same name elsewhere: name:line ids collide
    other.parent.mkdir()
    other.write_text(
        "\n".join(json.dumps({"text": article_text(i % 6, 100 + i)}) for i in range(12)) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    out = tmp_path / "labels.jsonl"
    for path in (src, other):
        r = run("stories", "--jsonl", str(path), "--db", str(db), "--out", str(out))
        assert_clean(r)
        assert r.returncode == 0
    assert len(stored(db)) == 24
    labels = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(labels) == 12 and all(x["story"] for x in labels)
    with sqlite3.connect(db) as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
    assert {x["id"] for x in labels} <= ids


# ------------------------------------------------------------------ bad records


BAD_RECORDS = [
    {"text": article_text(0, 50), "published": "0001-01-01", "title": "placeholder date"},
    {"text": article_text(1, 51), "title": {"en": "a dict"}},
    {"text": article_text(2, 52), "title": 12345},
    {"text": article_text(3, 53), "published": 1512950400},
    {"text": article_text(4, 54), "published": [2017]},
    {"text": 42},
]
GOOD_RECORDS = 3  # a wrong-typed title skips its record (the JSONL reader's rule); dates drop


def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"good{i}.txt").write_text(article_text(5, 60 + i), encoding="utf-8")
    (folder / "records.jsonl").write_text(
        "\n".join(json.dumps(r) for r in BAD_RECORDS) + "\n", encoding="utf-8"
    )
    name = os.fsencode(folder) + b"/caf\xe9-not-utf8.txt"
    with open(name, "wb") as f:
        f.write(article_text(0, 70).encode("utf-8"))
    return folder


GOOD_IN_BAD_FOLDER = 3 + GOOD_RECORDS + 1  # 3 files, the usable records, the odd name


def test_bad_records_never_abort_cli_stories_or_summarize(tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    db = tmp_path / "s.db"
    r = run("stories", str(folder), "--db", str(db))
    assert_clean(r)
    assert r.returncode == 0, r.stderr
    assert len(stored(db)) == GOOD_IN_BAD_FOLDER
    assert "'published' '0001-01-01' is not a plausible date" in r.stderr
    assert "records.jsonl:2: 'title' must be a string" in r.stderr
    with sqlite3.connect(db) as conn:
        dates = [r[0] for r in conn.execute("SELECT published FROM articles")]
    assert "0001-01-01" not in dates
    out = tmp_path / "brief.json"
    r = run("summarize", str(folder), "--format", "json", "--out", str(out))
    assert_clean(r)
    assert r.returncode == 0
    assert len(json.loads(out.read_text())["articles"]) == GOOD_IN_BAD_FOLDER


def test_bad_records_in_stories_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    good = [{"id": f"g{i}", "text": article_text(i, i)} for i in range(4)]
    src.write_text(
        "\n".join(json.dumps(r) for r in [*good[:2], *BAD_RECORDS, *good[2:]]) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "labels.jsonl"
    r = run("stories", "--jsonl", str(src), "--out", str(out))
    assert_clean(r)
    assert r.returncode == 0
    ids = [json.loads(x)["id"] for x in out.read_text().splitlines()]
    assert len(ids) == 4 + GOOD_RECORDS and {"g0", "g1", "g2", "g3"} <= set(ids)


def test_bad_records_and_same_ids_in_batch(tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    # same text under two ids in two shards; one id for two different texts in two shards
    (tmp_path / "s1.jsonl").write_text(
        json.dumps({"id": "dup", "text": article_text(1, 80)})
        + "\n"
        + json.dumps({"id": "same", "text": article_text(2, 81)})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "s2.jsonl").write_text(
        json.dumps({"id": "dup", "text": article_text(3, 82)})
        + "\n"
        + json.dumps({"id": "copy", "text": article_text(2, 81)})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = run(
        "batch",
        str(folder),
        str(tmp_path / "s1.jsonl"),
        str(tmp_path / "s2.jsonl"),
        "--out",
        str(out),
        "--workers",
        "1",
    )
    assert_clean(r)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    articles = [
        a
        for p in sorted(out.glob("part-*.jsonl"))
        for line in p.open()
        for a in json.loads(line)["articles"]
    ]
    assert manifest["articles"] == len(articles) == GOOD_IN_BAD_FOLDER + 3
    assert len({a["id"] for a in articles}) == len(articles)
    hashes = [text_hash(a["text"]) for a in articles]
    assert len(set(hashes)) == len(hashes)
    errors = (out / "errors.jsonl").read_text()
    assert "taken by a different text" in errors and "counted once" in errors


def test_web_app_uploads_with_non_latin_names_and_bad_records(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from crossread.server.app import create_app
    from crossread.server.config import ServeOptions

    db = tmp_path / "web.db"
    with TestClient(create_app(db, ServeOptions()), base_url="http://127.0.0.1") as client:
        names = ["новости.txt", "статья.txt", "新闻.txt"]
        files = [
            ("files", (n, article_text(i, 90 + i).encode("utf-8"), "text/plain"))
            for i, n in enumerate(names)
        ]
        files.append(
            (
                "files",
                ("records.jsonl", "\n".join(json.dumps(r) for r in BAD_RECORDS), "text/plain"),
            )
        )
        r = client.post("/api/articles", files=files)
        assert r.status_code == 200, r.text
        body = r.json()
        assert len(body["added"]) == 3 + GOOD_RECORDS
        assert any("0001-01-01" in e for e in body["errors"])
        # the same names again with other texts: stored too, under distinct ids
        files = [
            ("files", (n, article_text(i, 95 + i).encode("utf-8"), "text/plain"))
            for i, n in enumerate(names)
        ]
        r = client.post("/api/articles", files=files)
        assert r.status_code == 200
        assert not any(a["duplicate"] for a in r.json()["added"])
    assert len(stored(db)) == 6 + GOOD_RECORDS


# ------------------------------------------------------------------ two writers


def write_pile(path: Path, items: list[int]) -> None:
    path.write_text(
        "\n".join(
            json.dumps({"id": f"a{i}", "text": article_text(i % 6, i), "published": "2024-03-05"})
            for i in items
        )
        + "\n",
        encoding="utf-8",
    )


@pytest.mark.slow
def test_two_writers_with_overlapping_inputs_lose_nothing(tmp_path: Path) -> None:
    write_pile(tmp_path / "one.jsonl", list(range(0, 600)))  # big enough to race
    write_pile(tmp_path / "two.jsonl", list(range(300, 900)))
    db = tmp_path / "s.db"
    procs = [
        start("stories", str(tmp_path / f"{n}.jsonl"), "--db", str(db), "--no-clean")
        for n in ("one", "two")
    ]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for rc, stderr in results:
        assert rc == 0, stderr
        assert "Traceback" not in stderr and "UNIQUE" not in stderr
    assert len(stored(db)) == 900


@pytest.mark.slow
def test_two_writers_with_disjoint_inputs_group_like_one(tmp_path: Path) -> None:
    write_pile(tmp_path / "one.jsonl", list(range(0, 60)))
    write_pile(tmp_path / "two.jsonl", list(range(60, 120)))
    together = tmp_path / "together.db"
    procs = [
        start("stories", str(tmp_path / f"{n}.jsonl"), "--db", str(together))
        for n in ("one", "two")
    ]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    orders = []
    for first, second in (("one", "two"), ("two", "one")):
        db = tmp_path / f"{first}-{second}.db"
        for n in (first, second):
            assert run("stories", str(tmp_path / f"{n}.jsonl"), "--db", str(db)).returncode == 0
        orders.append(stories_of(db))
    assert len(stored(together)) == 120
    assert stories_of(together) in orders


# ------------------------------------------------------------------ special files, output safety


def test_fifo_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text(article_text(0, 1), encoding="utf-8")
    r = run("summarize", str(fifo), str(good), "--no-check")
    assert_clean(r)
    assert r.returncode == 0
    assert "named pipe" in r.stderr
    r = run("summarize", "/dev/zero")
    assert r.returncode != 0 and "device" in r.stderr


HOSTILE = (
    "\x1b]0;PWNED\x07Evil \x1b[2J headline <script>alert(1)</script>\n\n"
    "In Kelmsby on Tuesday the river burst its banks \x1b]52;c;ZXZpbA==\x07 and officials said "
    "the water reached the market square <img src=x onerror=alert(1)> within an hour. "
    "Residents described the flood and the mayor promised help for every family affected.\r\x9b2J"
)


def test_terminal_and_markdown_output_carry_no_escapes_or_html(tmp_path: Path) -> None:
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    terminal = run("summarize", str(src))
    assert_clean(terminal)
    assert terminal.returncode == 0
    for bad in ("\x1b", "\x07", "\x9b", "\r"):
        assert bad not in terminal.stdout and bad not in terminal.stderr
    assert "Evil" in terminal.stdout
    md = run("summarize", str(src), "--format", "md")
    assert "<script>" not in md.stdout and "<img" not in md.stdout
    assert "&lt;script&gt;" in md.stdout
    assert "\x1b" not in md.stdout


def test_a_warc_compression_bomb_is_not_inflated(tmp_path: Path) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    class Spaces(io.RawIOBase):
        def __init__(self, n: int) -> None:
            self.n = n

        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            k = min(len(b), self.n)
            b[:k] = b" " * k
            self.n -= k
            return k

    path = tmp_path / "bomb.warc.gz"
    html = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
    page = f"<html><body><p>{article_text(0, 1)}</p></body></html>".encode()
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(
            writer.create_warc_record(
                "http://news.example/ok", "response", payload=io.BytesIO(page), http_headers=html
            )
        )
        n = 300_000_000  # 300 MB of spaces: about 300 KB compressed
        writer.write_record(
            writer.create_warc_record(
                "http://news.example/bomb",
                "response",
                payload=io.BufferedReader(Spaces(n), 1 << 20),
                length=n,
                http_headers=html,
            )
        )
    r = run("check", str(path), "--max-bytes", "100000")
    assert_clean(r)
    assert r.returncode == 0
    assert "uncompressed" in r.stderr and "kept what was read" in r.stderr


def test_a_long_line_without_punctuation_is_bounded(tmp_path: Path) -> None:
    from crossread.ingest.split import max_sentence_chars, split_text

    words = [f"word{i}" if i % 7 == 0 else "and" for i in range(40_000)]  # ~200 KB, no stops
    text = " ".join(words)
    spans = split_text(text)
    assert max(e - s for _, s, e in spans) <= max_sentence_chars()
    assert " ".join(text[s:e] for _, s, e in spans) == text  # nothing lost, nothing added
    src = tmp_path / "line.txt"
    src.write_text("A headline\n\n" + text + "\n", encoding="utf-8")
    out = tmp_path / "brief.json"
    r = run("summarize", str(src), "--format", "json", "--out", str(out))
    assert_clean(r)
    assert out.stat().st_size < 40 * len(text)  # linear in the input, not quadratic


def test_web_app_sees_cli_additions_and_adds_while_a_summary_runs(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    import threading

    from fastapi.testclient import TestClient

    from crossread.server.app import create_app
    from crossread.server.config import ServeOptions

    db = tmp_path / "shared.db"
    app = create_app(db, ServeOptions(warm_after_add=False))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        r = client.post(
            "/api/articles", data={"text": article_text(0, 1), "published": "0001-01-01"}
        )
        assert r.status_code == 200 and len(r.json()["added"]) == 1
        assert sum(s["size"] for s in client.get("/api/stories").json()["stories"]) == 1
        # the command line adds to the same store while the server runs
        cli = run("stories", "-", "--db", str(db), stdin=article_text(1, 2))
        assert cli.returncode == 0, cli.stderr
        after = client.get("/api/stories").json()
        assert sum(s["size"] for s in after["stories"]) == 2
        # a long summary holds the pipeline lock: adding must not wait for it
        library = app.state.library
        done = threading.Event()
        with library._pipeline_lock:

            def add() -> None:
                client.post("/api/articles", data={"text": article_text(2, 3)})
                done.set()

            worker = threading.Thread(target=add, daemon=True)
            worker.start()
            assert done.wait(60), "adding waited for the summary's lock"
    assert len(stored(db)) == 3


def test_cross_check_json_is_the_same_in_every_process(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"), PYTHONHASHSEED=seed)
        r = subprocess.run(
            [sys.executable, "-m", "crossread.cli.main", "check", str(REPO / "examples" / "putin-syria-2017"), "--format", "json"],
            capture_output=True, text=True, env=env, timeout=300, cwd=REPO,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    assert outs[0] == outs[1] == outs[2]


def test_shipped_unit_factors_agree_with_pint() -> None:
    pint = pytest.importorskip("pint")
    from crossread.crosscheck.quantities import _convert, _normalise

    ureg = pint.UnitRegistry()
    units = json.loads((REPO / "src/crossread/data/check/units.json").read_text())["units"]
    for unit in sorted({v[0] for v in units.values()}):
        for value in (0.0, 1.0, 37.5, 70_000.0):
            if unit in ("degC", "degF"):
                want = ureg.Quantity(value, ureg(unit).units).to("kelvin").magnitude
            else:
                want = ureg.Quantity(value, unit).to_base_units().magnitude
            assert _normalise(value, unit) == pytest.approx(want, rel=1e-12, abs=1e-9), unit
        one = ureg.Quantity(1, unit).to_base_units().magnitude
        assert _convert(2 * one, unit) == pytest.approx(2.0, rel=1e-12)
