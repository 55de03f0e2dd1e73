"""``crossread check``: the cross-check of one story alone."""

from __future__ import annotations

import argparse
from typing import Any

from crossread.cli.common import (
    EXIT_NOTHING,
    EXIT_OK,
    add_input_options,
    err,
    options_from_args,
    read_articles,
    render_brief,
    write_output,
)


def register(sub: Any) -> None:
    p = sub.add_parser("check", help="cross-check one story: reuse, entities, numbers, quotes")
    add_input_options(p)
    p.add_argument(
        "--encoder", choices=("static", "minilm"), help="sentence encoder (default static)"
    )
    p.set_defaults(func=cmd_check)


def cmd_check(args: argparse.Namespace) -> int:
    options = options_from_args(args)
    articles = read_articles(args, options)
    if not articles:
        err("nothing to check: no usable article in the input")
        return EXIT_NOTHING
    from crossread import api
    from crossread.model import Brief

    articles = api.dedupe(articles)
    report = api.check(articles, options)
    title = next((a.title for a in articles if a.title), "")
    brief = Brief(articles=tuple(articles), summary=(), title=title, check=report)
    write_output(render_brief(brief, args), args.out)
    return EXIT_OK
