"""Task registry: the functions a job may run, by name.

A task is a plain function whose first parameter is the acting `Actor`; its
other arguments and its return value are JSON values (see `check_json`).
Tasks are registered with `@task("domain.verb", ...)` in a module named
`tasks` of an installed app; the registry imports those modules the first
time it is asked for a name it does not know.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


class InvalidJob(ValueError):
    """A job was asked with an unknown task name or arguments that are not JSON values."""


class PermanentError(Exception):
    """Raised by a task when trying again cannot help: the job fails without further attempts."""


@dataclass(frozen=True)
class Task(Generic[P, R]):
    """A registered function and how its jobs are retried.

    `backoff` is the delay in seconds before the second attempt; each further
    attempt waits twice as long (plus up to a quarter of jitter), at most
    `max_backoff`. A job still `running` after `timeout` seconds is taken as
    lost by the sweeper and tried again.
    """

    name: str
    func: Callable[P, R]
    max_attempts: int = 5
    backoff: float = 30.0
    max_backoff: float = 3600.0
    timeout: float = 6 * 3600.0

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run the function here and now (no job)."""
        return self.func(*args, **kwargs)


_tasks: dict[str, Task[..., Any]] = {}
_lock = threading.Lock()  # guards _tasks
_discovery = threading.Lock()  # one thread imports the tasks modules, the others wait
_discovered = False


def task(
    name: str,
    *,
    max_attempts: int = 5,
    backoff: float = 30.0,
    max_backoff: float = 3600.0,
    timeout: float = 6 * 3600.0,
) -> Callable[[Callable[P, R]], Task[P, R]]:
    """Register the decorated function as the task `name` (lower-case, dotted: "archive.visit")."""
    check_name(name)
    if max_attempts < 1 or not 0 <= backoff <= max_backoff or timeout <= 0:
        raise ValueError(f"task {name}: needs max_attempts >= 1, 0 <= backoff <= max_backoff")

    def register(func: Callable[P, R]) -> Task[P, R]:
        spec: Task[P, R] = Task(name, func, max_attempts, backoff, max_backoff, timeout)
        with _lock:
            known = _tasks.get(name)
            if known is not None and _origin(known.func) != _origin(func):
                raise ValueError(f"task {name} is already registered by {_origin(known.func)}")
            _tasks[name] = spec
        return spec

    return register


def _origin(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def check_name(name: str) -> None:
    if not name or not set(name) <= NAME_CHARS or name[0] == "." or len(name) > 200:
        raise InvalidJob(f"{name!r} is not a task name (lower-case letters, digits, '._-')")


def find(name: str) -> Task[..., Any] | None:
    """The task registered as `name`, importing every app's `tasks` module once if needed."""
    spec = _tasks.get(name)
    if spec is None and not _discovered:
        discover()
        spec = _tasks.get(name)
    return spec


def lookup(name: str) -> Task[..., Any]:
    spec = find(name)
    if spec is None:
        raise InvalidJob(f"no task named {name!r}")
    return spec


def names() -> list[str]:
    if not _discovered:
        discover()
    return sorted(_tasks)


def discover() -> None:
    """Import the `tasks` module of every installed app (their decorators register them)."""
    global _discovered
    from django.utils.module_loading import autodiscover_modules

    with _discovery:
        if not _discovered:
            autodiscover_modules("tasks")
            _discovered = True


def check_json(value: object, where: str = "value") -> None:
    """Raise InvalidJob unless `value` is made of None, bool, int, finite float, str, list and
    dict with str keys: what JSON round-trips unchanged (tuples, bytes, sets, NaN are refused)."""
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidJob(f"{where}: {value!r} is not a JSON number")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            check_json(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidJob(f"{where}: key {key!r} is not a string")
            check_json(item, f"{where}[{key!r}]")
        return
    raise InvalidJob(f"{where}: {type(value).__name__} is not a JSON value")
