"""Skimmed figures (services.issues.skim) equal the full load's; anything doubtful gives none."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crmgov.domain.enums import IssueStatus, Urgency
from crmgov.domain.issues.model import Issue, IssueSkim, Transition
from crmgov.services.issues.skim import skimmed_status
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW

MOMENTS = [FIXED_NOW + timedelta(hours=h) for h in (-24 * 30, 0, 7, 49, 24 * 6, 24 * 400)]


def test_the_skim_defines_its_fields_as_the_issue_does() -> None:
    for name, skimmed in IssueSkim.model_fields.items():
        full = Issue.model_fields[name]
        assert (skimmed.annotation, skimmed.metadata) == (full.annotation, full.metadata), name
        assert skimmed.default == full.default, name
        assert skimmed.default_factory == full.default_factory, name


@pytest.fixture
def demo_with_reopened(demo_store: ProjectStore) -> ProjectStore:
    """The demo plus a reopened issue (its SLA clock restarts) and a recurring one."""
    created = FIXED_NOW - timedelta(days=3, microseconds=123_457)
    reopened = Transition(status=IssueStatus.REOPENED, at=created + timedelta(hours=30))
    with demo_store.transaction("test") as txn:
        txn.insert("issues", Issue(
            title="Quote PDF lost its logo", description="since the upgrade",
            urgency=Urgency.URGENT, status=IssueStatus.REOPENED, created_at=created,
            transitions=[reopened], recurring=True,
        ))  # fmt: skip
    return demo_store


@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.isoformat())
def test_skimmed_figures_equal_the_full_loads(demo_with_reopened: ProjectStore, now) -> None:
    skimmed = skimmed_status(demo_with_reopened.path, now)
    assert skimmed is not None
    assert skimmed.to_json() == project_status(demo_with_reopened, now).to_json()


def _edited(store: ProjectStore, old: bytes, new: bytes) -> Path:
    raw = store.path.read_bytes()
    assert old in raw
    store.path.write_bytes(raw.replace(old, new, 1))
    return store.path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"urgency":"urgent"', b'"urgency":"soon"'),  # a field the figures read
        (b'"created_at":"', b'"created_at":"yesterday'),
        (b'"issues":{', b'"issue_log":{'),  # a table this crmgov does not know
        (b'"schema_version":', b'"schema_version":9'),  # a newer crmgov's file
        (b'"project":{"1":', b'"project":{"2":'),
    ],
    ids=["urgency", "created_at", "unknown table", "newer schema", "no project record"],
)
def test_a_doubtful_file_gives_no_skimmed_figures(
    demo_store: ProjectStore, old: bytes, new: bytes
) -> None:
    path = _edited(demo_store, old, new)
    assert skimmed_status(path, FIXED_NOW) is None


def test_damaged_or_missing_files_give_none(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"project": {"1": {"name": "x"}')
    assert skimmed_status(broken, FIXED_NOW) is None
    assert skimmed_status(tmp_path / "nowhere.json", FIXED_NOW) is None


def test_a_field_the_figures_do_not_read_is_left_to_the_full_load(
    demo_store: ProjectStore,
) -> None:
    # By design: the skim shows figures, the app's own load then reports the blank
    # description (and `crmgov status` never skims).
    path = _edited(demo_store, b'"description":"', b'"description":" ","was":"')
    assert skimmed_status(path, FIXED_NOW) is not None
    with pytest.raises(Exception, match="description"):
        ProjectStore(path, "tester").load()

