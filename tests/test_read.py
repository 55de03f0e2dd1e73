"""Readers: text, HTML, JSONL (articles and Multi-News stories), folders, stdin, URLs,
and every kind of bad input giving one message that names it."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crossread.ingest.sources import iter_read, iter_story_records, read
from crossread.options import Options

STORY = (
    "President Vladimir Putin ordered Russian troops to withdraw from Syria during a surprise "
    "visit to a Russian airbase in the country on Monday morning, where he was greeted by "
    "Syrian President Bashar Assad."
)
STORY2 = (
    "The Defense Ministry said last week that the embattled country had been completely "
    "liberated of Islamic State militants, two years after Russia entered the war."
)

PAGE = f"""<!DOCTYPE html><html lang="en"><head>
<title>Putin Orders Withdrawal | The Moscow Times</title>
<meta property="og:site_name" content="The Moscow Times">
<meta property="og:title" content="Putin Orders Withdrawal">
<meta property="article:published_time" content="2017-12-11T10:00:00+03:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Putin Orders Withdrawal</h1>
<p>{STORY}</p><p>{STORY2}</p>
<p>Putin made the surprise visit en route to planned meetings in Cairo and Ankara with the
Egyptian and Turkish presidents, officials said on Monday evening in a statement.</p>
</article>
<aside class="donate"><h2>A Message from The Moscow Times:</h2>
<p>Dear readers, please support us monthly starting from just $2. Donate now.</p></aside>
<div class="newsletter"><p>Sign up for our free weekly newsletter</p></div>
<footer>Copyright 2017 The Moscow Times. All rights reserved.</footer>
</body></html>"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


# ------------------------------------------------------------------ text, HTML, JSONL


def test_text_reader_takes_a_first_short_line_as_headline(tmp_path: Path) -> None:
    f = write(tmp_path / "putin.txt", f"Putin Orders Withdrawal\n\n{STORY}\n{STORY2}\n")
    [a] = read([str(f)]).articles
    assert (a.id, a.title, a.source) == ("putin", "Putin Orders Withdrawal", str(f))
    assert a.text == f"{STORY}\n\n{STORY2}"  # one paragraph per line, blank-line separated


def test_text_reader_joins_hard_wrapped_paragraphs(tmp_path: Path) -> None:
    wrapped = "\n".join(
        [
            "President Vladimir Putin ordered Russian troops to withdraw",
            "from Syria during a surprise visit to a Russian airbase in the",
            "country on Monday morning, where he was greeted by Syrian",
            "President Bashar Assad, the Kremlin said in a statement.",
        ]
    )
    f = write(tmp_path / "wire.txt", wrapped + "\n\n" + STORY2)
    [a] = read([str(f)]).articles
    assert a.text.split("\n\n")[0].startswith("President Vladimir Putin ordered Russian troops to")
    assert "withdraw from Syria" in a.text


def test_html_reader_keeps_the_story_and_drops_page_boxes(tmp_path: Path) -> None:
    f = write(tmp_path / "mt.html", PAGE)
    result = read([str(f)])
    assert result.errors == []
    [a] = result.articles
    assert STORY in a.text and STORY2 in a.text
    for junk in ("Donate", "Dear readers", "newsletter", "All rights reserved", "Home"):
        assert junk not in a.text
    assert a.title == "Putin Orders Withdrawal"
    assert a.outlet == "The Moscow Times"
    assert a.published == "2017-12-11"


def test_html_with_no_article_is_reported(tmp_path: Path) -> None:
    f = write(tmp_path / "empty.html", "<html><body><nav>Home</nav><p>Hi</p></body></html>")
    result = read([str(f)])
    assert result.articles == []
    assert len(result.errors) == 1
    assert str(f) in result.errors[0]


def test_jsonl_articles_use_their_fields_and_report_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "mt-1",
                "text": STORY,
                "title": "Putin Orders Withdrawal",
                "url": "https://www.themoscowtimes.com/2017/12/11/a",
                "published": "2017-12-11T10:00:00Z",
            }
        ),
        "{not json",
        json.dumps({"id": "x", "title": "no text"}),
        "",
        json.dumps({"text": STORY2, "outlet": "Reuters"}),
    ]
    f = write(tmp_path / "arts.jsonl", "\n".join(lines) + "\n")
    result = read([str(f)])
    a, b = result.articles
    assert (a.id, a.title, a.published) == ("mt-1", "Putin Orders Withdrawal", "2017-12-11")
    assert a.url == "https://www.themoscowtimes.com/2017/12/11/a"
    assert a.outlet == "The Moscow Times"  # from the URL's site
    assert (b.id, b.outlet) == ("arts:5", "Reuters")
    assert len(result.errors) == 2
    assert result.errors[0].startswith(f"{f}:2: not valid JSON")
    assert result.errors[1].startswith(f"{f}:3: no 'text' field")


def _stories_file(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": "s1", "documents": [STORY, STORY2], "summary": "x"}),
        "garbage line",
        json.dumps({"id": "s2", "documents": [STORY2 + " More words here.", "", STORY2]}),
        json.dumps({"id": "s3", "documents": ["too short"]}),
    ]
    return write(tmp_path / "mds.jsonl", "\n".join(lines) + "\n")


def test_multinews_records_stream_and_skip_bad_lines(tmp_path: Path) -> None:
    f = _stories_file(tmp_path)
    errors: list[str] = []
    records = list(iter_story_records(str(f), errors.append))
    assert [sid for sid, _ in records] == ["s1", "s2"]
    s1 = records[0][1]
    assert [a.id for a in s1] == ["s1#0", "s1#1"]
    assert s1[0].text == STORY
    assert len(records[1][1]) == 2  # the empty document is reported and skipped
    assert any(e.startswith(f"{f}:2: not valid JSON") for e in errors)
    assert any("document 1: empty document" in e for e in errors)
    assert any(e.startswith("s3") for e in errors)
    # the same from an open binary or text stream
    with f.open("rb") as stream:
        assert [sid for sid, _ in iter_story_records(stream)] == ["s1", "s2"]
    text_stream = io.StringIO(f.read_text("utf-8"))
    assert [sid for sid, _ in iter_story_records(text_stream)] == ["s1", "s2"]


def test_multinews_records_are_lazy(tmp_path: Path) -> None:
    f = _stories_file(tmp_path)
    it = iter_story_records(str(f))
    assert next(it)[0] == "s1"  # a generator: the rest of the file is not read yet


def test_multinews_file_through_read_gives_all_documents(tmp_path: Path) -> None:
    result = read([str(_stories_file(tmp_path))])
    assert [a.id for a in result.articles] == ["s1#0", "s1#1", "s2#0"]
    assert any("same text as s1#1" in e for e in result.errors)


# ------------------------------------------------------------------ folders and bad input


def test_folder_is_read_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    write(tmp_path / "b" / "two.txt", STORY2)
    write(tmp_path / "a" / "one.txt", STORY)
    write(tmp_path / ".hidden.txt", STORY + " hidden")
    write(tmp_path / ".git" / "x.txt", STORY + " in git")
    result = read([str(tmp_path)])
    assert [a.id for a in result.articles] == ["one", "two"]
    assert result.errors == []


def test_id_collisions_get_a_suffix(tmp_path: Path) -> None:
    write(tmp_path / "a" / "story.txt", STORY)
    write(tmp_path / "b" / "story.txt", STORY2)
    assert [a.id for a in read([str(tmp_path)]).articles] == ["story", "story-2"]


def test_folder_with_one_usable_article_out_of_ten(tmp_path: Path) -> None:
    good = write(tmp_path / "00_good.txt", f"{STORY}\n{STORY2}\n")
    write(tmp_path / "01_empty.txt", "")
    write(tmp_path / "02_blank.txt", "  \n\n \n")
    write(tmp_path / "03_binary.bin", bytes(range(256)) * 10)
    write(tmp_path / "04_doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    write(tmp_path / "05_dup.txt", f"{STORY}\n{STORY2}\n")
    write(tmp_path / "06_junk.txt", "Advertisement\nRead more\nShare this article\n")
    write(tmp_path / "07_nohtml.html", "<html><body><div>Menu</div></body></html>")
    write(tmp_path / "08_huge.txt", "word " * 300_000)
    write(tmp_path / "09_bad.jsonl", "{oops\n")
    errors: list[str] = []
    result = read([str(tmp_path)], Options(max_bytes=1_000_000), on_error=errors.append)
    assert [a.source for a in result.articles] == [str(good)]
    assert errors == result.errors
    assert len(errors) == 9
    for n, message in zip(range(1, 10), errors, strict=True):
        assert f"0{n}_" in message, message  # each message names its input
        assert "\n" not in message
    by_name = {m.split(str(tmp_path) + "/")[1][:2]: m for m in errors}
    assert "is empty" in by_name["01"]
    assert "binary" in by_name["03"]
    assert "PDF" in by_name["04"]
    assert "counted once" in by_name["05"]
    assert "no article text" in by_name["06"]
    assert "limit" in by_name["08"] and "MB" in by_name["08"]


def test_non_utf8_text_is_detected_and_decoded(tmp_path: Path) -> None:
    text = (
        "Le président russe a annoncé lundi le retrait des troupes de Syrie, a déclaré le "
        "Kremlin. « C'est une décision importante », a ajouté un porte-parole à Moscou, "
        "où l'on célébrait déjà la fin de l'opération militaire."
    )
    f = write(tmp_path / "fr.txt", text.encode("cp1252"))
    result = read([str(f)])
    assert result.errors == []
    assert result.articles[0].text == text
    ru = (
        "Президент России Владимир Путин приказал начать вывод российских войск из Сирии, "
        "сообщил Кремль в понедельник после визита на авиабазу Хмеймим в провинции Латакия."
    )
    files = [write(tmp_path / "ru.txt", ru.encode("cp1251"))]
    files.append(write(tmp_path / "ru16.txt", ru.encode("utf-16")))
    result = read([str(x) for x in files])
    assert [a.text for a in result.articles] == [ru]
    assert "same text as ru" in result.errors[0]


def test_missing_input_is_one_message(tmp_path: Path) -> None:
    result = read([str(tmp_path / "nope.txt"), str(tmp_path / "empty_dir")])
    assert result.articles == []
    assert len(result.errors) == 2
    assert "nope.txt: no such file" in result.errors[0]


def test_iter_read_yields_one_at_a_time(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", STORY2)
    it = iter_read([str(tmp_path)], Options(), on_error=lambda m: None)
    assert next(it).id == "a"
    assert next(it).id == "b"


def test_clean_option_off_keeps_the_debris(example_dir: Path) -> None:
    f = next(example_dir.glob("003_*.txt"))
    [a] = read([str(f)], Options(clean=False)).articles
    assert "Dear readers," in a.text


# ------------------------------------------------------------------ stdin


def _run_read(stdin: bytes, *args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys, json; from crossread.ingest.sources import read; "
        "r = read(['-']); "
        "print(json.dumps({'articles': [[a.id, a.title, a.text] for a in r.articles], "
        "'errors': r.errors}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        encoding="latin-1",
        timeout=60,
        check=True,
    )


def test_stdin_text_and_html() -> None:
    out = json.loads(_run_read(f"Headline Here\n\n{STORY}\n".encode()).stdout)
    assert out["articles"] == [["stdin", "Headline Here", STORY]]
    out = json.loads(_run_read(PAGE.encode()).stdout)
    assert out["articles"][0][1] == "Putin Orders Withdrawal"
    out = json.loads(_run_read(b"").stdout)
    assert out == {"articles": [], "errors": ["-: is empty"]}


# ------------------------------------------------------------------ URLs


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        return None

    def _send(self, body: bytes, ctype: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/page.html":
            self._send(PAGE.encode(), "text/html; charset=utf-8")
        elif self.path == "/plain":
            self._send(f"Plain Headline\n\n{STORY}".encode("cp1252"), "text/plain; charset=cp1252")
        elif self.path == "/noext":
            self._send(PAGE.encode(), "")
        elif self.path == "/slow":
            time.sleep(2)
            self._send(PAGE.encode(), "text/html")
        elif self.path == "/big":
            self._send(b"x" * 50_000, "text/plain")
        elif self.path == "/image":
            self._send(b"\x89PNG\r\n", "image/png")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page.html")
            self.end_headers()
        else:
            self._send(b"not here", "text/plain", status=404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_page(server: str) -> None:
    result = read([f"{server}/page.html", f"{server}/redirect"])
    a = result.articles[0]
    assert (a.id, a.url, a.title) == (f"{server}/page.html",) * 2 + ("Putin Orders Withdrawal",)
    assert STORY in a.text and "Dear readers" not in a.text
    assert a.outlet == "The Moscow Times"
    assert "counted once" in result.errors[0]  # the redirect leads to the same page


def test_url_plain_text_and_sniffed_html(server: str) -> None:
    result = read([f"{server}/plain", f"{server}/noext"])
    assert result.errors == []
    plain, page = result.articles
    assert (plain.title, plain.text) == ("Plain Headline", STORY)
    assert page.title == "Putin Orders Withdrawal"


def test_url_errors_are_one_line_each(server: str) -> None:
    opts = Options(url_timeout=0.5, max_bytes=10_000)
    t0 = time.perf_counter()
    result = read([f"{server}/slow", f"{server}/big", f"{server}/image", f"{server}/missing"], opts)
    assert time.perf_counter() - t0 < 5
    assert result.articles == []
    slow, big, image, missing = result.errors
    assert slow == f"{server}/slow: timed out after 0.5 s"
    assert big.startswith(f"{server}/big: is 50,000 bytes, over the 10,000 bytes limit")
    assert "image/png" in image
    assert missing == f"{server}/missing: HTTP 404 Not Found"


def test_private_addresses_are_refused_when_asked(server: str) -> None:
    result = read([f"{server}/page.html"], Options(allow_private_urls=False))
    assert result.articles == []
    assert "a loopback address" in result.errors[0]
    assert result.errors[0].startswith(f"{server}/page.html: refused")
