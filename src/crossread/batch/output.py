"""Writing a batch's results: one JSONL file per partition, the errors, a manifest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from crossread.batch.records import ERRORS_FILE, MANIFEST_FILE, RESULT_GLOB
from crossread.errors import InputError


class ResultWriter:
    """Writes ``part-NNNNN.jsonl`` (one story per line), ``errors.jsonl`` and ``manifest.json``.

    Earlier results in the folder are replaced (only crossread's own files are removed).
    """

    def __init__(self, out_dir: str | Path, on_error: Callable[[str], None] | None = None) -> None:
        self.on_error = on_error
        self.dir = Path(out_dir)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(str(out_dir), f"cannot create the output folder ({exc})") from None
        for old in [*self.dir.glob(RESULT_GLOB), self.dir / ERRORS_FILE, self.dir / MANIFEST_FILE]:
            old.unlink(missing_ok=True)
        self._files: dict[int, IO[str]] = {}
        self._errors = open(self.dir / ERRORS_FILE, "w", encoding="utf-8")  # noqa: SIM115
        self.stories = 0
        self.n_errors = 0
        self.notes: list[str] = []  # fallbacks of the run (a model that could not be loaded)

    def part_path(self, partition: int) -> Path:
        return self.dir / f"part-{partition:05d}.jsonl"

    def write_story(self, partition: int, record: dict[str, Any] | str) -> None:
        fh = self._files.get(partition)
        if fh is None:
            fh = self._files[partition] = open(self.part_path(partition), "w", encoding="utf-8")  # noqa: SIM115
        line = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
        fh.write(line.rstrip("\n") + "\n")
        self.stories += 1

    def write_error(self, stage: str, message: str) -> None:
        self._errors.write(
            json.dumps({"stage": stage, "error": message}, ensure_ascii=False) + "\n"
        )
        self.n_errors += 1
        if self.on_error is not None:
            self.on_error(message)

    def note(self, message: str) -> None:
        """A fallback of the whole run: kept in the manifest's ``notes`` (once each)."""
        if message not in self.notes:
            self.notes.append(message)

    def close(self, manifest: dict[str, Any]) -> None:
        for fh in self._files.values():
            fh.close()
        self._errors.close()
        manifest = {
            **manifest,
            "partitions": sorted(self._files),
            "stories": self.stories,
            "notes": self.notes,
        }
        (self.dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")

    def files(self) -> list[Path]:
        return [self.part_path(p) for p in sorted(self._files)]
