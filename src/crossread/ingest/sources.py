"""Read inputs into cleaned Articles: files, folders, ``-`` (stdin), http(s) URLs, JSONL
(one article per line, or Multi-News stories), feeds and WARC files.

Every article goes through the same finish: ``clean`` (when ``options.clean``), then
``metadata.enrich`` (headline, outlet, date), then the checks that it has text and is
not a duplicate. A problem with one input is a one-line message naming it (through
``on_error`` and in ``ReadResult.errors``); the other inputs go on.

Feed (.rss/.atom/.xml) and WARC (.warc/.warc.gz) readers live in ``read/feed.py`` and
``read/warc.py`` and are imported lazily; each provides
``iter_articles(path, source, options, on_error) -> Iterator[Article]`` (raw articles).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from crossread.errors import InputError
from crossread.model import Article, text_key
from crossread.options import DEFAULT, Options

OnError = Callable[[str], None]

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
FEED_EXT = {".rss", ".atom"}


@dataclass
class ReadResult:
    """What ``read`` found: usable articles, and one message per input it could not use."""

    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class _Seen:
    """Per-read state: texts and ids already taken (duplicates count once)."""

    texts: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)


def _ignore(_: str) -> None:
    return None


# ------------------------------------------------------------------ finishing


def finish(raw: Article, options: Options = DEFAULT) -> Article:
    """Clean (when ``options.clean``) and fill in the headline, outlet and date."""
    from crossread.ingest.clean import clean
    from crossread.ingest.metadata import enrich

    return enrich(clean(raw) if options.clean else raw)


def _usable_words(article: Article, lim: dict) -> int | None:
    """The article's word count when it is usable: ``min_article_words`` words, or a headline
    and a short text of ``min_titled_words`` words together (a brief, a short feed entry)."""
    from crossread.text.script import count_words

    n_words = count_words(article.text)
    if n_words >= lim["min_article_words"]:
        return n_words
    short = bool(article.title and n_words)
    if short and n_words + count_words(article.title or "") >= lim["min_titled_words"]:
        return n_words
    return None


def _accept(raw: Article, options: Options, seen: _Seen, on_error: OnError) -> Article | None:
    from crossread.ingest.metadata import limits
    from crossread.ingest.validate import checked
    from crossread.text.script import count_words

    valid = checked(raw, on_error)
    if valid is None:
        return None
    article = finish(valid, options)
    lim = limits()
    n_words = _usable_words(article, lim)
    if n_words is None and options.clean and count_words(valid.text) >= lim["min_article_words"]:
        uncleaned = finish(valid, replace(options, clean=False))
        if _usable_words(uncleaned, lim) is not None:  # never lose an article to the cleaner
            left = count_words(article.text)
            note = f"kept as extracted: cleaning would have left {left} words"
            article = replace(uncleaned, meta=(*uncleaned.meta, ("reading", note)))
            n_words = count_words(article.text)
    if n_words is None:
        n_words = count_words(article.text)
        what = "is empty" if not raw.text.strip() else "has no article text"
        if raw.text.strip():
            what += f" ({n_words} words after cleaning)"
        on_error(str(InputError(raw.source or raw.id, what)))
        return None
    if n_words < lim["min_article_words"]:
        note = f"a short text ({n_words} words) kept with its headline"
        article = replace(article, meta=(*article.meta, ("reading", note)))
    key = text_key(article.text)
    if key in seen.texts:
        on_error(
            str(InputError(raw.source or raw.id, f"same text as {seen.texts[key]}, counted once"))
        )
        return None
    art_id, k = article.id, 2
    while art_id in seen.ids:
        art_id, k = f"{article.id}-{k}", k + 1
    seen.ids.add(art_id)
    seen.texts[key] = art_id
    return article if art_id == article.id else replace(article, id=art_id)


# ------------------------------------------------------------------ one input


def _sniff_text(text: str, article_id: str, source: str, url: str | None = None) -> Article:
    from crossread.ingest.html import html_article, looks_like_html
    from crossread.ingest.plaintext import text_article

    if looks_like_html(text):
        return html_article(text, article_id, source, url=url)
    return text_article(text, article_id, source, url=url)


def _optional_reader(
    kind: str, path: Path, source: str, options: Options, on_error: OnError
) -> Iterator[Article]:
    import importlib

    try:
        module = importlib.import_module(f"crossread.ingest.{kind}")
    except ImportError:
        raise InputError(source, f"{kind} files are not supported in this build") from None
    return module.iter_articles(path, source, options, on_error)


def _is_feed(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(2048).lower()
    except OSError:
        return False
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _jsonl_file(path: Path, source: str, options: Options, on_error: OnError) -> Iterator[Article]:
    from crossread.ingest.jsonl import iter_jsonl_articles

    refuse_special(path, source)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputError(source, f"cannot be opened ({exc.strerror or exc})") from None
    with stream:
        yield from iter_jsonl_articles(stream, source, on_error, options.max_bytes)


def refuse_special(path: Path, source: str) -> None:
    """Only regular files are read: a FIFO, socket or device named as an input would block
    or never end, so it is refused with a one-line message."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise InputError(source, f"is {kind}, not a regular file; refused")


def _file_articles(path: Path, options: Options, on_error: OnError) -> Iterator[Article]:
    from crossread.ingest.decode import decode, read_file

    source = str(path)
    refuse_special(path, source)
    name = path.name.lower()
    suffix = path.suffix.lower()
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        yield from _optional_reader("warc", path, source, options, on_error)
        return
    if suffix in FEED_EXT or (suffix == ".xml" and _is_feed(path)):
        yield from _optional_reader("feed", path, source, options, on_error)
        return
    if suffix in JSONL_EXT:
        yield from _jsonl_file(path, source, options, on_error)
        return
    text = decode(read_file(path, source, options.max_bytes), source)
    if not text.strip():
        raise InputError(source, "is empty")
    if suffix in HTML_EXT:
        from crossread.ingest.html import html_article

        yield html_article(text, path.stem, source)
    elif suffix in TEXT_EXT:
        from crossread.ingest.html import html_article, is_html_document
        from crossread.ingest.plaintext import text_article

        if is_html_document(text):  # a web page saved under a text name
            yield html_article(text, path.stem, source)
        else:
            yield text_article(text, path.stem, source)
    else:
        yield _sniff_text(text, path.stem, source)


def _url_articles(url: str, options: Options, on_error: OnError = _ignore) -> Iterator[Article]:
    from crossread.ingest.decode import decode
    from crossread.ingest.feed import from_bytes, looks_like_feed
    from crossread.ingest.fetch import fetch
    from crossread.ingest.html import html_article, is_html_document
    from crossread.ingest.plaintext import text_article

    got = fetch(url, options)
    if looks_like_feed(got.data):  # RSS/Atom, whatever the content type says
        yield from from_bytes(got.data, url, on_error)
        return
    ctype = got.content_type
    if ctype and not (ctype.startswith("text/") or ctype in ("application/xhtml+xml", "")):
        raise InputError(url, f"is not a web page or text (content type {ctype})")
    text = decode(got.data, url, got.charset)
    if not text.strip():
        raise InputError(url, "is empty")
    if ctype in ("text/html", "application/xhtml+xml"):
        yield html_article(text, url, url, url=got.url)
    elif ctype == "text/plain" and not is_html_document(text):
        yield text_article(text, url, url, url=got.url)
    elif ctype == "text/plain":  # a page served as text
        yield html_article(text, url, url, url=got.url)
    else:
        yield _sniff_text(text, url, url, url=got.url)


def _looks_like_jsonl(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _stdin_articles(options: Options, on_error: OnError) -> Iterator[Article]:
    from crossread.ingest.decode import decode, too_big
    from crossread.ingest.jsonl import iter_jsonl_articles

    stdin = sys.stdin.buffer
    peek = getattr(stdin, "peek", None)
    if peek is not None and _looks_like_jsonl(peek(64)[:64]):  # JSONL: streamed line by line
        yield from iter_jsonl_articles(stdin, "stdin", on_error, options.max_bytes)
        return
    data = stdin.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise too_big("-", None, options.max_bytes)
    if _looks_like_jsonl(data[:64]):
        yield from iter_jsonl_articles(io.BytesIO(data), "stdin", on_error, options.max_bytes)
        return
    text = decode(data, "-")
    if not text.strip():
        raise InputError("-", "is empty")
    yield _sniff_text(text, "stdin", "-")


def _walk(folder: Path) -> list[Path]:
    """Files under a folder, recursively, sorted, without hidden files or folders."""
    out = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or not p.is_file():
            continue
        out.append(p)
    return sorted(out)


def _raw_articles(item: str, options: Options, on_error: OnError) -> Iterator[Article]:
    from crossread.ingest.fetch import is_url

    if item == "-":
        yield from _stdin_articles(options, on_error)
        return
    if is_url(item):
        yield from _url_articles(item, options, on_error)
        return
    path = Path(item)
    if path.is_dir():
        files = _walk(path)
        if not files:
            raise InputError(item, "folder has no files")
        for f in files:
            yield from _guarded(lambda f=f: _file_articles(f, options, on_error), str(f), on_error)
        return
    if not path.exists():
        raise InputError(item, "no such file, folder or URL")
    yield from _file_articles(path, options, on_error)


def _guarded(
    make: Callable[[], Iterable[Article]], source: str, on_error: OnError
) -> Iterator[Article]:
    """Run one input's reader; its errors become messages, never tracebacks."""
    try:
        yield from make()
    except InputError as exc:
        on_error(str(exc))
    except RecursionError:
        on_error(str(InputError(source, "too deeply nested to parse")))
    except Exception as exc:  # a bug or an odd input must not stop the other inputs
        on_error(str(InputError(source, f"could not be read ({type(exc).__name__}: {exc})")))


# ------------------------------------------------------------------ public


def iter_read(
    inputs: Sequence[str], options: Options = DEFAULT, on_error: OnError | None = None
) -> Iterator[Article]:
    """Usable, cleaned articles from the inputs, one at a time (duplicates skipped)."""
    report = on_error or _ignore
    seen = _Seen()
    for item in inputs:
        for raw in _guarded(lambda item=item: _raw_articles(item, options, report), item, report):
            article = _accept(raw, options, seen, report)
            if article is not None:
                yield article


def iter_read_jsonl(
    item: str, options: Options = DEFAULT, on_error: OnError | None = None
) -> Iterator[Article]:
    """Like ``iter_read([item])`` for one JSONL file (or ``-``), whatever its name ends with."""
    report = on_error or _ignore
    seen = _Seen()

    def raws() -> Iterator[Article]:
        if item == "-":
            from crossread.ingest.jsonl import iter_jsonl_articles

            yield from iter_jsonl_articles(sys.stdin.buffer, "stdin", report, options.max_bytes)
        else:
            yield from _jsonl_file(Path(item), item, options, report)

    for raw in _guarded(raws, item, report):
        article = _accept(raw, options, seen, report)
        if article is not None:
            yield article


def _bytes_articles(
    name: str, data: bytes, source: str, options: Options, on_error: OnError
) -> Iterator[Article]:
    """Raw articles of one file's bytes (an upload, a fetched page): the file readers' rules,
    chosen by ``name``'s extension, without writing anything to disk."""
    import io

    from crossread.ingest.decode import decode, too_big

    if len(data) > options.max_bytes:
        raise too_big(source, len(data), options.max_bytes)
    lower = name.lower()
    stem = Path(name).stem or "upload"
    suffix = Path(lower).suffix
    if lower.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        from crossread.ingest.warc import iter_articles

        yield from iter_articles(io.BytesIO(data), source, options, on_error)
        return
    from crossread.ingest.feed import from_bytes, looks_like_feed

    if suffix in FEED_EXT or (suffix == ".xml" and looks_like_feed(data)):
        yield from from_bytes(data, source, on_error)
        return
    if suffix in JSONL_EXT:
        from crossread.ingest.jsonl import iter_jsonl_articles

        yield from iter_jsonl_articles(io.BytesIO(data), source, on_error, options.max_bytes)
        return
    text = decode(data, source)
    if not text.strip():
        raise InputError(source, "is empty")
    if suffix in HTML_EXT:
        from crossread.ingest.html import html_article

        yield html_article(text, stem, source)
    elif suffix in TEXT_EXT:
        from crossread.ingest.plaintext import text_article

        yield text_article(text, stem, source)
    else:
        yield _sniff_text(text, stem, source)


def read_bytes(
    name: str,
    data: bytes,
    options: Options = DEFAULT,
    on_error: OnError | None = None,
    source: str | None = None,
) -> ReadResult:
    """Like ``read([path])`` for a file's bytes already in memory (named ``name``)."""
    result = ReadResult()
    src = source or name

    def report(message: str) -> None:
        result.errors.append(message)
        if on_error is not None:
            on_error(message)

    seen = _Seen()
    raws = lambda: _bytes_articles(name, data, src, options, report)  # noqa: E731
    for raw in _guarded(raws, src, report):
        article = _accept(raw, options, seen, report)
        if article is not None:
            result.articles.append(article)
    return result


def read(
    inputs: Sequence[str], options: Options = DEFAULT, on_error: OnError | None = None
) -> ReadResult:
    """All usable articles of the inputs, and a message for each input that was not."""
    result = ReadResult()

    def report(message: str) -> None:
        result.errors.append(message)
        if on_error is not None:
            on_error(message)

    result.articles.extend(iter_read(inputs, options, report))
    return result


def iter_story_records(
    path_or_stream: str | Path | IO[str] | IO[bytes],
    on_error: OnError | None = None,
    options: Options = DEFAULT,
) -> Iterator[tuple[str, list[Article]]]:
    """``(story_id, cleaned articles)`` per line of a Multi-News-layout JSONL file
    (``{"id", "documents": [...]}``), streaming; a bad line or story is reported and skipped.
    ``path_or_stream`` is a path, ``-`` for stdin, or an open text or binary stream."""
    from crossread.ingest.jsonl import iter_jsonl_stories

    report = on_error or _ignore
    if isinstance(path_or_stream, str | Path):
        source = str(path_or_stream)
        if source == "-":
            yield from _stories(
                iter_jsonl_stories(sys.stdin.buffer, "stdin", report, options.max_bytes),
                options,
                report,
            )
            return
        try:
            stream = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            report(str(InputError(source, f"cannot be opened ({exc.strerror or exc})")))
            return
        with stream:
            yield from _stories(
                iter_jsonl_stories(stream, source, report, options.max_bytes), options, report
            )
        return
    source = getattr(path_or_stream, "name", "<stream>")
    yield from _stories(
        iter_jsonl_stories(path_or_stream, str(source), report, options.max_bytes), options, report
    )


def _stories(
    records: Iterable[tuple[str, list[Article]]], options: Options, on_error: OnError
) -> Iterator[tuple[str, list[Article]]]:
    for story_id, raws in records:
        seen = _Seen()
        articles = [a for a in (_accept(r, options, seen, on_error) for r in raws) if a]
        if not articles:
            on_error(str(InputError(story_id, "story has no usable article")))
            continue
        yield story_id, articles


__all__ = ["ReadResult", "finish", "iter_read", "iter_read_jsonl", "iter_story_records", "read"]
