"""Engine knobs (time windows, partition sizes); defaults live in ``data/engine.json``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from crossread.settings import check_object, params


@dataclass(frozen=True)
class BatchConfig:
    """How a batch is cut into parallel work.

    - ``window_days``: dated articles are grouped within windows of this many days;
    - ``link_days``: stories of a window are linked to stories seen in the previous
      ``link_days`` days (neighbouring windows);
    - ``undated_chunk``: undated articles are hashed into chunks of about this size
      (grouped in parallel, then linked to each other and to recent stories);
    - ``stories_per_partition``: stories per output partition (one file each).
    """

    window_days: float = 2.0
    link_days: float = 7.0
    undated_chunk: int = 5000
    stories_per_partition: int = 200
    max_link_terms: int = 400

    def __post_init__(self) -> None:
        check_object(self, "engine.json")

    def with_(self, **changes: object) -> BatchConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def default_config() -> BatchConfig:
    return params(BatchConfig, "engine.json")
