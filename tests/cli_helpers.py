"""Running the real command line in a child process, as a user would (shared by the CLI tests)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``crossread ARGS`` from this checkout's code, without colour, at most 300 s."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "crossread.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The real ``crossread serve --db DB`` on a free port of 127.0.0.1; yields its address."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "crossread.cli.main", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    try:
        if not match:
            proc.kill()
            err = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"crossread serve did not start: {line!r} {err[-2000:]}")
        yield match.group(0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
