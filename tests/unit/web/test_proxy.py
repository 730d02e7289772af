"""`crmgov serve` believes X-Forwarded-For only from a --trusted-proxy (a real uvicorn on
a loopback socket, in this process)."""

from __future__ import annotations

import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from benchmarks.quiz_fixture import quiz_project
from crmgov.cli import main
from crmgov.web.server import build_server


@contextmanager
def _serving(path: Path, trusted: Sequence[str] = ()) -> Iterator[tuple[str, Any]]:
    store = quiz_project(path)
    server: Any = build_server(store, trusted_proxies=trusted)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server never started"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", server
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def _get(url: str, forwarded: str) -> int:
    request = urllib.request.Request(url, headers={"X-Forwarded-For": forwarded})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "crmgov.web.access"]


def test_forwarded_for_is_ignored_without_a_trusted_proxy(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="crmgov.web.access"), \
            _serving(tmp_path / "p.json") as (url, server):
        app = server.config.loaded_app
        limit = _desk_of(app).limit
        # A guesser naming a new address each time is still one address: blocked.
        codes = [_get(f"{url}/i/guess{n}", f"10.0.0.{n + 1}")
                 for n in range(limit.per_client + 1)]
    assert codes == [403] * limit.per_client + [429]
    lines = _access_lines(caplog)
    assert lines and all(line.startswith("127.0.0.1 ") for line in lines), lines
    assert not any("10.0.0." in line for line in lines)


def test_a_trusted_proxy_names_the_client(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="crmgov.web.access"), \
            _serving(tmp_path / "p.json", trusted=["127.0.0.1"]) as (url, _server):
        assert _get(f"{url}/", "10.0.0.7") == 200
    assert _access_lines(caplog)[-1].startswith("10.0.0.7 ")


def test_a_bad_trusted_proxy_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = quiz_project(tmp_path / "p.json").path
    code = main(["--project", str(path), "serve", "--port", "0", "--trusted-proxy", "*"])
    err = capsys.readouterr().err
    assert code == 2 and "--trusted-proxy *: not an IP address or network" in err
    assert "Traceback" not in err


def test_serve_help_names_the_trusted_proxy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    assert "--trusted-proxy ADDR" in capsys.readouterr().out


def _desk_of(app: Any) -> Any:
    """The Desk under the middleware layers of the loaded ASGI app."""
    while not hasattr(app, "state"):
        app = app.app
    return app.state.desk
