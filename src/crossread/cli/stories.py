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
            added = store.add_articles(result.articles, index=index, on_error=err)
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
    from crossread.present.escape import md_text, printable

    lines = []
    if fmt == "md":
        lines += ["| story | headline | articles | outlets | span |", "|---|---|---|---|---|"]
    for s in infos:
        span = _span(s.first_seen, s.last_seen)
        outlets = ", ".join(s.outlets[:4]) + (" …" if len(s.outlets) > 4 else "")
        if fmt == "md":
            cells = [md_text(x).replace("|", "\\|") for x in (s.title, outlets)]
            lines.append(f"| `{s.id}` | {cells[0]} | {s.size} | {cells[1]} | {span} |")
        else:
            title, outlets = printable(s.title[:70]), printable(outlets)
            lines.append(f"{s.id}  {s.size:>3}  {span:<23}  {title}")
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
    """Group every article of a JSONL file and write {id, story} per line, in batches of
    ``_BATCH`` (memory stays bounded on any number of lines); with ``--db`` the articles are
    stored and grouped with the stories already there."""
    from crossread.cli.common import EXIT_NOTHING, EXIT_OK, err, open_out, options_from_args
    from crossread.ingest.sources import iter_read_jsonl
    from crossread.store import batches

    options = options_from_args(args)
    articles = iter_read_jsonl(args.jsonl, options, on_error=err)
    out = sys.stdout if not args.out or args.out == "-" else open_out(args.out)
    written = 0
    try:
        if args.db:
            from crossread import store as store_mod

            with store_mod.open_store(args.db) as store:
                index = store.index()
                for batch in batches(articles, _BATCH):
                    result = store.add_articles(batch, index=index, on_error=err)
                    stored = {(a.source, a.text): a for a in result.stored}
                    for a in batch:
                        new = stored.get((a.source, a.text))
                        sid = result.story_of.get(new.id) if new else store.story_of_article(a)
                        written += _label(out, new.id if new else a.id, sid)
        else:
            from crossread.grouping.index import StoryIndex

            index = StoryIndex()
            for batch in batches(articles, _BATCH):
                for a, sid in zip(batch, index.add_many(batch), strict=True):
                    written += _label(out, a.id, sid)
    except OSError as exc:
        err(f"{args.jsonl}: cannot be read ({exc.strerror or exc})")
        return EXIT_NOTHING
    finally:
        if out is not sys.stdout:
            out.close()
    if not written:
        err(f"{args.jsonl}: no usable article")
        return EXIT_NOTHING
    return EXIT_OK


_BATCH = 2000


def _label(out: Any, article_id: str, story_id: str | None) -> int:
    out.write(json.dumps({"id": article_id, "story": story_id}, ensure_ascii=False) + "\n")
    return 1
