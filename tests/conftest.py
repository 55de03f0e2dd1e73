"""Shared fixtures."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "putin-syria-2017"
SHARED = REPO.parent / "shared" / "eval_data"


def pytest_configure(config: pytest.Config) -> None:
    """The suite tests this checkout's code, not another copy that happens to be installed."""
    import crossread

    here = Path(crossread.__file__).resolve().parents[1]
    if here != REPO / "src":
        raise pytest.UsageError(
            f"crossread is imported from {here}, not {REPO / 'src'}: "
            "install this checkout (make setup) or set PYTHONPATH=src"
        )


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/eval_data, or a loud skip when it is not beside the checkout."""
    if not (SHARED / "mds" / "dev.jsonl").exists():
        msg = f"SKIPPED: {SHARED} is missing; this test needs the shared evaluation data"
        warnings.warn(msg, stacklevel=1)
        pytest.skip(msg)
    return SHARED
