"""WARC files (the format of news crawls such as CC-NEWS), streamed with warcio.

Records are read one at a time, so a multi-gigabyte ``.warc.gz`` never sits in
memory. Each ``response`` record with an HTML payload goes through trafilatura
(``read.html.html_article``) and becomes an Article with its URL and date. A page
without article text is one message; a truncated or corrupt file is one message
and keeps every article read before the damage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from crossread.errors import InputError
from crossread.model import Article
from crossread.options import DEFAULT, Options

OnError = Callable[[str], None]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PAGE_RECORDS = ("response", "resource")  # records that carry a page (ARC records read as these)


def _skipped_note(src: str, skipped: Counter) -> InputError:
    parts = ", ".join(
        f"{n} {what}" for what, n in sorted(skipped.items(), key=lambda x: (-x[1], x[0]))
    )
    return InputError(
        src, f"skipped {sum(skipped.values())} record(s) that hold no web page: {parts}"
    )


def _content_type(record: Any) -> str:
    """The payload's content type: the HTTP header of a ``response``, the WARC header of a
    ``resource`` (a page stored without its HTTP exchange)."""
    if record.rec_type == "resource":
        return record.rec_headers.get_header("Content-Type") or ""
    headers = getattr(record, "http_headers", None)
    return (headers.get_header("Content-Type") or "") if headers is not None else ""


def _is_html(record: Any) -> bool:
    if record.rec_type == "response" and getattr(record, "http_headers", None) is None:
        return False
    ctype = _content_type(record).split(";")[0].strip().lower()
    return ctype in _HTML_TYPES or not ctype


def _charset(record: Any) -> str | None:
    ctype = _content_type(record)
    for part in ctype.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def _cut(record: object) -> bool:
    """After its content was read: did the file end before the record's declared length?"""
    return int(getattr(getattr(record, "raw_stream", None), "limit", 0) or 0) > 0


def _drain_cut(record: object) -> bool:
    raw = getattr(record, "raw_stream", None)
    if raw is None:
        return False
    try:
        while raw.read(65536):
            pass
    except Exception:  # noqa: BLE001 - a damaged compressed stream
        return True
    return _cut(record)


MAX_INFLATION = 50  # a news crawl inflates ~5-10x; a compression bomb 1,000x


def decompression_budget(path: Path, max_bytes: int) -> int:
    """How many bytes a WARC file may inflate to: ``MAX_INFLATION`` times its size on disk,
    and never less than 20 pages of ``max_bytes`` (so a small honest file is read)."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return max(MAX_INFLATION * size, 20 * max_bytes)


def _length(record: object) -> int:
    """The record's declared length (what reading or skipping it decompresses)."""
    headers = getattr(record, "rec_headers", None)
    value = headers.get_header("Content-Length") if headers is not None else None
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def iter_articles(
    path: str | Path | IO[bytes],
    source: str | None = None,
    options: Options = DEFAULT,
    on_error: OnError | None = None,
) -> Iterator[Article]:
    """Stream the web pages of a WARC (``.warc``, ``.warc.gz``) or ARC (``.arc``, ``.arc.gz``)
    file as raw Articles: HTML ``response`` and ``resource`` records. Other page records
    (images, PDFs, revisits) are counted in one message; a cut file is one message."""
    from warcio.archiveiterator import ArchiveIterator

    from crossread.ingest.decode import decode
    from crossread.ingest.html import html_article
    from crossread.text.dates import parse_date

    report = on_error or (lambda _m: None)
    src = source or str(path)
    kind = "ARC" if str(src).lower().endswith((".arc", ".arc.gz")) else "WARC"
    skipped: Counter = Counter()
    read = 0
    try:
        fh = path if hasattr(path, "read") else open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(src, f"cannot be opened ({exc.strerror or exc})") from None
    budget = decompression_budget(Path(path), options.max_bytes)
    declared = 0  # bytes the records read so far declare (what decompressing them costs)
    try:
        records = ArchiveIterator(fh, arc2warc=True)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # warcio/zlib/EOF errors: the file is damaged here
                report(
                    str(
                        InputError(
                            src,
                            f"truncated or corrupt {kind} after {read} record(s) "
                            f"({type(exc).__name__}); kept what was read",
                        )
                    )
                )
                return
            read += 1
            declared += _length(record)
            if declared > budget:  # a compression bomb: never inflate it
                report(
                    str(
                        InputError(
                            src,
                            f"record {read} would take the file past {budget:,} bytes"
                            " uncompressed (MAX_INFLATION x its size); the rest is not read,"
                            " kept what was read",
                        )
                    )
                )
                return
            if record.rec_type not in _PAGE_RECORDS or not _is_html(record):
                if record.rec_type in _PAGE_RECORDS or record.rec_type == "revisit":
                    what = (
                        "revisit record(s) (no payload)"
                        if record.rec_type == "revisit"
                        else f"{_content_type(record).split(';')[0].strip() or 'untyped'} "
                        f"{record.rec_type}(s)"
                    )
                    skipped[what] += 1
                if _drain_cut(record):
                    report(
                        str(
                            InputError(
                                src, f"truncated {kind}: record {read} is cut; kept what was read"
                            )
                        )
                    )
                    return
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or f"{src}#{read}"
            where = f"{src}:{url}"
            try:
                payload = record.content_stream().read(options.max_bytes + 1)
            except Exception as exc:  # noqa: BLE001 - a cut record at the end of the file
                report(
                    str(
                        InputError(
                            src,
                            f"truncated {kind} record for {url} ({type(exc).__name__}); kept what was read",
                        )
                    )
                )
                return
            if len(payload) <= options.max_bytes and _cut(record):
                report(
                    str(
                        InputError(
                            src,
                            f"truncated {kind}: the record for {url} is cut; kept what was read",
                        )
                    )
                )
                return
            if len(payload) > options.max_bytes:
                report(str(InputError(where, "page over the size limit, skipped")))
                continue
            try:
                html = decode(payload, where, _charset(record))
                article = html_article(html, url, where, url=url)
            except InputError as exc:
                report(str(exc))
                continue
            if not article.published:
                warc_date = parse_date(record.rec_headers.get_header("WARC-Date"))
                if warc_date:
                    from dataclasses import replace

                    article = replace(article, published=warc_date)
            yield article
    finally:
        fh.close()
        if skipped:
            report(str(_skipped_note(src, skipped)))
