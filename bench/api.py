"""Benchmark of the HTTP API: GET /ownership and GET /gaps?jurisdiction= on a national workspace.

Starts ``ansvar serve`` on the synthetic national-scale workspace of bench/synth.py (written
once and reused), pinned to CPU 0, and drives it from this process, pinned to CPU 1, with a
small keep-alive HTTP/1.1 load generator (asyncio + uvloop, raw sockets) at 1, 16 and 64
concurrent clients. Beside it, in the same run, a bare ASGI app answering a constant under
the same uvicorn (the floor: what the server stack alone costs on this machine). The machine
is shared, so the floor's steps are interleaved with the API's (floor, /ownership, /gaps at
each concurrency), the whole series is repeated (``--rounds``, default 3) and the figures
are the medians, each endpoint's also as a ratio to the floor.

Each step is bounded in time and in requests. Requests rotate over every jurisdiction (with
two issues for /ownership), so a step touches a few hundred distinct answers; the first
request for each answer is computed from the in-memory index and later ones come from the
snapshot's answer cache, so "cold" figures (one pass over every key, one client, before the
steps) are reported apart. Only 127.0.0.1 traffic.

    python bench/api.py                         # 1M claims (generated on first run, ~7 min)
    python bench/api.py --claims 100000 --seconds 3 --rounds 1
    python bench/api.py --db /path/to/workspace.db

It prints a table and, last, one JSON line of the figures (units in the names).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = (1, 16, 64)
SERVER_CPU, CLIENT_CPU = 0, 1
ISSUES = ("integration", "refugee_reception")
GOAL = {"rps": 2000, "p99_ms": 25.0, "clients": 16}


# -- the floor: a bare ASGI app -------------------------------------------------------------
async def constant_app(scope, receive, send):  # pragma: no cover - runs in the floor server
    """Answer every request with a small constant JSON body."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = b'{"status":"ok"}'
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- the workspace and the servers --------------------------------------------------------------
def workspace(claims: int, folder: Path, seed: int) -> Path:
    """The synthetic workspace of this size, written once into ``folder`` and reused."""
    db = folder / f"api-synth-{claims}-{seed}.db"
    done = db.with_suffix(".done")
    if db.exists() and done.exists():
        return db
    from bench.synth import make_plan, write_store
    from graph.store import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(f"writing a {claims:,}-claim workspace to {db} (once) …", file=sys.stderr, flush=True)
    with open_store(str(db)) as store:
        report = write_store(store, make_plan(claims, seed))
    done.write_text(f"{report.claims} claims\n")
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pin_to_server_cpu() -> None:
    os.sched_setaffinity(0, {SERVER_CPU})


def start(cmd: list[str], port: int, ready_path: str, timeout: float) -> subprocess.Popen:
    """Start a server pinned to the server CPU and wait until ``ready_path`` answers 200."""
    proc = subprocess.Popen(
        cmd, cwd=ROOT, preexec_fn=_pin_to_server_cpu, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.25)
    stop(proc)
    raise RuntimeError(f"server not ready after {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def ansvar_serve(db: Path, port: int) -> list[str]:
    script = Path(sys.executable).with_name("ansvar")
    base = [str(script)] if script.exists() else [sys.executable, "-c", "from api.cli import main; main()"]
    return [*base, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]


def floor_serve(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.api:constant_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


# -- the load generator ----------------------------------------------------------------------------
@dataclass
class Step:
    name: str
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        values = sorted(self.latencies_ms)
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def _client(
    port: int,
    paths: list[bytes],
    counter: list[int],
    stop_at: float,
    max_requests: int,
    latencies: list[float],
    errors: list[int],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at and counter[0] < max_requests:
            path = paths[counter[0] % len(paths)]
            counter[0] += 1
            t0 = time.perf_counter()
            writer.write(b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            status = await _read_response(reader)
            latencies.append((time.perf_counter() - t0) * 1000)
            if status != 200:
                errors[0] += 1
    finally:
        writer.close()


async def _load(port: int, paths: list[bytes], clients: int, seconds: float, max_requests: int) -> Step:
    counter, latencies, errors = [0], [], [0]
    t0 = time.perf_counter()
    await asyncio.gather(
        *[_client(port, paths, counter, t0 + seconds, max_requests, latencies, errors) for _ in range(clients)]
    )
    return Step("", clients, len(latencies), errors[0], time.perf_counter() - t0, latencies)


def load(port: int, paths: list[str], clients: int, seconds: float, max_requests: int) -> Step:
    """``clients`` keep-alive connections sending GETs over ``paths`` in turn, bounded in time and count."""
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        runner = asyncio.run
    return runner(_load(port, [p.encode() for p in paths], clients, seconds, max_requests))


# -- the run ---------------------------------------------------------------------------------------
def places(db: Path) -> list[str]:
    """Every jurisdiction with claims in the workspace, sorted."""
    from graph.store.sqlite import SQLiteStore

    store = SQLiteStore(db)
    try:
        sql = "SELECT DISTINCT jurisdiction FROM claims WHERE jurisdiction IS NOT NULL ORDER BY jurisdiction"
        return [j for (j,) in store.conn.execute(sql)]
    finally:
        store.close()


def targets(db: Path) -> dict[str, list[str]]:
    """The request paths of each measured endpoint, over every jurisdiction of the workspace."""
    places_ = places(db)
    q = urllib.parse.quote
    return {
        "ownership": [f"/ownership?issue={i}&jurisdiction={q(j)}" for j in places_ for i in ISSUES],
        "gaps": [f"/gaps?jurisdiction={q(j)}" for j in places_],
    }


def run(args: argparse.Namespace) -> dict:
    os.sched_setaffinity(0, {CLIENT_CPU})
    folder = Path(args.keep) if args.keep else Path(tempfile.gettempdir()) / "ansvar-bench"
    folder.mkdir(parents=True, exist_ok=True)
    db = Path(args.db) if args.db else workspace(args.claims, folder, args.seed)
    paths = targets(db)
    figures: dict = {"claims": _claims(db), "rounds": args.rounds}
    rounds: dict[tuple[str, int], list[Step]] = {}

    floor_port, port = free_port(), free_port()
    floor = start(floor_serve(floor_port), floor_port, "/", 30)
    proc = None
    try:
        t0 = time.perf_counter()
        proc = start(ansvar_serve(db, port), port, "/health", args.startup_timeout)
        figures["server_start_s"] = round(time.perf_counter() - t0, 1)
        for name, urls in paths.items():
            cold = load(port, urls, 1, args.seconds * 20, len(urls))  # every answer computed once
            figures[f"{name}_cold_p50_ms"] = round(cold.percentile(0.5), 2)
            figures[f"{name}_cold_p99_ms"] = round(cold.percentile(0.99), 2)
            figures[f"{name}_cold_errors"] = cold.errors
        # The machine is shared: each floor step runs right beside the API steps it is compared
        # with, and every step is repeated over rounds; the figures are the medians.
        for _ in range(args.rounds):
            for clients in CONCURRENCY:
                for name, server, urls in (
                    ("floor", floor_port, ["/"]),
                    ("ownership", port, paths["ownership"]),
                    ("gaps", port, paths["gaps"]),
                ):
                    step = _named(name, load(server, urls, clients, args.seconds, args.max_requests))
                    rounds.setdefault((name, clients), []).append(step)
        figures["server_rss_mb"] = round(_rss_mb(proc.pid))
    finally:
        stop(floor)
        if proc is not None:
            stop(proc)
    for (name, clients), steps in rounds.items():
        figures[f"{name}_c{clients}_rps"] = round(_median([s.rps for s in steps]))
        figures[f"{name}_c{clients}_p50_ms"] = round(_median([s.percentile(0.5) for s in steps]), 2)
        figures[f"{name}_c{clients}_p99_ms"] = round(_median([s.percentile(0.99) for s in steps]), 2)
        figures[f"{name}_c{clients}_errors"] = sum(s.errors for s in steps)
        if name != "floor":
            figures[f"{name}_c{clients}_vs_floor"] = round(
                figures[f"{name}_c{clients}_rps"] / max(1, figures[f"floor_c{clients}_rps"]), 2
            )
    c = GOAL["clients"]
    figures["goal_ownership_met"] = (
        figures[f"ownership_c{c}_rps"] >= GOAL["rps"] and figures[f"ownership_c{c}_p99_ms"] <= GOAL["p99_ms"]
    )
    _table(rounds, figures)
    return figures


def _median(values: list[float]) -> float:
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _named(name: str, step: Step) -> Step:
    step.name = name
    return step


def _claims(db: Path) -> int:
    from graph.store.sqlite import SQLiteStore

    store = SQLiteStore(db)
    try:
        return store.conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    finally:
        store.close()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _table(rounds: dict[tuple[str, int], list[Step]], figures: dict) -> None:
    print(
        f"\nHTTP API on {figures['claims']:,} claims: server on CPU {SERVER_CPU}, load generator on CPU "
        f"{CLIENT_CPU}, 127.0.0.1, keep-alive; medians of {figures['rounds']} interleaved rounds"
    )
    print(
        f"{'endpoint':<24}{'clients':>8}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'÷ floor':>9}"
    )
    label = {"floor": "floor (constant ASGI)", "ownership": "GET /ownership", "gaps": "GET /gaps"}
    for name in ("floor", "ownership", "gaps"):
        for clients in CONCURRENCY:
            key = f"{name}_c{clients}"
            ratio = f"{figures[key + '_vs_floor']:.2f}" if name != "floor" else ""
            print(
                f"{label[name]:<24}{clients:>8}{sum(s.requests for s in rounds[name, clients]):>10}"
                f"{figures[key + '_errors']:>8}{figures[key + '_rps']:>10}{figures[key + '_p50_ms']:>9.2f}"
                f"{figures[key + '_p99_ms']:>9.2f}{ratio:>9}"
            )
    print(
        f"cold (first request per answer, 1 client): /ownership p50 {figures['ownership_cold_p50_ms']} ms, "
        f"p99 {figures['ownership_cold_p99_ms']} ms; /gaps p50 {figures['gaps_cold_p50_ms']} ms, "
        f"p99 {figures['gaps_cold_p99_ms']} ms"
    )
    print(
        f"server start (index build) {figures['server_start_s']} s, server RSS {figures['server_rss_mb']} MB; "
        f"goal /ownership ≥ {GOAL['rps']} req/s with p99 ≤ {GOAL['p99_ms']} ms at {GOAL['clients']} clients: "
        f"{'met' if figures['goal_ownership_met'] else 'NOT met'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="size of the synthetic workspace")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="use this workspace instead of the synthetic one")
    parser.add_argument("--keep", help="folder for the synthetic workspace (default: $TMPDIR/ansvar-bench)")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each step")
    parser.add_argument("--rounds", type=int, default=3, help="repeat every step this many times (medians)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="at most this many requests per step")
    parser.add_argument("--startup-timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    if len(os.sched_getaffinity(0)) < 2:
        print("needs 2 CPUs (server on one, load generator on the other)", file=sys.stderr)
        return 2
    figures = run(args)
    print(json.dumps(figures))
    return 0 if not any(v for k, v in figures.items() if k.endswith("errors")) else 1


if __name__ == "__main__":
    raise SystemExit(main())
