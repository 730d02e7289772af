"""`crmgov serve`: its startup lines, the LAN warning, a busy port, and Ctrl+C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from benchmarks.quiz_fixture import quiz_project
from crmgov.cli import main


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return quiz_project(tmp_path / "p.json").path


def test_serves_until_ctrl_c_and_logs_without_tokens(project: Path) -> None:
    crmgov = Path(sys.executable).parent / "crmgov"
    proc = subprocess.Popen(
        [str(crmgov), "--project", str(project), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/ \(Ctrl\+C stops\)", first)
        assert match, first
        url = match.group(1)
        assert "Only this computer can reach it" in proc.stdout.readline()
        with urllib.request.urlopen(url + "/") as response:
            assert response.status == 200
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        try:
            urllib.request.urlopen(url + "/i/not-a-real-token")
        except urllib.error.HTTPError as exc:
            assert exc.code == 403
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "crmgov: stopped serving" in out
    assert '"GET /" 200' in err and '"GET /i/[token]" 403' in err
    assert "not-a-real-token" not in err and "Traceback" not in err


def test_listening_beyond_loopback_says_who_can_reach_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served = []
    # Not served: the socket is bound and closed again, nobody on the LAN is let in.
    monkeypatch.setattr("crmgov.web.server.run_server",
                        lambda store, sock, **_kw: served.append(sock))
    assert main(["--project", str(project), "serve", "--host", "0.0.0.0", "--port", "0",
                 "--public-url", "http://10.0.0.5:8080/"]) == 0
    out, err = capsys.readouterr()
    assert "at http://10.0.0.5:8080/ (Ctrl+C stops)" in out
    assert "WARNING: listening on 0.0.0.0: anyone who can reach this computer" in err
    assert "crmgov quiz invite NAME --url http://10.0.0.5:8080" in out
    assert served and served[0].getsockname()[0] == "0.0.0.0"
    served[0].close()


def test_a_busy_port_is_one_clear_line(project: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--project", str(project), "serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and err.count("\n") == 1


def test_serve_refuses_a_missing_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    assert main(["--project", str(tmp_path / "none.json"), "serve", "--port", "0"]) == 2
    assert "no project file here" in capsys.readouterr().err


def test_each_connection_sends_without_waiting_for_acks(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn writes a page's headers and its body separately; without TCP_NODELAY the
    body waited for the browser's delayed ACK of the headers (Nagle): 45 ms a page for
    one taker answering alone, against 0.8 ms. asyncio sets TCP_NODELAY on a connection
    only when the listening socket says its protocol is TCP, as `serve` now binds it."""
    import asyncio

    served: list[socket.socket] = []
    monkeypatch.setattr("crmgov.web.server.run_server",
                        lambda store, sock, **_kw: served.append(sock))
    assert main(["--project", str(project), "serve", "--port", "0"]) == 0
    [listening] = served
    try:
        with socket.create_connection(listening.getsockname()[:2]):
            accepted, _peer = listening.accept()

            async def nodelay() -> int:
                loop = asyncio.get_running_loop()
                transport, _protocol = await loop.connect_accepted_socket(
                    asyncio.Protocol, accepted)
                try:
                    sock = transport.get_extra_info("socket")
                    return int(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                finally:
                    transport.close()

            assert asyncio.run(nodelay()) != 0
    finally:
        listening.close()
