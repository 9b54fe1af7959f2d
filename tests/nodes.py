"""A real node for tests: `sankofa serve` started as an operator would, and stopped."""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path


def start_node(
    home: Path, port: int, env: Mapping[str, str], *, workers: int = 1, timeout: float = 120
) -> subprocess.Popen[bytes]:
    """Start `sankofa serve` on 127.0.0.1:`port` and return once it answers HTTP.

    Its output goes to `home`/serve.log (quoted in the error if it never answers).
    """
    home.mkdir(parents=True, exist_ok=True)
    log = (home / "serve.log").open("ab")
    command = ["serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sankofa", *command],
        env={**env, "SANKOFA_HOME": str(home)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/1/")
            conn.getresponse().read()
            conn.close()
            return proc
        except OSError:
            time.sleep(0.1)
    stop_node(proc)
    tail = (home / "serve.log").read_text(errors="replace")[-3000:]
    raise RuntimeError(f"`sankofa serve` did not answer on port {port}:\n{tail}")


def stop_node(proc: subprocess.Popen[bytes]) -> int:
    """Stop the server as an operator would (SIGTERM), killing it if it lingers."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode
