"""`crmgov serve` on a database: the quiz pages are served from PostgreSQL, and an
invitation issued on the database opens its quiz."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.cli import main
from crmgov.services.projects import open_project
from crmgov.services.web import invites


def test_serve_on_a_database(pg_dsn: str, tmp_path: Path) -> None:
    quiz_project(tmp_path / "p.json")
    assert main(["db", "push", str(tmp_path / "p.json"), pg_dsn]) == 0
    store = open_project(pg_dsn, "pm")
    [issued] = invites.issue(store, [store.get("staff", 1)], {1: QUIZ}, timedelta(days=7),
                             datetime.now().replace(microsecond=0))
    crmgov = Path(sys.executable).parent / "crmgov"
    proc = subprocess.Popen(
        [str(crmgov), "--database", pg_dsn, "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/", proc.stdout.readline())
        assert match
        url = match.group(1)
        with urllib.request.urlopen(url + "/") as response:
            assert response.status == 200
        # The link sets the taker's session cookie and redirects to the quiz.
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(issued.link(url + "/")) as response:
            assert response.status == 200
            assert "Taker 1" in response.read().decode()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
