"""`sankofa serve`: the node on the web, with a production server."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the node over HTTP (gunicorn, static files included)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    p.set_defaults(func=run_serve, needs_django=True)


def run_serve(args: argparse.Namespace) -> int:
    from sankofa.web.server import ServeOptions, serve

    if not 0 < args.port < 65536:
        from sankofa.cli.errors import CommandError

        raise CommandError(f"--port {args.port}: not a TCP port")
    serve(ServeOptions(args.host, args.port, args.workers, args.threads))
    return 0
