"""Internal inconsistencies beyond conversions (issue 12): one article giving two values for
the same statement; a day of the week that moves with the story is not one."""

from __future__ import annotations

from crossread.crosscheck.report import check
from crossread.model import Article
from crossread.options import Options

STORY = (
    "A bus carrying tourists crashed on the mountain road near Cusco on Sunday, killing 12 "
    "passengers, police said.\n\nThe driver lost control on a sharp bend, officials said. "
    "Rescue teams worked through the night.\n\nThe bus crash on the mountain road near Cusco "
    "killed {n} passengers, police said on Monday."
)
OTHER = "Rescue teams worked through the night. The driver was taken to hospital."


def _internal(n: int) -> list[dict]:
    arts = [Article(id="a", text=STORY.format(n=n)), Article(id="b", text=OTHER)]
    return check(arts, Options()).to_dict()["inconsistencies"]


def test_a_number_that_changes_for_the_same_statement_is_reported() -> None:
    [bad] = _internal(15)
    assert bad["article"] == "a"
    assert "12 passengers" in bad["explanation"] and "15 passengers" in bad["explanation"]
    assert "killing 12 passengers" in bad["text"] and "killed 15 passengers" in bad["text"]


def test_the_same_number_twice_and_days_that_move_are_not() -> None:
    assert _internal(12) == []  # "on Sunday" ... "said on Monday": not an inconsistency
