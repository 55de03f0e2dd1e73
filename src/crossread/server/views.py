"""The Jinja2 environment of the pages: autoescape always on, a few URL helpers."""

from __future__ import annotations

from pathlib import Path
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


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its extension: article text is hostile
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(article_url=article_url, story_url=story_url)
    env.filters.update(percent=percent, day=day)
    return env


templates = Jinja2Templates(env=_environment())
