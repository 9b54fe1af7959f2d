"""Running the `git` binary safely: a fixed environment and clear errors.

Every git subprocess of the archive goes through `run` or `popen`: user and
system configuration are ignored, prompts are disabled, and only the
transports the archive supports are allowed (never `ext::` or `fd::`).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ALLOWED_PROTOCOLS = "file:git:http:https"


class GitError(RuntimeError):
    """A git command failed; the message is git's own last line of stderr."""

    def __init__(self, args: Sequence[str | bytes], returncode: int, stderr: bytes) -> None:
        lines = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        detail = lines[-1] if lines else f"exit status {returncode}"
        super().__init__(detail)
        self.command = list(args)
        self.returncode = returncode
        self.stderr = stderr


# The operator's trust anchors for https origins (e.g. an institution's own CA) pass through.
PASSED_GIT_VARIABLES = frozenset({"GIT_SSL_CAINFO", "GIT_SSL_CAPATH"})


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in PASSED_GIT_VARIABLES
    }
    env.update(
        {
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "/bin/false",
            "SSH_ASKPASS": "/bin/false",
            "GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS,
            "LC_ALL": "C",
        }
    )
    if extra:
        env.update(extra)
    return env


def _die_with_parent() -> None:
    """In the child, before exec: be killed when the process that started git dies.

    A killed `sankofa archive` must not leave a `git fetch` writing into its
    quarantine; git's own helpers (index-pack, remote-http) then see their pipes
    close and stop too.
    """
    _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)


DIE_WITH_PARENT: Callable[[], None] | None
try:
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl
    _PR_SET_PDEATHSIG = 1
    DIE_WITH_PARENT = _die_with_parent
except (OSError, AttributeError):  # not Linux: no such guard
    DIE_WITH_PARENT = None


def git_args(git_dir: Path | None, args: Sequence[str | bytes]) -> list[str | bytes]:
    head: list[str | bytes] = ["git"]
    if git_dir is not None:
        head += ["--git-dir", str(git_dir)]
    return head + list(args)


def run(
    git_dir: Path | None,
    args: Sequence[str | bytes],
    *,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    check: bool = True,
    guarded: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """Run git to completion; stdout and stderr are captured as bytes.

    `guarded` (for long transfers and packing) makes git die with this process.
    """
    cmd = git_args(git_dir, args)
    proc = subprocess.run(
        cmd,
        input=input,
        capture_output=True,
        env=git_env(env),
        check=False,
        preexec_fn=DIE_WITH_PARENT if guarded else None,
    )
    if check and proc.returncode != 0:
        raise GitError(cmd, proc.returncode, proc.stderr)
    return proc


def popen(
    git_dir: Path | None, args: Sequence[str | bytes], **kwargs: Any
) -> subprocess.Popen[bytes]:
    env = git_env(kwargs.pop("env", None))
    return subprocess.Popen(git_args(git_dir, args), env=env, **kwargs)
