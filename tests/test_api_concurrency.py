"""Readers hammer /ownership on a real server while a writer re-ingests: no error, no torn answer.

The writer uploads two versions of one description in turn; every answer a reader gets
must be exactly the answer to one version or the other, never a mix. Bounded in requests
and in time; traffic only to 127.0.0.1.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn
from api_support import AUTH, TOKEN

from api.http import create_app

READERS, MAX_READS, WRITES, DEADLINE = 4, 400, 12, 60.0
HEAD = """format: ansvarskarta/1
sources:
  plan: {title: Ostby plan, publisher: Ostby kommun, date: 2023, kind: decision}
default_source: plan
jurisdictions:
  - {id: ostby, name: Ostby kommun}
organisations:
  - {name: Kommunstyrelsen, type: board, jurisdiction: ostby, parent: ostby}
  - {name: Socialnämnden, type: board, jurisdiction: ostby, parent: ostby}
  - {name: Arbetsmarknadsnämnden, type: board, jurisdiction: ostby, parent: ostby}
responsibilities:
"""
VERSIONS = {
    "a": HEAD + "  - {actor: ostby/kommunstyrelsen, issue: integration, mode: owns, basis: decision}\n"
    "  - {actor: ostby/socialnamnden, issue: integration, mode: executes}\n",
    "b": HEAD + "  - {actor: ostby/socialnamnden, issue: integration, mode: leads, basis: decision}\n"
    "  - {actor: ostby/arbetsmarknadsnamnden, issue: integration, mode: supports}\n"
    "  - {actor: ostby/kommunstyrelsen, issue: integration, mode: supports}\n",
}
QUERY = {"issue": "integration", "jurisdiction": "ostby"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    app = create_app(str(tmp_path / "w.db"), token=TOKEN, refresh_seconds=0, answer_cache=0)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def upload(client: httpx.Client, version: str) -> None:
    r = client.post("/documents", headers=AUTH, files=[("files", ("ostby.yaml", VERSIONS[version].encode()))])
    assert r.status_code == 201, r.text


def test_readers_see_one_version_or_the_other(server):
    with httpx.Client(base_url=server, timeout=30) as client:
        expected = {}
        for version in ("a", "b"):
            upload(client, version)
            expected[version] = client.get("/ownership", params=QUERY).content
        assert expected["a"] != expected["b"]
        seen: dict[bytes, int] = {}
        problems: list[str] = []
        writing = threading.Event()
        writing.set()
        stop_at = time.monotonic() + DEADLINE

        def read() -> None:
            with httpx.Client(base_url=server, timeout=30) as mine:
                for _ in range(MAX_READS):
                    if not writing.is_set() or time.monotonic() > stop_at:
                        return
                    r = mine.get("/ownership", params=QUERY)
                    if r.status_code != 200:
                        problems.append(f"{r.status_code}: {r.text[:200]}")
                    else:
                        seen[r.content] = seen.get(r.content, 0) + 1

        readers = [threading.Thread(target=read) for _ in range(READERS)]
        for t in readers:
            t.start()
        try:
            for i in range(WRITES):
                upload(client, "ab"[i % 2])
        finally:
            writing.clear()
            for t in readers:
                t.join(timeout=DEADLINE)
    assert problems == []
    torn = [body[:300] for body in seen if body not in expected.values()]
    assert torn == []
    assert len(seen) == 2  # the readers did read while the versions changed
