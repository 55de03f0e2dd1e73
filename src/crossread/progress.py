"""Progress bars for long work: a rich bar on a terminal, silence when piped."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(
    items: Iterable[T], total: int | None, label: str, enabled: bool | None = None
) -> Iterator[T]:
    """Yield ``items`` while drawing a bar on stderr (only when it is a terminal)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


def count_lines(path: str) -> int | None:
    """Lines in a file (a quick pass), or None when it cannot be counted."""
    try:
        with open(path, "rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None


def progress_lines(items: Iterable[T], path: str, label: str) -> Iterator[T]:
    """A bar for records that come one per line of ``path``."""
    return progress(items, count_lines(path), label, enabled=True)
