"""``crossread serve``: the reading room (web app + JSON API) on 127.0.0.1 by default."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "serve",
        help="the reading room: read, check and extend stories in a browser",
        description="Start the web app and JSON API over a story store. It binds to 127.0.0.1 "
        "(this machine only) unless --host says otherwise.",
    )
    p.add_argument("--db", help="SQLite store (default: in the user data directory)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="let users make the server fetch URLs on this machine or the local network",
    )
    p.add_argument("--words", "-w", type=int, help="word budget of summaries (default 120)")
    p.add_argument(
        "--encoder", choices=("static", "minilm"), help="sentence encoder (default static)"
    )
    p.add_argument("--max-urls", type=int, help="URLs per request (default 10)")
    p.add_argument("--max-upload-bytes", type=int, help="per uploaded file (default 5 MB)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from crossread.cli.common import EXIT_NOTHING, EXIT_USAGE, err, options_from_args

    try:
        import uvicorn

        from crossread.server.app import create_app
        from crossread.server.config import LOOPBACK_HOSTS, ServeOptions
    except ImportError as exc:
        err(f"the web app needs the 'server' extra: pip install 'crossread[server]' ({exc})")
        return EXIT_NOTHING
    if not 0 <= args.port <= 65535:
        err(f"--port {args.port}: not a port number")
        return EXIT_USAGE
    if (args.max_urls is not None and args.max_urls < 1) or (
        args.max_upload_bytes is not None and args.max_upload_bytes < 1
    ):
        err("--max-urls and --max-upload-bytes must be positive")
        return EXIT_USAGE
    loopback = args.host in LOOPBACK
    given = {
        k: v
        for k, v in (
            ("allow_private_urls", args.allow_private_urls or None),
            ("max_urls", args.max_urls),
            ("max_upload_bytes", args.max_upload_bytes),
        )
        if v is not None
    }
    serve = ServeOptions(
        options=options_from_args(args),
        **given,
        allowed_hosts=LOOPBACK_HOSTS if loopback else ("*",),
    )
    app = create_app(args.db, serve)
    if not loopback:
        err(f"warning: listening on {args.host}: other machines can reach this server")
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning")
    server = uvicorn.Server(config)
    _announce_when_started(server, args.host, app)
    with contextlib.suppress(SystemExit):  # uvicorn exits when it cannot bind
        server.run()
    if not server.started:
        err(f"could not listen on {args.host}:{args.port} (in use? try another --port)")
        return EXIT_NOTHING
    return 0


def _announce_when_started(server: Any, host: str, app: Any) -> None:
    """Print the address once the socket is bound (so --port 0 prints the real port)."""
    original = server.startup

    async def startup(sockets: Any = None) -> None:
        await original(sockets=sockets)
        port = None
        for srv in getattr(server, "servers", []):
            for sock in getattr(srv, "sockets", []) or []:
                port = sock.getsockname()[1]
                break
        shown = f"[{host}]" if ":" in host else host
        if shown in ("0.0.0.0", "[::]"):
            shown = "127.0.0.1"
        db = app.state.library.db_path
        print(f"crossread: serving {db} at http://{shown}:{port}/ (Ctrl+C to stop)", flush=True)

    server.startup = startup
