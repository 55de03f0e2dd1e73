"""Command line: the parser and the error boundary. Each subcommand lives in its own module.

Imports of the pipeline are lazy so that ``crossread --help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence

from crossread.cli.common import EXIT_INTERNAL, EXIT_NOTHING, EXIT_OK, EXIT_USAGE, err

# (module, required): optional subcommands need extras that a lean install may lack
SUBCOMMANDS = (
    ("crossread.cli.summarize", True),
    ("crossread.cli.check", True),
    ("crossread.cli.stories", False),
    ("crossread.cli.story", False),
    ("crossread.cli.serve", False),
    ("crossread.cli.batch", False),
)


def build_parser() -> argparse.ArgumentParser:
    from crossread import __version__

    parser = argparse.ArgumentParser(
        prog="crossread",
        description="Read many news reports of one event: a short cited account, "
        "a cross-check of the facts, and who copied whom. Offline.",
    )
    parser.add_argument("--version", action="version", version=f"crossread {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument(
        "--settings",
        metavar="PATH",
        help="a JSON settings file layered over the shipped data files "
        "(default: $CROSSREAD_SETTINGS; see README 'Settings')",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module, required in SUBCOMMANDS:
        if required or importlib.util.find_spec(module) is not None:
            importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from crossread.errors import CrossreadError
    from crossread.settings import SettingsError

    try:
        from crossread import settings

        if args.settings or os.environ.get(settings.ENV):
            settings.use(args.settings or os.environ[settings.ENV])  # checked before any work
        return int(args.func(args) or 0)
    except SettingsError as exc:
        err(str(exc))
        return EXIT_USAGE
    except CrossreadError as exc:
        err(str(exc))
        return EXIT_NOTHING
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # no traceback reaches a user unless asked for
        if args.debug or os.environ.get("CROSSREAD_DEBUG"):
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
