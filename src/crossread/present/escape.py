"""Text from articles made safe for where it is shown.

- ``printable``: no control or escape sequences reach a terminal (CSI, OSC such as a window
  title or an OSC 52 clipboard write, DCS, C1 controls, carriage returns);
- ``md_text``: HTML in Markdown output is shown as text, never run (``<script>``,
  ``<img onerror>``): ``&``, ``<`` and ``>`` become entities;
- ``safe_brief``: a Brief (with its cross-check) with every string passed through one of them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences (and a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x9c]*[\x07\x9c]?"  # 8-bit OSC, DCS, ...
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # text that reorders what follows it


def printable(text: str) -> str:
    """``text`` without terminal control: escape sequences and C0/C1 controls (except tab
    and newline) removed, bidirectional overrides dropped."""
    if text.isprintable():
        return text
    return _BIDI.sub("", _CONTROLS.sub("", _ESCAPES.sub("", text)))


def md_text(text: str) -> str:
    """``text`` for Markdown: printable, and HTML shown as text (``&<>`` as entities)."""
    text = printable(text)
    if "<" in text or ">" in text or "&" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def md_url(url: str) -> str:
    """A URL that cannot close a Markdown autolink or open HTML."""
    return quote(printable(url), safe=":/?#[]@!$&'()*+,;=%~-._")


def _map(value: Any, fn: Callable[[str], str], url_fn: Callable[[str], str], name: str) -> Any:
    if isinstance(value, str):
        return url_fn(value) if name == "url" else fn(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _map(getattr(value, f.name), fn, url_fn, f.name)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple | list | frozenset | set):
        return type(value)(_map(v, fn, url_fn, name) for v in value)
    if isinstance(value, dict):
        return {_map(k, fn, url_fn, ""): _map(v, fn, url_fn, name) for k, v in value.items()}
    return value


def safe_brief(brief: Any, fmt: str) -> Any:
    """The brief with every string made safe for ``fmt`` ("terminal" or "md")."""
    if fmt == "md":
        return _map(brief, md_text, md_url, "")
    return _map(brief, printable, printable, "")
