"""Run a crosscheck gold's own ``score.py`` with one repair, and nothing else changed.

    python bench/gold_score.py SCORE.py --gold GOLD.jsonl --clusters DIR --crossread CLI [--json]

The gold lists an internal inconsistency's ``text`` as a list of spans; ``score.py``'s word
overlap expects one string and stops with ``AttributeError: 'list' object has no attribute
'lower'`` as soon as crossread reports an inconsistency in an article that has a gold one.
Here a list is read as its spans joined by spaces (the words of all the gold spans); every
other line of the scorer runs as shipped.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def main() -> None:
    path = Path(sys.argv[1]).resolve()
    spec = importlib.util.spec_from_file_location("score", path)
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    toks = score.toks
    score.toks = lambda s: toks(" ".join(map(str, s)) if isinstance(s, list) else s)
    sys.argv = [str(path), *sys.argv[2:]]
    score.main()


if __name__ == "__main__":
    main()
