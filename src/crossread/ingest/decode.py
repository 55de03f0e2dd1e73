"""Bytes to text: size cap, binary sniffing, the declared charset first, then detection.

Valid UTF-8 is UTF-8 (pages re-saved as UTF-8 keep their old label). Otherwise the charset a
page declares (HTTP header, ``<meta charset>``, ``<?xml encoding?>``) wins: a page declared UTF-8 with one stray byte is read as UTF-8 with one replacement character, not
re-guessed as Windows-1252 ("MÃ¤scot"). Undeclared bytes that are UTF-8 but for a few stray
bytes are read the same way; only then is the encoding detected (charset-normalizer).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from crossread.errors import InputError
from crossread.ingest.metadata import limits

_MAGIC = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "a program",
}


def size_text(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def too_big(source: str, size: int | None, max_bytes: int) -> InputError:
    what = f"is {size_text(size)}" if size is not None else "is larger than that"
    return InputError(source, f"{what}, over the {size_text(max_bytes)} limit (max_bytes)")


def read_file(path: Path, source: str, max_bytes: int) -> bytes:
    """The bytes of a file, refusing one over ``max_bytes`` before reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise too_big(source, size, max_bytes)
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except FileNotFoundError:
        raise InputError(source, "no such file or directory") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise too_big(source, None, max_bytes)
    return data


_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{2,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]{2,40})""",
    re.IGNORECASE,
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its first bytes (``<meta charset>``,
    ``<meta http-equiv content="...; charset=...">`` or ``<?xml encoding?>``), if Python knows it."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "ignore")
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    # as browsers do (WHATWG): pages labelled Latin-1 or ASCII are read as Windows-1252
    return "cp1252" if found in ("iso8859-1", "latin-1", "ascii") else found


def _mostly(data: bytes, charset: str, max_bad: float) -> str | None:
    """``data`` decoded with ``charset``, stray bytes replaced, when at most ``max_bad`` of it
    is undecodable (a page declared UTF-8 with a few Latin-1 bytes pasted in)."""
    try:
        text = data.decode(charset, errors="replace")
    except LookupError:
        return None
    bad = text.count("\ufffd") - data.decode(charset, errors="ignore").count("\ufffd")
    return text if bad <= max(1, max_bad * len(text)) else None


def decode(data: bytes, source: str, charset: str | None = None) -> str:
    """Text from bytes: UTF-8 when the bytes are valid UTF-8, else the declared charset
    (``charset``, else the document's own declaration; a few stray bytes replaced), else UTF-8
    with a few stray bytes, else a detected encoding. Binary data (NUL bytes, known file
    signatures, undetectable) is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "is not valid UTF-16 text") from None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(source, f"is {what}, not text or HTML")
    if b"\x00" in data[: limits()["sniff_bytes"]]:
        raise InputError(source, "is a binary file, not text or HTML")
    try:  # valid UTF-8 with non-ASCII characters is UTF-8 whatever a label says
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    charset = charset or declared_charset(data)
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            mostly = _mostly(data, charset, limits()["stray_byte_share"])
            if mostly is not None:
                return mostly
    # undeclared: UTF-8 with a few stray bytes when valid multi-byte sequences outnumber them
    bad = len(data.decode("utf-8", errors="replace")) - len(data.decode("utf-8", errors="ignore"))
    if len(_UTF8_MULTIBYTE.findall(data)) >= 2 * bad:
        mostly = _mostly(data, "utf-8", limits()["stray_byte_share"])
        if mostly is not None:
            return mostly
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise InputError(source, "is not text in any encoding we could detect")
    # Short texts fit many single-byte code pages; Windows-1252 is by far the web's most
    # common legacy one (WHATWG reads latin-1 as cp1252), so it wins near-ties.
    margin = limits()["cp1252_chaos_margin"]
    for match in results:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + margin:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(best)
