"""``crossread batch``: the whole pipeline over many inputs, on a process pool or Ray."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    from crossread.cli.common import add_reading_options

    p = subparsers.add_parser(
        "batch",
        help="group and summarise many inputs into partitioned JSONL (process pool or Ray)",
        description="Read -> clean -> split -> group -> summarise/check over sharded input "
        "(JSONL, WARC, feeds, folders) and write one JSONL file per partition to --out "
        "(part-NNNNN.jsonl: one story per line with its articles, summary and cross-check), "
        "errors.jsonl and manifest.json.",
    )
    p.add_argument("inputs", nargs="+", help="files (JSONL, WARC, feeds, HTML, text) or folders")
    p.add_argument(
        "--out", "-o", required=True, help="output folder (its old results are replaced)"
    )
    p.add_argument(
        "--engine", choices=("local", "ray"), default="local", help="process pool or Ray Data"
    )
    p.add_argument("--workers", "-j", type=int, default=2, help="parallel workers (default 2)")
    p.add_argument(
        "--ray-address",
        help="Ray cluster to join (e.g. auto, 10.0.0.5:6379, ray://head:10001); "
        "default: start Ray on this machine",
    )
    p.add_argument(
        "--window-days", type=float, help="group dated articles in windows of this many days"
    )
    p.add_argument("--words", "-w", type=int, help="word budget of each summary (default 120)")
    p.add_argument(
        "--encoder", choices=("static", "minilm"), help="sentence encoder (default static)"
    )
    p.add_argument("--no-check", action="store_true", help="leave out the cross-checks")
    add_reading_options(p)
    p.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    from crossread.batch.runner import default_config, run_batch
    from crossread.cli.common import (
        EXIT_NOTHING,
        EXIT_OK,
        EXIT_USAGE,
        err,
        options_from_args,
        show_progress,
    )

    if args.workers < 1:
        err(f"--workers must be at least 1, got {args.workers}")
        return EXIT_USAGE
    if args.ray_address and args.engine != "ray":
        err("--ray-address needs --engine ray")
        return EXIT_USAGE
    options = options_from_args(args)
    config = default_config()
    if args.window_days is not None:
        if args.window_days <= 0:
            err(f"--window-days must be positive, got {args.window_days}")
            return EXIT_USAGE
        config = config.with_(window_days=args.window_days)
    result = run_batch(
        args.inputs,
        args.out,
        options,
        engine=args.engine,
        workers=args.workers,
        ray_address=args.ray_address,
        config=config,
        on_error=err,
        show_progress=show_progress(options),
    )
    err(
        f"{result.articles} articles -> {result.stories} stories in {len(result.files)} "
        f"partition file(s) under {result.out_dir} ({result.seconds:.1f}s, "
        f"{result.articles_per_second:.1f} articles/s, engine {result.engine}, "
        f"{result.workers} worker(s)); {len(result.errors)} problem(s) reported"
    )
    return EXIT_OK if result.stories else EXIT_NOTHING
