"""``crossread stories``: group articles into stories, keep them in the store, list them.

crossread stories INPUTS... [--db PATH] [--format terminal|md|json]
crossread stories --db PATH                 # list what the store holds
crossread stories --jsonl IN.jsonl --out OUT.jsonl   # {"id", "story"} per input line
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    from crossread.cli.common import add_reading_options

    p = subparsers.add_parser(
        "stories",
        help="group articles into stories (kept in the store) and list them",
        description="Each article joins an existing story or starts a new one; stories are "
        "kept in the SQLite store and grow with every run. Use the ids with "
        "`crossread summarize --story ID` or `crossread check --story ID`.",
    )
    p.add_argument(
        "inputs", nargs="*", help="files, folders, URLs, .jsonl, feeds, .warc, or - for stdin"
    )
    p.add_argument("--db", help="SQLite store (default: in the user data directory)")
    p.add_argument("--format", "-f", choices=("terminal", "md", "json"), help="output format")
    p.add_argument("--out", "-o", help="write to this file instead of standard output")
    p.add_argument("--jsonl", help="JSONL of articles in: write {id, story} per line to --out")
    p.add_argument("--limit", type=int, default=50, help="stories to list (default 50; 0: all)")
    add_reading_options(p)
    p.set_defaults(func=cmd_stories)


def cmd_stories(args: argparse.Namespace) -> int:
    from crossread.cli.common import (
        EXIT_NOTHING,
        EXIT_OK,
        EXIT_USAGE,
        err,
        options_from_args,
        write_output,
    )

    if args.limit < 0:
        err(f"--limit {args.limit}: must be 0 (all) or more")
        return EXIT_USAGE
    if args.jsonl:
        return _jsonl(args)
    options = options_from_args(args)
    from crossread import store as store_mod

    with store_mod.open_store(args.db) as store:
        wanted: set[str] | None = None
        if args.inputs:
            from crossread.ingest.sources import read

            result = read(args.inputs, options, on_error=err)
            if not result.articles:
                err("no usable article in the input")
                return EXIT_NOTHING
            index = store.index()
            added = store.add_articles(result.articles, index=index)
            wanted = {s for a in result.articles if (s := store.story_of_article(a))}
            err(
                f"{added.added} article(s) added, {added.duplicates} already stored; "
                f"{len(wanted)} story(ies) in {store.path}"
            )
        if wanted is None:  # the store applies the limit (outlets are looked up per story)
            infos = store.stories(args.limit or None)
        else:
            infos = [s for s in store.stories() if s.id in wanted]
            if args.limit:
                infos = infos[: args.limit]
        members = {s.id: [a.id for a in store.articles_of(s.id)] for s in infos}
    fmt = args.format or ("json" if args.out and args.out.endswith(".json") else "terminal")
    write_output(render_brief(infos, members, fmt), args.out)
    return EXIT_OK


def render_brief(infos: list[Any], members: dict[str, list[str]], fmt: str) -> str:
    if fmt == "json":
        doc = {
            "stories": [
                {
                    "id": s.id,
                    "title": s.title,
                    "articles": members[s.id],
                    "first_seen": s.first_seen,
                    "last_seen": s.last_seen,
                    "size": s.size,
                    "outlets": list(s.outlets),
                }
                for s in infos
            ]
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    lines = []
    if fmt == "md":
        lines += ["| story | headline | articles | outlets | span |", "|---|---|---|---|---|"]
    for s in infos:
        span = _span(s.first_seen, s.last_seen)
        outlets = ", ".join(s.outlets[:4]) + (" …" if len(s.outlets) > 4 else "")
        if fmt == "md":
            lines.append(f"| `{s.id}` | {s.title} | {s.size} | {outlets} | {span} |")
        else:
            lines.append(f"{s.id}  {s.size:>3}  {span:<23}  {s.title[:70]}")
            if outlets:
                lines.append(f"{'':>16}{outlets}")
    if not infos:
        lines.append("no stories")
    return "\n".join(lines) + "\n"


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    first, last = first[:10], (last or first)[:10]
    return first if first == last else f"{first} .. {last}"


def _jsonl(args: argparse.Namespace) -> int:
    """Group every article of a JSONL file (one batch, online) and write {id, story} per
    article. The file is read like any other JSONL input (cleaned and dated the same way)."""
    from crossread.cli.common import EXIT_NOTHING, EXIT_OK, err, open_out, options_from_args
    from crossread.grouping.index import StoryIndex
    from crossread.ingest.sources import iter_read_jsonl

    arts = list(iter_read_jsonl(args.jsonl, options_from_args(args), on_error=err))
    if not arts:
        err(f"{args.jsonl}: no usable article")
        return EXIT_NOTHING
    story_ids = StoryIndex().add_many(arts)
    out = sys.stdout if not args.out or args.out == "-" else open_out(args.out)
    try:
        for a, sid in zip(arts, story_ids, strict=True):
            out.write(json.dumps({"id": a.id, "story": sid}, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_OK
