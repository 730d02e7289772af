"""The handover review flow, the frozen pack and its documents."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import docx
import pytest

from crmgov.cli import main
from crmgov.domain.handover.review import SECTIONS, HandoverRuleError, SignRole, Verdict
from crmgov.i18n import set_language
from crmgov.services.handover.pack import (
    FORMATS,
    build_context,
    handover_record,
    render_pack,
    write_pack,
)
from crmgov.services.handover.review import answer, review, set_support_notes, sign_handover
from crmgov.services.issues.log import update_issue
from crmgov.services.projects import open_project
from crmgov.services.templates import ReportError
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW, fixed_clock


def _as(store: ProjectStore, who: str) -> ProjectStore:
    return open_project(store.path, who, clock=fixed_clock)


@pytest.fixture
def people(demo_store: ProjectStore) -> dict[str, ProjectStore]:
    p = demo_store.project
    return {
        "consultant": _as(demo_store, p.consultant),
        "owner": _as(demo_store, p.internal_owner),
        "sponsor": _as(demo_store, p.executive_sponsor),
        "other": _as(demo_store, "Somebody Else"),
    }


def _accept_all(consultant: ProjectStore) -> None:
    for section in SECTIONS:
        review(consultant, section, Verdict.ACCEPTED, "", FIXED_NOW)


def test_review_thread_needs_work_answer_then_accept(people: dict[str, ProjectStore]) -> None:
    c, o = people["consultant"], people["owner"]
    review(c, "quality", Verdict.NEEDS_WORK, "Payment terms duplicates: no owner", FIXED_NOW)
    answer(o, "quality", "Finance owns payment terms from now on", FIXED_NOW)
    record = review(c, "quality", Verdict.ACCEPTED, "Good", FIXED_NOW)
    thread = record.section("quality").thread
    assert [e.verdict for e in thread] == [Verdict.NEEDS_WORK, None, Verdict.ACCEPTED]
    assert thread[1].by == o.actor
    assert record.section("quality").verdict is Verdict.ACCEPTED
    assert record.section("plan").verdict is Verdict.PENDING
    # The demo's own review is kept alongside.
    assert [e.verdict for e in record.section("issues").thread][-1] is Verdict.ACCEPTED


def test_only_the_right_people_review_answer_and_sign(people: dict[str, ProjectStore]) -> None:
    with pytest.raises(HandoverRuleError, match="only the consultant"):
        review(people["other"], "sops", Verdict.ACCEPTED, "", FIXED_NOW)
    with pytest.raises(HandoverRuleError, match="comment is required"):
        review(people["consultant"], "sops", Verdict.NEEDS_WORK, " ", FIXED_NOW)
    with pytest.raises(HandoverRuleError, match="no review to answer"):
        answer(people["owner"], "plan", "x", FIXED_NOW)
    review(people["consultant"], "plan", Verdict.NEEDS_WORK, "No analytics item", FIXED_NOW)
    with pytest.raises(HandoverRuleError, match="only the internal owner"):
        answer(people["consultant"], "plan", "x", FIXED_NOW)
    with pytest.raises(HandoverRuleError, match="not every section is accepted"):
        sign_handover(people["consultant"], SignRole.CONSULTANT, FIXED_NOW)
    _accept_all(people["consultant"])
    with pytest.raises(HandoverRuleError, match="only .* signs as sponsor"):
        sign_handover(people["consultant"], SignRole.SPONSOR, FIXED_NOW)


def test_first_signature_freezes_and_the_signed_pack_regenerates_byte_for_byte(
    people: dict[str, ProjectStore], tmp_path: Path
) -> None:
    c = people["consultant"]
    _accept_all(c)
    record = sign_handover(c, SignRole.CONSULTANT, FIXED_NOW)
    frozen = record.frozen
    assert frozen is not None and set(frozen.digests) == set(FORMATS)
    # The hash is in the audit trail, with who signed.
    trail = c.audit.path.read_text(encoding="utf-8")
    assert frozen.sha256 in trail and "handover.sign.consultant" in trail
    # The live data changes afterwards...
    owner = people["owner"]
    open_one = next(i for i in owner.all("issues") if i.is_open and i.category == "system")
    update_issue(owner, open_one.id, FIXED_NOW, title="Changed after signing")
    sign_handover(people["owner"], SignRole.INTERNAL_OWNER, FIXED_NOW)
    final = sign_handover(people["sponsor"], SignRole.SPONSOR, FIXED_NOW)
    assert {s.sha256 for s in final.signoffs} == {frozen.sha256}
    # ...but the signed pack is the same, twice over, and the live one differs.
    first = write_pack(c, FIXED_NOW, FORMATS, tmp_path / "a", as_signed=True)
    second = write_pack(c, FIXED_NOW, FORMATS, tmp_path / "b", as_signed=True)
    live = write_pack(owner, FIXED_NOW, ("md",), tmp_path / "live")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert "Changed after signing" not in first[0].read_text(encoding="utf-8")
    assert "Changed after signing" in live[0].read_text(encoding="utf-8")
    assert frozen.sha256 in first[0].read_text(encoding="utf-8")
    # Nothing in the review can change once signed.
    with pytest.raises(HandoverRuleError, match="frozen"):
        review(c, "plan", Verdict.NEEDS_WORK, "late", FIXED_NOW)
    with pytest.raises(HandoverRuleError, match="frozen"):
        set_support_notes(people["owner"], "late")


def test_signed_digest_matches_the_signed_markdown_before_other_signatures(
    people: dict[str, ProjectStore],
) -> None:
    c = people["consultant"]
    _accept_all(c)
    record = sign_handover(c, SignRole.CONSULTANT, FIXED_NOW)
    assert record.frozen is not None
    md = render_pack(record.frozen.context, handover_record(c), "md")
    assert isinstance(md, str)
    # The digest is of the pack at freezing, whose sign-off table had no name yet.
    assert hashlib.sha256(md.encode()).hexdigest() != record.frozen.digests["md"]
    assert "| Implementation consultant | " in md


def test_as_signed_without_a_signature_is_refused(demo_store: ProjectStore, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="not signed yet"):
        write_pack(demo_store, FIXED_NOW, ("md",), tmp_path, as_signed=True)


def test_documents_in_english_and_chinese(demo_store: ProjectStore) -> None:
    context = build_context(demo_store, FIXED_NOW)
    record = handover_record(demo_store)
    md = render_pack(context, record, "md")
    html = render_pack(context, record, "html")
    assert isinstance(md, str) and isinstance(html, str)
    assert md.startswith("# Handover pack: ") and "## 10. Support arrangements" in md
    assert "<h2>Closure checklist</h2>" in html and "<svg class=\"trend\"" in html
    assert "http" not in html.replace("http-equiv", "")  # self-contained: no outside asset
    set_language("zh")
    zh = build_context(demo_store, FIXED_NOW)
    zh_md = render_pack(zh, record, "md")
    assert isinstance(zh_md, str)
    assert zh_md.startswith("# 交接文档：") and "## 签署" in zh_md
    assert any("、" in row["subjects"] for row in zh["checklist"])


def test_docx_reads_back_with_headings_tables_and_contents(demo_store: ProjectStore) -> None:
    data = render_pack(build_context(demo_store, FIXED_NOW), handover_record(demo_store), "docx")
    assert isinstance(data, bytes)
    doc = docx.Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Closure checklist" in headings and "3. SOP register" in headings
    assert doc.paragraphs[0].style.name == "Title"
    assert any(p.style.name == "TOC Heading" for p in doc.paragraphs)
    assert len(doc.tables) > 10
    assert doc.tables[0].rows[0].cells[0].text == "Question"


def test_user_templates_override_per_file_and_errors_write_nothing(
    demo_store: ProjectStore, tmp_path: Path
) -> None:
    mine = tmp_path / "mine" / "en" / "handover"
    mine.mkdir(parents=True)
    (mine / "pack.md.j2").write_text("# Our pack for {{ project }}\n", encoding="utf-8")
    out = tmp_path / "out"
    paths = write_pack(demo_store, FIXED_NOW, ("md", "html"), out, template_dir=tmp_path / "mine")
    assert paths[0].read_text(encoding="utf-8").startswith("# Our pack for ")
    assert "<h2>Closure checklist</h2>" in paths[1].read_text(encoding="utf-8")  # shipped
    (mine / "pack.md.j2").write_text("ok\n{{ no_such_thing }}\n", encoding="utf-8")
    again = tmp_path / "again"
    with pytest.raises(ReportError, match=r"pack\.md\.j2:2: 'no_such_thing' is undefined"):
        write_pack(demo_store, FIXED_NOW, ("html", "md"), again, template_dir=tmp_path / "mine")
    assert not again.exists()


def test_a_hostile_template_is_refused(demo_store: ProjectStore, tmp_path: Path) -> None:
    mine = tmp_path / "mine" / "en" / "handover"
    mine.mkdir(parents=True)
    (mine / "pack.md.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    with pytest.raises(ReportError, match="unsafe|template error"):
        write_pack(demo_store, FIXED_NOW, ("md",), tmp_path / "o", template_dir=tmp_path / "mine")


def test_cli_flow(demo_store: ProjectStore, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = str(demo_store.path)
    consultant = demo_store.project.consultant
    assert main(["--project", path, "handover", "checklist"]) == 1
    assert main(["--project", path, "--as", "Nobody", "handover", "review", "sops",
                 "--accept"]) == 2
    assert "only the consultant" in capsys.readouterr().err
    for section in SECTIONS:
        assert main(["--project", path, "--as", consultant, "handover", "review", section,
                     "--accept"]) == 0
    assert main(["--project", path, "--as", consultant, "handover", "sign", "consultant"]) == 0
    assert "pack SHA-256" in capsys.readouterr().out
    out = tmp_path / "pack"
    assert main(["--project", path, "handover", "--as-signed", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "handover-pack.docx", "handover-pack.html", "handover-pack.md"
    ]
    assert main(["--project", path, "handover", "status", "--json"]) == 0
    assert '"consultant"' in capsys.readouterr().out
    assert main(["--project", path, "handover", "--template-dir", str(tmp_path / "none")]) == 2
    assert main(["--project", path, "report", "handover", "--format", "docx"]) == 2  # binary


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_docx_sop_register_is_on_a_landscape_page(demo_store, lang: str) -> None:
    """The pack's 8-column SOP register wrapped its codes and titles on a portrait page."""
    import io

    import docx
    from docx.enum.section import WD_ORIENT

    from crmgov.services.handover.pack import render_report as render_handover

    data = render_handover(demo_store, "handover", "docx", FIXED_NOW, lang)
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    wide = [s for s in document.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    tables = [t for s in wide for t in s.iter_inner_content() if isinstance(t, docx.table.Table)]
    register = [t for t in tables if len(t.columns) == 8]
    assert register and register[0].rows[1].cells[0].text.startswith("SOP-")
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
