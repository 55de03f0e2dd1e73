"""Command line: argument parsing only. Everything else is in crossread.api and the renderers.

Imports of the pipeline are lazy so that ``crossread --help`` is instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _err(message: str) -> None:
    print(f"crossread: {message}", file=sys.stderr, flush=True)


def _options(args: argparse.Namespace, **overrides: Any) -> Any:
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


def _show_progress(options: Any) -> bool:
    return sys.stderr.isatty() if options.progress is None else bool(options.progress)


def _open_out(out: str) -> Any:
    """``out`` opened for writing (UTF-8); a path that cannot be written is the user's error."""
    from crossread.errors import InputError

    try:
        return open(out, "w", encoding="utf-8")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise InputError(out, f"cannot be written ({exc.strerror or exc})") from None


def _write(text: str, out: str | None) -> None:
    if out and out != "-":
        with _open_out(out) as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _read_articles(args: argparse.Namespace, options: Any) -> list[Any]:
    """Articles from the inputs, or from a stored story with --story."""
    if getattr(args, "story", None):
        from crossread import store as store_mod

        path = store_mod.resolve_path(args.db)
        if not path.exists():  # reading a story must not create an empty store
            _err(f"story {args.story}: not found (no store at {path})")
            return []
        with store_mod.open_store(args.db) as store:
            articles = store.articles_of(args.story)
        if not articles:
            _err(f"story {args.story}: not found in {store_mod.resolve_path(args.db)}")
        return list(articles)
    if not args.inputs:
        _err("no input given: name files, folders, URLs, or - for standard input")
        return []
    from crossread import api

    result = api.read(args.inputs, options, on_error=_err)
    return list(result.articles)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.out and args.out != "-":
        ext = os.path.splitext(args.out)[1].lower()
        return {".md": "md", ".json": "json", ".html": "html", ".htm": "html"}.get(ext, "md")
    return "terminal"


def _render(brief: Any, args: argparse.Namespace) -> str:
    from crossread import api

    fmt = _format(args)
    if fmt == "terminal":
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and not args.out
        width = os.get_terminal_size().columns if sys.stdout.isatty() else 100
        return api.render(brief, "terminal", width=min(width, 110), color=color)
    return api.render(brief, fmt)


def cmd_summarize(args: argparse.Namespace) -> int:
    if args.jsonl:
        return _batch_jsonl(args)
    options = _options(args)
    articles = _read_articles(args, options)
    if not articles:
        _err("nothing to summarise: no usable article in the input")
        return EXIT_NOTHING
    from crossread import api

    brief = api.summarize(articles, options)
    _write(_render(brief, args), args.out)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    options = _options(args)
    articles = _read_articles(args, options)
    if not articles:
        _err("nothing to check: no usable article in the input")
        return EXIT_NOTHING
    from crossread import api
    from crossread.model import Brief

    articles = api.dedupe(articles)
    report = api.check(articles, options)
    title = next((a.title for a in articles if a.title), "")
    brief = Brief(articles=tuple(articles), summary=(), title=title, check=report)
    _write(_render(brief, args), args.out)
    return EXIT_OK


def _batch_jsonl(args: argparse.Namespace) -> int:
    """--jsonl IN --out OUT: one summary line per Multi-News-layout story, streaming."""
    import json

    from crossread.api import summarize_records
    from crossread.progress import progress_lines
    from crossread.read import iter_story_records

    options = _options(args, check=False)
    out_path = args.out or "-"
    written = failed = 0
    stream = sys.stdout if out_path == "-" else _open_out(out_path)
    try:
        records = iter_story_records(args.jsonl, on_error=_err)
        if _show_progress(options) and args.jsonl != "-":
            records = progress_lines(records, args.jsonl, "summarising")
        for record in summarize_records(records, options):
            if "error" in record:
                failed += 1
                _err(f"{args.jsonl}: story {record['id']}: {record['error']}")
                continue
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    finally:
        if stream is not sys.stdout:
            stream.close()
    if not written:
        _err(f"{args.jsonl}: no story could be summarised")
        return EXIT_NOTHING
    if failed:
        _err(f"{written} stories written, {failed} skipped")
    return EXIT_OK


def _add_common(p: argparse.ArgumentParser, *, formats: bool = True) -> None:
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
    """The options every command that reads inputs shares (they feed ``_options``)."""
    p.add_argument("--no-clean", action="store_true", help="keep boilerplate lines (no cleaning)")
    p.add_argument("--max-bytes", type=int, help="refuse inputs larger than this (default 5 MB)")
    p.add_argument("--url-timeout", type=float, help="seconds to wait for a URL (default 15)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def build_parser() -> argparse.ArgumentParser:
    from crossread import __version__

    parser = argparse.ArgumentParser(
        prog="crossread",
        description="Read many news reports of one event: a short cited account, "
        "a cross-check of the facts, and who copied whom. Offline.",
    )
    parser.add_argument("--version", action="version", version=f"crossread {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("summarize", aliases=["summarise"], help="a cited summary of one story")
    _add_common(p)
    p.add_argument("--words", "-w", type=int, help="word budget of the summary (default 120)")
    p.add_argument(
        "--encoder", choices=("static", "minilm"), help="sentence encoder (default static)"
    )
    p.add_argument("--no-check", action="store_true", help="leave out the cross-check section")
    p.add_argument(
        "--jsonl", help="batch: Multi-News-layout JSONL in, one summary per line out (--out)"
    )
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("check", help="cross-check one story: reuse, entities, numbers, quotes")
    _add_common(p)
    p.add_argument(
        "--encoder", choices=("static", "minilm"), help="sentence encoder (default static)"
    )
    p.set_defaults(func=cmd_check)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


def _register_stories(sub: Any) -> None:
    from crossread.cli_stories import register

    register(sub)


def _register_serve(sub: Any) -> None:
    from crossread.cli_serve import register

    register(sub)


def _register_batch(sub: Any) -> None:
    from crossread.cli_batch import register

    register(sub)


def _optional(register: Callable[[Any], None], module: str) -> Callable[[Any], None]:
    """Register a subcommand whose module may be absent in a lean install."""

    def wrapper(sub: Any) -> None:
        import importlib.util

        if importlib.util.find_spec(module) is not None:
            register(sub)

    return wrapper


_EXTRA_COMMANDS: list[Callable[[Any], None]] = [
    _optional(_register_stories, "crossread.cli_stories"),
    _optional(_register_serve, "crossread.cli_serve"),
    _optional(_register_batch, "crossread.cli_batch"),
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from crossread.errors import CrossreadError

    try:
        return int(args.func(args) or 0)
    except CrossreadError as exc:
        _err(str(exc))
        return EXIT_NOTHING
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # no traceback reaches a user unless asked for
        if args.debug or os.environ.get("CROSSREAD_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
