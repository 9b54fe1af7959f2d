"""`sankofa serve`: the node behind gunicorn, static files by WhiteNoise.

gunicorn runs threaded workers (`gthread`) that import the application
before forking; static files are collected into SANKOFA_HOME/static, with
gzip and brotli variants and hashed names served with far-future cache
headers. On the embedded default each worker also runs the background job
runner, so no other service is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 8
    timeout: int = 120


class NodeServer(BaseApplication):  # type: ignore[misc]
    """gunicorn configured from code: no configuration file is read."""

    def __init__(
        self, app: Callable[..., Any], options: ServeOptions, hooks: dict[str, Any]
    ) -> None:
        self.application = app
        self.options = options
        self.hooks = hooks
        super().__init__()

    def load_config(self) -> None:
        o = self.options
        settings = {
            "bind": f"[{o.host}]:{o.port}" if ":" in o.host else f"{o.host}:{o.port}",
            "workers": o.workers,
            "threads": o.threads,
            "worker_class": "gthread",
            "timeout": o.timeout,
            "graceful_timeout": 30,
            "accesslog": "-",
            "errorlog": "-",
            "preload_app": True,
            "forwarded_allow_ips": "127.0.0.1,::1",
            **self.hooks,
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application


def prepare() -> None:
    """Create the schema and collect static files (both idempotent and quick when done).

    The database connection this opens is closed again: workers are forked from
    this process and must each open their own.
    """
    from django.core.management import call_command
    from django.db import connections

    from sankofa.cli.main import ensure_schema

    ensure_schema()
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()


def start_jobs(worker: Any) -> None:
    """gunicorn `post_worker_init`: on the embedded default, each worker also runs jobs."""
    from django.conf import settings

    if settings.SANKOFA_JOBS_BROKER_URL:
        return  # Celery workers run them
    from sankofa.core.jobs.embedded import EmbeddedWorker

    worker.sankofa_jobs = EmbeddedWorker(concurrency=1).start()


def stop_jobs(server: Any, worker: Any) -> None:
    """gunicorn `worker_exit`: let a running job finish, briefly."""
    jobs = getattr(worker, "sankofa_jobs", None)
    if jobs is not None:
        jobs.stop(timeout=10)


def warm_up(application: Callable[..., Any]) -> None:
    """Load what every request needs before the workers fork, then freeze it for the GC.

    Templates, URL patterns and translations then live in memory the workers share, and
    the collector no longer walks them on every full collection (shorter pauses).
    """
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    gc.collect()
    gc.freeze()


def serve(options: ServeOptions) -> None:
    prepare()
    from sankofa.wsgi import application

    warm_up(application)
    hooks = {"post_worker_init": start_jobs, "worker_exit": stop_jobs}
    NodeServer(application, options, hooks).run()
