"""The demo project: a mid-size manufacturer rolling out CRM, as a newcomer first sees it.

`write_demo` is deterministic for a given (today, language, seed): every choice comes from
`random.Random(seed)` and every date is an offset from `today`, so the demo always looks
alive — some issues overdue, some at risk, certificates about to expire — on any day.
The texts live in demo_text_en / demo_text_zh (parallel pools), the record builders in
demo.build and demo.issues, and the gate criteria in checklists/gates.toml.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path

import orjson

from crmgov.domain.base import Record
from crmgov.domain.enums import Language
from crmgov.domain.project import Project
from crmgov.i18n import _
from crmgov.services.demo import build
from crmgov.services.demo import certification as demo_certification
from crmgov.services.demo import sops as demo_sops
from crmgov.services.demo import spotchecks as demo_spotchecks
from crmgov.services.demo import web as demo_web
from crmgov.services.demo.handover import handover as demo_handover
from crmgov.services.demo.issues import issues as build_issues
from crmgov.services.demo.plan import plan_tables
from crmgov.services.demo.text import DemoText
from crmgov.services.phases.checklists import ChecklistError, load_gate_checklists
from crmgov.storage.audit_log import AuditLog, audit_path_for
from crmgov.storage.interface import Store
from crmgov.storage.open import create_store

#: The audit action of the records the demo writes; it marks a file as a demo.
DEMO_ACTION = "demo.create"


class DemoRefused(Exception):
    """The demo would overwrite something that is not a demo project."""


def is_demo(path: Path) -> bool:
    """Whether `path` was written by `write_demo`: its audit trail opens with the project's
    creation followed by the demo's records (a user's own project never does)."""
    try:
        events = islice(AuditLog(audit_path_for(path)).events(), 2)
        first = [event.get("action") for event in events]
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return False
    return first == ["project.create", DEMO_ACTION]


def _clear_previous_demo(path: Path) -> None:
    """Delete an earlier demo at `path`; refuse if anything there is not a demo."""
    audit = audit_path_for(path)
    if path.exists() and not path.is_file():
        raise DemoRefused(_("{path} is not a file; not writing the demo there", path=path))
    if path.exists() or audit.exists():
        if not is_demo(path):
            raise DemoRefused(_(
                "{path} holds a project that is not the demo; not overwriting it. "
                "Choose another path for the demo.", path=path if path.exists() else audit,
            ))
        # Both go: a new file with the old audit trail beside it would fail verification.
        path.unlink(missing_ok=True)
        audit.unlink(missing_ok=True)


def _text(language: Language) -> DemoText:
    # Import only the language needed: each pool is a few hundred lines of literals.
    if language is Language.ZH:
        from crmgov.services.demo.text_zh import TEXT as ZH

        return ZH
    from crmgov.services.demo.text_en import TEXT as EN

    return EN


def build_demo(
    language: Language, today: date, seed: int
) -> tuple[Project, dict[str, Sequence[Record]]]:
    """Every record of the demo, per table in insertion order (ids = position + 1)."""
    text, rng = _text(language), random.Random(seed)
    lang = language.value
    phases = build.phases(text, load_gate_checklists(), today, lang)
    staff = build.staff(text, today, rng)
    attempts, certs = build.certification(text, staff, today, rng)
    spot_checks = build.spot_checks(text, staff, today, rng)
    sops = demo_sops.sops(language, staff, text.people, text.departments, today,
                          random.Random(seed + 1))
    issues, by_template = build_issues(text, staff, phases, today, rng)
    demo_sops.link_revision(sops, issues)
    project = Project(
        name=text.project_name, company=text.company, consultant=text.people[build.CONSULTANT],
        internal_owner=text.people[build.OWNER], executive_sponsor=text.sponsor,
        go_live_target=today + timedelta(days=45), language=language,
        # From `today`, not the clock, so two demos of the same day are identical.
        created_at=build.at(today - timedelta(days=430)),
    )
    tables: dict[str, Sequence[Record]] = {
        "phases": phases, "staff": staff, "sops": sops, "quiz_attempts": attempts,
        "certifications": certs, "spot_checks": spot_checks, "issues": issues,
        "handover": demo_handover(language, project.consultant, project.internal_owner, today),
        # The plan, its review and the owner's readiness (services/demo/plan.py).
        **plan_tables(lang, text.people, [s.code for s in sops], by_template, today),
    }
    demo_certification.enrich(tables, language, today, seed)
    demo_spotchecks.enrich(tables, language, today)
    demo_web.enrich(tables, today, seed)
    return project, tables


def write_demo(
    path: Path | str,
    actor: str,
    *,
    language: str = "en",
    today: date | None = None,
    clock: Callable[[], datetime] = datetime.now,
    seed: int = 2026,
) -> Store:
    """Write the demo project to `path` (replacing an earlier demo there) and return it open.

    Raises DemoRefused when `path` (or its audit trail) belongs to a project that is not a
    demo (that file is left untouched), or when the gate checklist file is broken. All
    records land in one transaction, so the file is written once.
    """
    path = Path(path)
    try:
        project, tables = build_demo(Language(language), today or clock().date(), seed)
    except ChecklistError as exc:
        # An edited gate checklist is the user's input: report it, not a traceback.
        raise DemoRefused(_("cannot build the demo: {error}", error=exc)) from None
    _clear_previous_demo(path)
    # Data quality comes from real checks of generated exports (services.demo.quality).
    from crmgov.services.demo.quality import build_records

    extra = build_records(path, language, today or clock().date(), seed,
                          len(tables["issues"]) + 1, actor)
    for name, added in extra.items():
        tables[name] = [*tables.get(name, ()), *added]
    store = create_store(path, project, actor, clock=clock)
    with store.transaction(DEMO_ACTION) as txn:
        for table, records in tables.items():
            written = txn.insert_many(table, records)
            # Cross-references were computed as position + 1; a fresh table guarantees it.
            if [r.id for r in written] != list(range(1, len(written) + 1)):
                raise RuntimeError(f"demo table {table} got unexpected ids")
    from crmgov.services.demo.phases import write_evidence

    write_evidence(store.path.parent, language)  # the file a gate item's evidence pins
    return store
