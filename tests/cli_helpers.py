"""Running the real command line in a child process, as a user would (shared by the CLI tests)."""

from __future__ import annotations

import os
import subprocess
import sys
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
