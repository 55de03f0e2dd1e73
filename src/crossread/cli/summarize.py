"""``crossread summarize``: a cited summary of one story (or, with --jsonl, of one story per line)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crossread.cli.common import (
    EXIT_NOTHING,
    EXIT_OK,
    add_input_options,
    err,
    open_out,
    options_from_args,
    read_articles,
    render_brief,
    show_progress,
    write_output,
)


def register(sub: Any) -> None:
    p = sub.add_parser("summarize", aliases=["summarise"], help="a cited summary of one story")
    add_input_options(p)
    p.add_argument("--words", "-w", type=int, help="word budget of the summary (default 120)")
    p.add_argument(
        "--encoder", choices=("static", "minilm"), help="sentence encoder (default static)"
    )
    p.add_argument("--no-check", action="store_true", help="leave out the cross-check section")
    p.add_argument(
        "--jsonl", help="batch: Multi-News-layout JSONL in, one summary per line out (--out)"
    )
    p.set_defaults(func=cmd_summarize)


def cmd_summarize(args: argparse.Namespace) -> int:
    if args.jsonl:
        return batch_jsonl(args)
    options = options_from_args(args)
    articles = read_articles(args, options)
    if not articles:
        err("nothing to summarise: no usable article in the input")
        return EXIT_NOTHING
    from dataclasses import replace

    from crossread import api
    from crossread.summary.pile import split_pile

    pile = split_pile(articles)  # several stories: the largest, the others listed
    brief = api.summarize(pile.main, options)
    if pile.others:
        brief = replace(brief, notes=pile.notes() + brief.notes)
        brief.extra["other_stories"] = pile.listing()
    write_output(render_brief(brief, args), args.out)
    return EXIT_OK


def batch_jsonl(args: argparse.Namespace) -> int:
    """--jsonl IN --out OUT: one summary line per Multi-News-layout story, streaming."""
    import json

    from crossread.api import summarize_records
    from crossread.cli.common import say_ignored
    from crossread.ingest.sources import iter_story_records
    from crossread.progress import progress_lines

    say_ignored(args, ("inputs", "story", "format"), "--jsonl reads its file, writes JSONL")
    if not args.no_check:  # a decision, logged: the per-line records carry summaries only
        import logging

        logging.getLogger("crossread").info("--jsonl: summaries without the cross-check")
    options = options_from_args(args, check=False)
    out_path = args.out or "-"
    written = failed = 0
    stream = sys.stdout if out_path == "-" else open_out(out_path)
    try:
        records = iter_story_records(args.jsonl, on_error=err, options=options)
        if show_progress(options) and args.jsonl != "-":
            records = progress_lines(records, args.jsonl, "summarising")
        for record in summarize_records(records, options):
            if "error" in record:
                failed += 1
                err(f"{args.jsonl}: story {record['id']}: {record['error']}")
                continue
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    finally:
        if stream is not sys.stdout:
            stream.close()
    if not written:
        err(f"{args.jsonl}: no story could be summarised")
        return EXIT_NOTHING
    if failed:
        err(f"{written} stories written, {failed} skipped")
    return EXIT_OK
