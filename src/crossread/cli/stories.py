"""``crossread stories``: group articles into stories, keep them in the store, list them.

crossread stories INPUTS... [--db PATH] [--format terminal|md|json]
crossread stories --db PATH                 # list what the store holds
crossread stories --search WORDS --db PATH  # stories whose titles, outlets or text hold them
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
    p.add_argument(
        "--search",
        "-s",
        metavar="WORDS",
        help="list the stories whose title, or an article's headline, outlet or text, holds "
        "every word (accents and case ignored)",
    )
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
            for note in index.notes:  # a fallback (e.g. no encoder) is said, never silent
                err(note)
            added = store.add_articles(result.articles, index=index, on_error=err)
            wanted = {s for a in result.articles if (s := store.story_of_article(a))}
            filled = f" ({added.filled} filled in missing details)" if added.filled else ""
            err(
                f"{added.added} article(s) added, {added.duplicates} already stored{filled}; "
                f"they are in {len(wanted)} story(ies); {store.path} holds "
                f"{store.count()} article(s) in {store.story_count()} story(ies)"
            )
        if args.search:
            infos = store.search(args.search, None if wanted else args.limit or None)
            if wanted is not None:
                infos = [s for s in infos if s.id in wanted]
        elif wanted is None:  # the store applies the limit (outlets are looked up per story)
            infos = store.stories(args.limit or None)
        else:
            infos = [s for s in store.stories() if s.id in wanted]
        if args.limit:
            infos = infos[: args.limit]
        members = {s.id: [a.id for a in store.articles_of(s.id)] for s in infos}
        total = store.story_count()
    fmt = args.format or ("json" if args.out and args.out.endswith(".json") else "terminal")
    order = "best match first" if args.search else "largest first"
    write_output(render_listing(infos, members, fmt, total, order), args.out)
    return EXIT_OK


HEADERS = ("id", "title", "articles", "outlets", "first seen", "last seen")


def render_listing(
    infos: list[Any],
    members: dict[str, list[str]],
    fmt: str,
    total: int | None = None,
    order: str = "",
) -> str:
    """Stories as JSON, a Markdown table, or a terminal table with headers; the last line
    counts what is shown against what the store holds, and says the order."""
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
            ],
            "total": len(infos) if total is None else total,
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    from crossread.grouping.features import shorten
    from crossread.present.escape import printable

    rows = [
        (
            s.id,
            printable(s.title),
            str(s.size),
            printable(_outlets(s.outlets)),
            (s.first_seen or "-")[:10],
            (s.last_seen or s.first_seen or "-")[:10],
        )
        for s in infos
    ]
    shown = f"{len(infos)} of {total} stories" if total is not None else f"{len(infos)} stories"
    shown += f", {order}" if order and infos else ""
    if fmt == "md":
        lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        lines += [
            "| " + " | ".join(_md(c) if i != 0 else f"`{c}`" for i, c in enumerate(r)) + " |"
            for r in rows
        ]
        return "\n".join(lines) + f"\n\n{shown}\n"
    if not infos:
        return f"no stories ({shown})\n"
    rows = [(r[0], shorten(r[1], 60), r[2], shorten(r[3], 30), r[4], r[5]) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    right = {2}

    def line(cells: tuple[str, ...]) -> str:
        out = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(out).rstrip()

    lines = [line(HEADERS), line(tuple("-" * w for w in widths))]
    lines += [line(r) for r in rows]
    return "\n".join(lines) + f"\n{shown}\n"


def _outlets(outlets: tuple[str, ...]) -> str:
    return ", ".join(outlets) if outlets else "-"


def _md(cell: str) -> str:
    from crossread.present.escape import md_text

    return md_text(cell).replace("|", "\\|").replace("\n", " ")


def _jsonl(args: argparse.Namespace) -> int:
    """Group every article of a JSONL file and write {id, story} per line, in batches of
    ``_BATCH`` (memory stays bounded on any number of lines); with ``--db`` the articles are
    stored and grouped with the stories already there."""
    from crossread.cli.common import (
        EXIT_NOTHING,
        EXIT_OK,
        err,
        open_out,
        options_from_args,
        say_ignored,
    )
    from crossread.ingest.sources import iter_read_jsonl
    from crossread.store import batches

    say_ignored(args, ("inputs", "search", "format"), "--jsonl groups its file into --out")
    options = options_from_args(args)
    articles = iter_read_jsonl(args.jsonl, options, on_error=err)
    out = sys.stdout if not args.out or args.out == "-" else open_out(args.out)
    written = 0
    try:
        if args.db:
            from crossread import store as store_mod

            with store_mod.open_store(args.db) as store:
                index = store.index()
                for note in index.notes:
                    err(note)
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
            for note in index.notes:
                err(note)
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
