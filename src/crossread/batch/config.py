"""Engine knobs (time windows, partition sizes); defaults live in ``data/engine.json``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from crossread.errors import CrossreadError
from crossread.settings import load_json


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
        if self.window_days <= 0 or self.link_days < 0:
            raise CrossreadError("window_days must be positive and link_days not negative")
        if self.undated_chunk < 1 or self.stories_per_partition < 1 or self.max_link_terms < 1:
            raise CrossreadError(
                "undated_chunk, stories_per_partition, max_link_terms must be >= 1"
            )

    def with_(self, **changes: object) -> BatchConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def default_config() -> BatchConfig:
    data = {k: v for k, v in load_json("engine.json").items() if not k.startswith("_")}
    return BatchConfig(**data)
