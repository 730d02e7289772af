"""The handover pack: its content from live data, its documents, and the frozen copy.

`build_context` gathers every section (services.handover.sections) and the closure
checklist into plain data; `render_pack` turns that into Markdown, HTML or DOCX through the
templates in templates/<lang>/handover/ (or a user's folder overriding them per file);
`write_pack` renders every asked format first and writes only when all succeeded, so a
template error leaves nothing half-written. At the first sign-off the context is frozen in
the project (services.handover.review); `--as-signed` renders that frozen copy, so the pack
that was signed can be produced again byte for byte.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from crmgov.domain.handover.checklist import ItemResult, ItemState, evaluate
from crmgov.domain.handover.review import (
    SECTION_TITLES,
    SECTIONS,
    Handover,
    SignRole,
    Verdict,
)
from crmgov.i18n import N_, _, language, os_reason
from crmgov.services.audit import latest_anchor
from crmgov.services.handover import sections
from crmgov.services.handover.checklist import ChecklistLine, load_checklist
from crmgov.services.handover.facts import gather_facts
from crmgov.services.status.summary import project_status
from crmgov.services.templates import ReportError, in_language, render_template
from crmgov.storage.atomic import write_atomic
from crmgov.storage.interface import Store

FORMATS = ("md", "html", "docx")
#: The pack's file name stem; the format is the suffix.
STEM = "handover-pack"

STATE_LABELS = {
    ItemState.PASS: N_("yes"),
    ItemState.FAIL: N_("no"),
    ItemState.UNKNOWN: N_("not known yet"),
}
VERDICT_LABELS = {
    Verdict.PENDING: N_("not reviewed"),
    Verdict.ACCEPTED: N_("accepted"),
    Verdict.NEEDS_WORK: N_("needs work"),
}
ROLE_LABELS = {
    SignRole.CONSULTANT: N_("Implementation consultant"),
    SignRole.INTERNAL_OWNER: N_("Internal owner"),
    SignRole.SPONSOR: N_("Executive sponsor"),
}
#: Where each checklist line is fixed: the TUI area's title.
FIX_AREAS = {
    "sops": N_("SOPs"), "issues": N_("Issues"), "plan": N_("Plan"), "staff": N_("Staff"),
    "quality": N_("Dashboard"), "phases": N_("Phases"), "handover": N_("Handover"),
}


@dataclass(frozen=True)
class Checklist:
    """The closure checklist answered at one moment."""

    lines: list[ChecklistLine]
    results: list[ItemResult]

    @property
    def passed(self) -> int:
        """Lines answered yes."""
        return sum(1 for r in self.results if r.passed)


def handover_record(store: Store) -> Handover:
    """The project's handover review (empty until someone reviews or signs)."""
    records: list[Handover] = store.all("handover")
    return records[0] if records else Handover()


def checklist(store: Store, now: datetime, path: Path | None = None) -> Checklist:
    """The closure checklist of checklists/handover.toml, answered from live data."""
    lines = load_checklist(path)
    facts = gather_facts(store, now)
    return Checklist(lines, evaluate(facts, [(line.check, line.threshold) for line in lines]))


#: Figures that are words, not numbers (the audit trail's check): shown translated.
_FIGURE_WORDS = {"ok": N_("intact"), "broken": N_("broken")}


def _checklist_rows(answered: Checklist, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "check": r.check, "question": line.question(lang), "state": r.state.value,
            "answer": _(STATE_LABELS[r.state]),
            "figure": _(_FIGURE_WORDS[r.figure]) if r.figure in _FIGURE_WORDS else r.figure,
            "subjects": "、".join(r.subjects) if lang == "zh" else ", ".join(r.subjects),
            "fix": _(FIX_AREAS.get(r.fix, r.fix)) if r.fix else "",
            "area": r.fix,
        }
        for line, r in zip(answered.lines, answered.results, strict=True)
    ]


def _review_rows(record: Handover) -> list[dict[str, Any]]:
    return [
        {
            "code": code, "title": _(SECTION_TITLES[code]),
            "verdict": record.section(code).verdict.value,
            "verdict_label": _(VERDICT_LABELS[record.section(code).verdict]),
            "thread": [
                {"by": e.by, "at": e.at.strftime("%Y-%m-%d %H:%M"),
                 "verdict": _(VERDICT_LABELS[e.verdict]) if e.verdict else "",
                 "text": e.text}
                for e in record.section(code).thread
            ],
        }
        for code in SECTIONS
    ]


def build_context(store: Store, now: datetime) -> dict[str, Any]:
    """Everything the pack shows, as plain data, in the language in force."""
    lang = language()
    status = project_status(store, now)
    record = handover_record(store)
    answered = checklist(store, now)
    project = store.project
    anchor = latest_anchor(store)
    return {
        "project": project.name,
        # The audit trail's head when the pack was made: whoever holds the pack can prove
        # the trail still contains it (`crmgov audit verify --anchor`).
        "anchor": anchor.text if anchor is not None else None,
        "info": {
            "company": project.company or "—", "consultant": project.consultant or "—",
            "internal_owner": project.internal_owner or "—",
            "sponsor": project.executive_sponsor or "—",
            "go_live_target": project.go_live_target.isoformat()
            if project.go_live_target else "—",
        },
        "as_of": now.strftime("%Y-%m-%d %H:%M"),
        "language": lang,
        "checklist": _checklist_rows(answered, lang),
        "checklist_passed": answered.passed,
        "checklist_total": len(answered.results),
        "review": _review_rows(record),
        "summary": sections.summary(status),
        "phases": sections.phases(store),
        "sops": sections.sops(store),
        "certification": sections.certification(store, status, now.date()),
        "issues": sections.issues(store),
        "quality": sections.quality(store),
        "spotchecks": sections.spot_checks(store),
        "plan": sections.plan(store),
        "owner": {"assessed": False, "name": project.internal_owner or "—"},
        "support": sections.support(store, record.notes),
    }


def context_hash(context: dict[str, Any]) -> str:
    """SHA-256 of the context's canonical JSON (sorted keys): the pack's identity."""
    return hashlib.sha256(orjson.dumps(context, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _signoff_rows(record: Handover) -> list[dict[str, Any]]:
    project_roles = []
    for role in SignRole:
        signed = record.signature(role)
        project_roles.append({
            "role": _(ROLE_LABELS[role]),
            "name": signed.name if signed else "",
            "at": signed.at.strftime("%Y-%m-%d %H:%M") if signed else "",
        })
    return project_roles


def render_pack(
    context: dict[str, Any],
    record: Handover,
    fmt: str,
    *,
    template_dir: Path | None = None,
) -> str | bytes:
    """The pack as Markdown or HTML text, or DOCX bytes (converted from the Markdown), in
    the language the context was built in (a signed pack: the language it was signed in,
    since its frozen context holds text already translated), labels included."""
    if fmt not in FORMATS:
        raise ReportError(_("unknown format {name!r}; choose md, html or docx", name=fmt))
    lang = str(context.get("language", language()))
    with in_language(lang):
        return _render_pack(context, record, fmt, lang, template_dir)


def _render_pack(context: dict[str, Any], record: Handover, fmt: str, lang: str,
                 template_dir: Path | None) -> str | bytes:
    frozen = record.frozen
    full = {
        **context,
        "signoffs": _signoff_rows(record),
        "sha256": frozen.sha256 if frozen else context_hash(context),
        "signed": frozen is not None,
        "review_rows": {row["code"]: row for row in context["review"]},
        "chart_w": sections.CHART_W,
        "chart_h": sections.CHART_H,
    }
    source = "md" if fmt == "docx" else fmt
    text = render_template(
        f"handover/pack.{source}.j2", full, lang=lang, overrides=template_dir
    )
    if fmt != "docx":
        return text
    from crmgov.services.docx import markdown_to_docx

    created = frozen.at if frozen else datetime.strptime(str(context["as_of"]), "%Y-%m-%d %H:%M")
    return markdown_to_docx(
        text, toc_caption=_("Contents"), language=lang, created=created
    )


def pack_context(store: Store, now: datetime, *, as_signed: bool) -> dict[str, Any]:
    """The frozen context (`as_signed`) or the live one."""
    if not as_signed:
        return build_context(store, now)
    frozen = handover_record(store).frozen
    if frozen is None:
        raise ReportError(_("the handover is not signed yet: there is no signed pack"))
    return frozen.context


def write_pack(
    store: Store,
    now: datetime,
    formats: tuple[str, ...],
    out_dir: Path,
    *,
    template_dir: Path | None = None,
    as_signed: bool = False,
) -> list[Path]:
    """Render every format in memory, then write them all (atomically) into `out_dir`."""
    context = pack_context(store, now, as_signed=as_signed)
    record = handover_record(store)
    rendered = [(fmt, render_pack(context, record, fmt, template_dir=template_dir))
                for fmt in formats]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for fmt, output in rendered:
            path = out_dir / f"{STEM}.{fmt}"
            write_atomic(path, output.encode("utf-8") if isinstance(output, str) else output)
            paths.append(path)
    except OSError as exc:
        raise ReportError(
            _("cannot write {path}: {error}", path=out_dir, error=os_reason(exc))
        ) from None
    return paths


def render_report(
    store: Store, name: str, fmt: str, now: datetime, lang: str | None = None
) -> str | bytes:
    """`crmgov report handover`: the live pack in one format (services.reports), in
    `lang` (default: the language in force)."""
    with in_language(lang):
        return render_pack(build_context(store, now), handover_record(store), fmt)

