"""Recording a spot check: the checklist from the SOP version in force, and the results.

The auditor checks against the written process, not memory: the checklist is one line per
step of the version in force, and every result names a step that version has.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from crmgov.domain.sops.model import SOP
from crmgov.domain.sops.rules import step_ref, steps_of
from crmgov.domain.spotchecks.model import SpotCheck, StepResult
from crmgov.domain.spotchecks.rules import ChecklistLine, tally
from crmgov.i18n import _
from crmgov.services.spotchecks.plan import PLANS, SpotCheckError
from crmgov.storage.interface import Store

TABLE = "spot_checks"
#: Accepted words for a result (en and zh), in a results file or on the command line.
CONFORMS = {"ok": True, "conforms": True, "符合": True, "dev": False, "deviates": False,
            "偏差": False, "不符合": False}


def find_sop(store: Store, code_or_id: str | int) -> SOP:
    """An SOP by code (or id)."""
    for sop in store.all("sops"):
        if sop.code == code_or_id or str(sop.id) == str(code_or_id):
            return sop  # type: ignore[no-any-return]
    raise SpotCheckError(_("no SOP {code}", code=code_or_id))


def find_person(store: Store, name_or_id: str | int) -> Any:
    """A staff member by id or exact name."""
    for person in store.all("staff"):
        if str(person.id) == str(name_or_id) or person.name == name_or_id:
            return person
    raise SpotCheckError(_("no staff member {name}", name=name_or_id))


def checklist(sop: SOP) -> list[ChecklistLine]:
    """One line per step of the version in force: what to look for in the CRM records."""
    version = sop.current
    if version is None:
        raise SpotCheckError(_("{code} has no version in force to check against",
                               code=sop.code))
    return [ChecklistLine(sid, step_ref(sop.code, sid), text) for sid, text in steps_of(version)]


def write_results_template(sop: SOP, path: Path) -> int:
    """A CSV to fill in during the check, one row per step in force: the columns
    `read_results` reads (record, step, result, note; headers in the language in force)
    and the step's text to check against. Written through the one formula-safe writer
    (a step text starting with = is shown, never run). Returns the rows written."""
    from crmgov.services.sheets import write_csv

    header = [_("record"), _("step"), _("result"), _("note"), _("what to check")]
    return write_csv(path, header, [["", line.step_id, "", "", line.text]
                                    for line in checklist(sop)])


def parse_result(text: str) -> StepResult:
    """`RECORD:STEP:ok|dev[:note]` (the CLI's --result)."""
    parts = text.split(":", 3)
    if len(parts) < 3 or parts[2].strip().lower() not in CONFORMS:
        raise SpotCheckError(
            _("result {text!r}: write RECORD:STEP:ok|dev[:note], e.g. 'opportunity 1023:3:dev'",
              text=text)
        )
    try:
        step = int(parts[1])
    except ValueError:
        raise SpotCheckError(_("result {text!r}: the step must be a number", text=text)) from None
    return StepResult(record=parts[0].strip(), step_id=step,
                      conforms=CONFORMS[parts[2].strip().lower()],
                      note=parts[3].strip() if len(parts) > 3 else "")


def read_results(path: Path) -> list[StepResult]:
    """A CSV (or XLSX) extract with columns record, step, result, note (en or zh headers),
    read through the shared sheet reader; a bad row names FILE:LINE."""
    from crmgov.services.sheets import SheetRejected, read_cells

    headers = {"record": "record", "记录": "record", "step": "step", "步骤": "step",
               "result": "result", "结果": "result", "note": "note", "备注": "note"}
    headers[_("record")], headers[_("step")] = "record", "step"
    headers[_("result")], headers[_("note")] = "result", "note"
    try:
        rows = read_cells(path)
    except SheetRejected as exc:
        raise SpotCheckError(str(exc)) from None
    names = [headers.get(h.strip().lower(), "") for h in rows[0]]
    if not {"record", "step", "result"} <= set(names):
        raise SpotCheckError(_("{path}:1: the header needs record, step and result columns",
                               path=path))
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(names, row, strict=False))
        if not cells.get("record", "").strip() and not cells.get("result", "").strip():
            continue  # a step of the template (write_results_template) nobody filled in
        try:
            out.append(parse_result(":".join([cells.get("record", ""), cells.get("step", ""),
                                              cells.get("result", ""), cells.get("note", "")])))
        except (SpotCheckError, ValueError) as exc:
            raise SpotCheckError(f"{path}:{line}: {exc}") from None
    return out


def record_check(
    store: Store,
    *,
    person: str | int,
    sop: str | int,
    results: Sequence[StepResult],
    now: datetime,
    auditor: str = "",
    findings: str = "",
    plan_id: int | None = None,
) -> SpotCheck:
    """Save a done check; with `plan_id`, the planned check it carries out."""
    staff = find_person(store, person)
    doc = find_sop(store, sop)
    lines = {line.step_id for line in checklist(doc)}
    if not results:
        raise SpotCheckError(_("record at least one result (record, step, conforms or not)"))
    unknown = sorted({r.step_id for r in results} - lines)
    if unknown:
        raise SpotCheckError(
            _("{code} v{version} has no step {steps}", code=doc.code,
              version=doc.current.version if doc.current else 0,
              steps=", ".join(f"§{s}" for s in unknown))
        )
    plan = None
    if plan_id is not None:
        plan = next((p for p in store.all(PLANS) if p.id == plan_id), None)
        if plan is None or plan.done_check_id is not None:
            raise SpotCheckError(_("no open planned check {id}", id=plan_id))
    records, deviations = tally(results)
    check = SpotCheck(
        staff_id=staff.id, auditor=auditor or store.actor, checked_on=now.date(),
        records_checked=records, deviations=deviations, sop_id=doc.id,
        sop_version=doc.current.version if doc.current else None, findings=findings,
        results=list(results), plan_id=plan_id,
    )
    with store.transaction("spotcheck.record") as txn:
        saved = txn.insert(TABLE, check)
        if plan is not None:
            txn.update(PLANS, plan.model_copy(update={"done_check_id": saved.id}))
    return saved
