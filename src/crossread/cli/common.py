"""Helpers every subcommand shares: exit codes, messages, options from arguments, reading, output."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def err(message: str) -> None:
    """One line on standard error; names from inputs cannot carry escape sequences."""
    from crossread.present.escape import printable

    print(f"crossread: {printable(message)}", file=sys.stderr, flush=True)


def options_from_args(args: argparse.Namespace, **overrides: Any) -> Any:
    from crossread.options import Options

    values: dict[str, Any] = {}
    for name in ("words", "encoder", "max_bytes", "url_timeout"):
        value = getattr(args, name, None)
        if value is not None:
            values[name] = value
    if getattr(args, "no_clean", False):
        values["clean"] = False
    if getattr(args, "no_check", False):
        values["check"] = False
    if getattr(args, "no_progress", False):
        values["progress"] = False
    values.update(overrides)
    return Options(**values)


def show_progress(options: Any) -> bool:
    return sys.stderr.isatty() if options.progress is None else bool(options.progress)


def open_out(out: str) -> Any:
    """``out`` opened for writing (UTF-8); a path that cannot be written is the user's error."""
    from crossread.errors import InputError

    try:
        return open(out, "w", encoding="utf-8")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise InputError(out, f"cannot be written ({exc.strerror or exc})") from None


def write_output(text: str, out: str | None) -> None:
    if out and out != "-":
        with open_out(out) as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def read_articles(args: argparse.Namespace, options: Any) -> list[Any]:
    """Articles from the inputs, or from a stored story with --story."""
    if getattr(args, "story", None):
        from crossread import store as store_mod

        path = store_mod.resolve_path(args.db)
        if not path.exists():  # reading a story must not create an empty store
            err(f"story {args.story}: not found (no store at {path})")
            return []
        with store_mod.open_store(args.db) as store:
            articles = store.articles_of(args.story)
        if not articles:
            err(f"story {args.story}: not found in {store_mod.resolve_path(args.db)}")
        return list(articles)
    if not args.inputs:
        err("no input given: name files, folders, URLs, or - for standard input")
        return []
    from crossread import api

    result = api.read(args.inputs, options, on_error=err)
    return list(result.articles)


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.out and args.out != "-":
        ext = os.path.splitext(args.out)[1].lower()
        return {".md": "md", ".json": "json", ".html": "html", ".htm": "html"}.get(ext, "md")
    return "terminal"


def render_brief(brief: Any, args: argparse.Namespace) -> str:
    from crossread import api

    if getattr(args, "story", None):  # a stored story shows its own id and title everywhere
        from dataclasses import replace

        from crossread import store as store_mod

        with store_mod.open_store(args.db) as store:
            info = store.story(args.story)
        if info is not None:
            brief = replace(brief, story_id=info.id, title=info.title)

    fmt = output_format(args)
    if fmt == "terminal":
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and not args.out
        width = os.get_terminal_size().columns if sys.stdout.isatty() else 100
        return api.render(brief, "terminal", width=min(width, 110), color=color)
    return api.render(brief, fmt)


def add_input_options(p: argparse.ArgumentParser, *, formats: bool = True) -> None:
    p.add_argument(
        "inputs", nargs="*", help="files, folders, URLs, .jsonl, feeds, .warc, or - for stdin"
    )
    if formats:
        p.add_argument(
            "--format", "-f", choices=("terminal", "md", "json", "html"), help="output format"
        )
        p.add_argument("--out", "-o", help="write to this file instead of standard output")
    add_reading_options(p)
    p.add_argument("--story", help="use a stored story (see `crossread stories`) instead of inputs")
    p.add_argument("--db", help="SQLite store (default: in the user data directory)")


def add_reading_options(p: argparse.ArgumentParser) -> None:
    """The options every command that reads inputs shares (they feed ``options_from_args``)."""
    p.add_argument("--no-clean", action="store_true", help="keep boilerplate lines (no cleaning)")
    p.add_argument("--max-bytes", type=int, help="refuse inputs larger than this (default 5 MB)")
    p.add_argument("--url-timeout", type=float, help="seconds to wait for a URL (default 15)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def say_ignored(args: argparse.Namespace, names: tuple[str, ...], why: str) -> None:
    """An option that cannot apply is said (and logged), never silently dropped."""
    import logging

    for name in names:
        value = getattr(args, name, None)
        if value not in (None, False, [], ""):
            message = f"--{name.replace('_', '-')} is ignored: {why}"
            logging.getLogger("crossread").info(message)
            err(message)
