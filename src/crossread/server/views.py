"""The Jinja2 environment of the pages: autoescape always on, a few URL helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).parent


def article_url(article_id: str, sentence: int | None = None) -> str:
    url = "/articles/" + quote(article_id, safe="")
    if sentence is not None and sentence >= 0:
        url += f"?s={int(sentence)}#s{int(sentence)}"
    return url


def story_url(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(100 * float(value))}%"


def day(value: str | None) -> str:
    return (value or "")[:10]


def runs(parts: Any) -> list[tuple[str, Any]]:
    """A line's parts (text and source numbers) as runs: ("text", str) or ("refs", [n, ...]);
    numbers separated only by spaces form one run (so a long run can be shortened)."""
    out: list[tuple[str, Any]] = []
    for p in parts:
        if isinstance(p, int):
            if out and out[-1][0] == "refs":
                out[-1][1].append(p)
            elif len(out) >= 2 and out[-1] == ("text", " ") and out[-2][0] == "refs":
                out.pop()
                out[-1][1].append(p)
            else:
                out.append(("refs", [p]))
        else:
            out.append(("text", p))
    return out


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its extension: article text is hostile
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(article_url=article_url, story_url=story_url)
    env.filters.update(percent=percent, day=day, runs=runs)
    return env


templates = Jinja2Templates(env=_environment())


def warm_templates() -> None:
    """Compile every template now (at start-up), not on a reader's first view."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)
