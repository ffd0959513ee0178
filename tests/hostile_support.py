"""Shared by the hostile-input, lock and crash tests: the `ansvar` command and its server run
as real processes, each under an address-space limit, with its own peak memory measured."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ANSVAR = [sys.executable, "-m", "api.cli"]
ROOT = Path(__file__).resolve().parent.parent
# The address space a process may take: far above what a sane run needs (about 0.3 GB
# resident with spaCy), far below what a billion-laughs file would make it take.
ADDRESS_SPACE = 3 * 1024**3
TOKEN = "hostile-test-token"


@dataclass
class Finished:
    """A process that ended: its exit code, output and peak resident memory."""

    returncode: int
    stdout: str
    stderr: str
    max_rss: int  # bytes
    seconds: float


def _limit_address_space(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSVAR_")}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="200", **extra)
    return env


def start(args: list[str], env: dict[str, str], limit: int = ADDRESS_SPACE) -> tuple[subprocess.Popen, list]:
    """Start ``args`` under the address-space limit, its output going to temporary files."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 - closed in wait()
    proc = subprocess.Popen(
        args,
        stdout=out,
        stderr=err,
        env=env,
        cwd=ROOT,
        preexec_fn=_limit_address_space(limit),
        start_new_session=True,
    )
    return proc, [out, err, time.monotonic()]


def wait(proc: subprocess.Popen, files: list, timeout: float) -> Finished:
    """Wait for ``proc`` (killed after ``timeout`` s); its own rusage comes from wait4."""
    out, err, began = files
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    texts = []
    for handle in (out, err):
        handle.seek(0)
        texts.append(handle.read().decode("utf-8", "replace"))
        handle.close()
    return Finished(proc.returncode, texts[0], texts[1], usage.ru_maxrss * 1024, time.monotonic() - began)


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> Finished:
    """Run ``args`` to the end under the limit."""
    proc, files = start(args, env or environment())
    return wait(proc, files, timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`ansvar serve` in its own process, under the address-space limit."""

    def __init__(self, db: Path, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [*ANSVAR, "--db", str(db), "serve", "--port", str(self.port)]
        self.proc, self._files = start(args, environment(ANSVAR_TOKEN=TOKEN, **env))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the server ended at start")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self, sig: int = signal.SIGTERM) -> Finished:
        os.killpg(self.proc.pid, sig)
        return wait(self.proc, self._files, 30)


AUTH = {"Authorization": f"Bearer {TOKEN}"}
