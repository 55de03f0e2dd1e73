"""Bytes to text: size cap, binary sniffing, charset detection (charset-normalizer)."""

from __future__ import annotations

from pathlib import Path

from crossread.errors import InputError

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


def decode(data: bytes, source: str, charset: str | None = None) -> str:
    """Text from bytes: the declared charset, else UTF-8, else a detected encoding.
    Binary data (NUL bytes, known file signatures, undetectable) is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "is not valid UTF-16 text") from None
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(source, f"is {what}, not text or HTML")
    if b"\x00" in data[:8192]:
        raise InputError(source, "is a binary file, not text or HTML")
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    from crossread.ingest.metadata import limits

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
