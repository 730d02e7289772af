"""The issue index (services.issues.index): the same answers as the models, and never used
for bytes other than the ones it was built from."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from benchmarks.fixtures import make_big_project
from crmgov.cli import main
from crmgov.domain.enums import IssueStatus, Urgency
from crmgov.domain.issues.model import Issue, Transition
from crmgov.services.issues import index as issue_index
from crmgov.services.issues.index import IndexedProject, open_indexed, refresh_index
from crmgov.services.issues.rows import IssueFilter, issue_rows, matching_rows
from crmgov.services.status.summary import project_status
from crmgov.storage.derived import cache_dir
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW

CRMGOV = str(Path(sys.executable).parent / "crmgov")
MOMENTS = [FIXED_NOW + timedelta(hours=h) for h in (-24 * 30, 0, 7, 49, 24 * 6, 24 * 400)]


@pytest.fixture
def indexed_demo(demo_store: ProjectStore, monkeypatch: pytest.MonkeyPatch) -> ProjectStore:
    """The demo (about 150 issues, indexed as if it were big), plus a reopened issue whose
    times carry microseconds."""
    monkeypatch.setattr(issue_index, "INDEX_MIN_ISSUES", 1)
    created = FIXED_NOW - timedelta(days=3, microseconds=123_457)
    at = created + timedelta(microseconds=5)
    reopened = Transition(status=IssueStatus.REOPENED, at=at, by="x")
    with demo_store.transaction("test") as txn:
        txn.insert("issues", Issue(
            title="Quote PDF lost its logo", description="since the upgrade",
            urgency=Urgency.URGENT, status=IssueStatus.REOPENED, created_at=created,
            transitions=[reopened],
        ))  # fmt: skip
    assert refresh_index(demo_store)
    return demo_store


def _indexed(store: ProjectStore) -> IndexedProject:
    indexed = open_indexed(store.path, store.actor)
    assert indexed is not None
    return indexed


@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.isoformat())
def test_rows_and_figures_equal_those_from_the_models(
    indexed_demo: ProjectStore, now: object
) -> None:
    indexed = _indexed(indexed_demo)
    expected = [row._replace(haystack="") for row in issue_rows(indexed_demo, now)]
    assert indexed.rows(now) == expected
    assert indexed.rows(now, open_only=True) == [r for r in expected if r.status != "closed"
                                                 and r.status != "resolved"]
    assert indexed.status(now).to_json() == project_status(indexed_demo, now).to_json()


@pytest.mark.parametrize(
    "flt",
    [IssueFilter(), IssueFilter(overdue=True), IssueFilter(status="all", urgency="urgent"),
     IssueFilter(status="closed", has_preventive=False), IssueFilter(at_risk=True),
     IssueFilter(status="all", recurring=True), IssueFilter(mine=True), IssueFilter(owner="x")],
)  # fmt: skip
def test_filters_keep_the_same_rows(indexed_demo: ProjectStore, flt: IssueFilter) -> None:
    indexed = _indexed(indexed_demo)
    for now in MOMENTS:
        expected = [r._replace(haystack="") for r in matching_rows(indexed_demo, flt, now)]
        assert indexed.matching_rows(flt, now) == expected


def test_search_text_is_refused_rather_than_answered_wrongly(indexed_demo: ProjectStore) -> None:
    with pytest.raises(ValueError):
        _indexed(indexed_demo).matching_rows(IssueFilter(text="logo"), FIXED_NOW)


def test_stored_json_is_the_files_own_text(indexed_demo: ProjectStore) -> None:
    indexed = _indexed(indexed_demo)
    for record_id in indexed_demo.ids("issues"):
        text = indexed.stored_json("issues", record_id)
        assert text == indexed_demo.stored_json("issues", record_id)
        assert orjson.loads(text)["title"] == indexed_demo.get("issues", record_id).title


def test_any_change_to_the_file_leaves_the_index_unused(indexed_demo: ProjectStore) -> None:
    raw = indexed_demo.path.read_bytes()
    # Same length, one character different: size and mtime tricks would miss nothing here.
    position = raw.index(b"Quote PDF")
    indexed_demo.path.write_bytes(raw[:position] + b"q" + raw[position + 1 :])
    assert open_indexed(indexed_demo.path, "x") is None
    indexed_demo.path.write_bytes(raw)
    assert open_indexed(indexed_demo.path, "x") is not None

    with indexed_demo.transaction("test") as txn:
        txn.update("issues", indexed_demo.get("issues", 1).model_copy(update={"owner": "Lin"}))
    assert open_indexed(indexed_demo.path, "x") is None
    assert refresh_index(indexed_demo)  # saved for the new content, the old one dropped
    assert _indexed(indexed_demo).rows(FIXED_NOW)[0].owner == "Lin"
    assert len(list(cache_dir().glob("issues-*.json"))) == 1


def test_a_file_of_another_size_is_not_even_hashed(
    indexed_demo: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crmgov.storage import derived

    with indexed_demo.path.open("ab") as handle:
        handle.write(b"\n")  # an outside edit: the saved index is for another size

    def no_hashing(chunks: object) -> str:
        raise AssertionError("hashed a file no index can match")

    monkeypatch.setattr(derived, "content_digest", no_hashing)
    assert open_indexed(indexed_demo.path, "x") is None


@pytest.mark.parametrize(
    "damage",
    [b"not json", b'{"format":1}', b"[]"],
    ids=["garbage", "another shape", "a list"],
)
def test_a_damaged_cache_file_is_ignored(indexed_demo: ProjectStore, damage: bytes) -> None:
    (saved,) = cache_dir().glob("issues-*.json")
    saved.write_bytes(damage)
    assert open_indexed(indexed_demo.path, "x") is None


@pytest.mark.parametrize(
    ("position", "value"),
    [(None, None), (1, "critical"), (1, ["urgent"]), (8, 12), (12, "0"), (9, "late")],
    ids=["too short", "unknown urgency", "a list", "due not text", "offset not int",
         "unknown final state"],
)  # fmt: skip
def test_facts_of_the_wrong_shape_are_ignored(
    indexed_demo: ProjectStore, position: int | None, value: object
) -> None:
    (saved,) = cache_dir().glob("issues-*.json")
    content = orjson.loads(saved.read_bytes())
    fact = content["data"]["issues"][3]
    if position is None:
        content["data"]["issues"][3] = fact[:5]
    else:
        fact[position] = value
    saved.write_bytes(orjson.dumps(content))
    assert open_indexed(indexed_demo.path, "x") is None


def test_a_damaged_small_table_falls_back_to_the_full_load(indexed_demo: ProjectStore) -> None:
    # The index only stands in for the issues: the rest is validated every time, so the
    # full load (with its precise error) is what a damaged phase meets.
    raw = indexed_demo.path.read_bytes()
    (saved,) = cache_dir().glob("issues-*.json")
    phases = raw.index(b'\n"phases":{')
    status = raw.index(b'"status":"', phases)
    assert status < raw.index(b'\n"staff":{')
    value = status + len(b'"status":"')
    # Same length, so the issues stay where the index says they are.
    broken = raw[:value] + b"X" + raw[value + 1 :]
    indexed_demo.path.write_bytes(broken)
    content = orjson.loads(saved.read_bytes())
    saved.rename(saved.with_name(saved.name.replace(content["digest"], "x")))
    from crmgov.storage.derived import content_digest, write_derived

    write_derived(indexed_demo.path, "issues", content_digest([broken]), content["data"])
    assert open_indexed(indexed_demo.path, "x") is None
    indexed_demo.path.write_bytes(raw)  # the same facts, saved for the sound bytes, are used
    write_derived(indexed_demo.path, "issues", content_digest([raw]), content["data"])
    assert open_indexed(indexed_demo.path, "x") is not None


def test_small_projects_are_not_indexed(demo_store: ProjectStore) -> None:
    assert not refresh_index(demo_store)
    assert open_indexed(demo_store.path, "x") is None
    assert not list(cache_dir().glob("*"))


def test_the_cli_prints_the_same_json_from_the_index(
    indexed_demo: ProjectStore, capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    argv = ["--project", str(indexed_demo.path), "issue", "list", "--status", "all", "--json"]
    monkeypatch.setattr("crmgov.config.now", lambda: FIXED_NOW)
    assert main(argv) == 0
    from_index = capsysbinary.readouterr().out
    monkeypatch.setattr(issue_index, "open_indexed", lambda path, actor: None)
    assert main(argv) == 0
    assert capsysbinary.readouterr().out == from_index
    assert len(orjson.loads(from_index)) == indexed_demo.count("issues")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_cli_prints_the_same_table_from_the_index(
    indexed_demo: ProjectStore, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, lang: str,
) -> None:  # fmt: skip
    argv = ["--project", str(indexed_demo.path), "--lang", lang, "issue", "list", "--overdue"]
    monkeypatch.setattr("crmgov.config.now", lambda: FIXED_NOW)
    assert main(argv) == 0
    from_index = capsys.readouterr()
    monkeypatch.setattr(issue_index, "open_indexed", lambda path, actor: None)
    assert main(argv) == 0
    assert capsys.readouterr() == from_index
    assert len(from_index.out.splitlines()) > 2


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5,000 issues: the smallest project the real commands index."""
    return make_big_project(tmp_path_factory.mktemp("big") / "big.json", 5_000)


def _crmgov(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CRMGOV_USER": "tester"}
    return subprocess.run([CRMGOV, *args], capture_output=True, env=env, timeout=120, check=True)


def test_a_real_command_saves_the_index_in_the_background(big_project: Path) -> None:
    assert not list(cache_dir().glob("issues-*.json"))
    first = _crmgov("--project", str(big_project), "status", "--json")
    deadline = time.monotonic() + 60
    while not list(cache_dir().glob("issues-*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert open_indexed(big_project, "tester") is not None
    second = _crmgov("--project", str(big_project), "status", "--json")
    strip = lambda out: {k: v for k, v in orjson.loads(out).items() if k != "as_of"}  # noqa: E731
    assert strip(second.stdout) == strip(first.stdout)

    # The dashboard's child answers from it too.
    from crmgov.services.status.prefetch import StatusPrefetch

    prefetch = StatusPrefetch.start(big_project, "tester")
    assert prefetch is not None
    assert prefetch.quick()
    result = prefetch.result()
    assert result is not None and strip(orjson.dumps(result)) == strip(first.stdout)

    # After a change the old index exists but does not fit: the child says so and loads.
    with big_project.open("ab") as handle:
        handle.write(b"\n")
    prefetch = StatusPrefetch.start(big_project, "tester")
    assert prefetch is not None and prefetch.may_be_quick
    assert not prefetch.quick()
    result = prefetch.result()
    assert result is not None and strip(orjson.dumps(result)) == strip(first.stdout)


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CRMGOV_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("CRMGOV_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "crmgov"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "crmgov"

    def no_home(cls: type) -> Path:
        raise RuntimeError("Could not determine home directory")

    monkeypatch.setattr(Path, "home", classmethod(no_home))
    assert cache_dir().name == "crmgov" and "crmgov-cache" in str(cache_dir())


def test_a_changed_evidence_file_counts_as_in_project_status(
    indexed_demo: ProjectStore, tmp_path: Path
) -> None:
    """The index's readiness checks evidence files on disk too: a file changed since it was
    signed off fails its gate item (it did not: the index passed no file states)."""
    from crmgov.domain.phases.model import EvidenceFile
    from crmgov.services.issues.skim import skimmed_status

    evidence = indexed_demo.path.parent / "pilot-report.txt"
    evidence.write_text("the pilot's report\n")
    phase = next(p for p in indexed_demo.all("phases")
                 if any(i.signed_off_by and not i.live for i in p.gate))
    index = next(n for n, i in enumerate(phase.gate) if i.signed_off_by and not i.live)
    pinned = EvidenceFile(path=evidence.name, size=1, sha256="0" * 64)  # not what is there
    gate = [i.model_copy(update={"file": pinned}) if n == index else i
            for n, i in enumerate(phase.gate)]
    with indexed_demo.transaction("test") as txn:
        txn.update("phases", phase.model_copy(update={"gate": gate}))
    assert refresh_index(indexed_demo)
    expected = project_status(indexed_demo, FIXED_NOW).to_json()
    assert _indexed(indexed_demo).status(FIXED_NOW).to_json() == expected
    skimmed = skimmed_status(indexed_demo.path, FIXED_NOW)
    assert skimmed is not None and skimmed.to_json() == expected
