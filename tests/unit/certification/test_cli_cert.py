"""`crmgov cert verify|access-list` and `crmgov questions import|export` via cli.main."""

from __future__ import annotations

import json

from crmgov.cli import main


def test_verify_exit_codes(demo_store, capsys):
    cert = next(c for c in demo_store.all("certifications") if c.revoked)
    assert main(["--project", str(demo_store.path), "cert", "verify", cert.code]) == 1
    valid = max((c for c in demo_store.all("certifications") if not c.revoked),
                key=lambda c: c.issued_on)
    assert main(["--project", str(demo_store.path), "cert", "verify", valid.code.lower()]) == 0
    assert valid.number in capsys.readouterr().out


def test_access_list_json_matches_the_dashboard(demo_store, capsys, tmp_path):
    from crmgov.domain.certification.figures import certification_figures

    assert main(["--project", str(demo_store.path), "cert", "access-list", "--format",
                 "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = {p["name"] for p in data["people"] if not p["may_work"]}
    people = data["people"]
    assert len(people) == len({p["staff_id"] for p in people})
    figures = certification_figures(demo_store.all("staff"), demo_store.all("certifications"),
                                    demo_store.all("spot_checks"), _today(data))
    assert data["allowed"] == figures.certified and len(people) == figures.required
    assert sorted(names) == figures.uncertified
    out = tmp_path / "access.csv"
    assert main(["--project", str(demo_store.path), "cert", "access-list", "--out",
                 str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1 + len(people)


def _today(data):
    from datetime import date

    return date.fromisoformat(data["as_of"])


def test_questions_export_import_round_trip(demo_store, tmp_path, capsys):
    out = tmp_path / "bank.toml"
    assert main(["--project", str(demo_store.path), "questions", "export", str(out)]) == 0
    assert main(["--project", str(demo_store.path), "questions", "import", str(out)]) == 0
    assert "0 added, 0 revised" in capsys.readouterr().out
    out.write_text(out.read_text(encoding="utf-8").replace("answer = [1]", "answer = [9]", 1),
                   encoding="utf-8")
    assert main(["--project", str(demo_store.path), "questions", "import", str(out)]) == 2
    assert f"{out}:" in capsys.readouterr().err


def test_access_list_xlsx_reads_back(demo_store, tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "access.xlsx"
    assert main(["--project", str(demo_store.path), "cert", "access-list", "--format", "xlsx",
                 "--out", str(out)]) == 0
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert main(["--project", str(demo_store.path), "cert", "access-list", "--format",
                 "json"]) == 0
    people = json.loads(capsys.readouterr().out.split("\n", 1)[1])["people"]
    assert [r[1] for r in rows[1:]] == [p["name"] for p in people]
    assert [r[6] == "yes" for r in rows[1:]] == [p["may_work"] for p in people]


def _sheet(demo_store, tmp_path, lang, fmt):
    import csv

    from openpyxl import load_workbook

    out = tmp_path / f"access-{lang}.{fmt}"
    assert main(["--project", str(demo_store.path), "--lang", lang, "cert", "access-list",
                 "--format", fmt, "--out", str(out)]) == 0
    if fmt == "xlsx":
        return [list(r) for r in load_workbook(out, read_only=True).worksheets[0]
                .iter_rows(values_only=True)]
    return list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))


def test_access_list_shows_labels_in_the_language_and_one_stable_column(
    demo_store, tmp_path, capsys
):
    """Role and state read "new hire" / "新员工", "not certified" / "未认证" (before: the
    stored keys new_hire, not_certified in both languages); the last column, `may_work`,
    stays true/false in every language for a script that grants accounts."""
    assert main(["--project", str(demo_store.path), "cert", "access-list", "--format",
                 "json"]) == 0
    people = json.loads(capsys.readouterr().out)["people"]
    for fmt in ("csv", "xlsx"):
        en, zh = _sheet(demo_store, tmp_path, "en", fmt), _sheet(demo_store, tmp_path, "zh", fmt)
        assert en[0][-1] == zh[0][-1] == "may_work"
        assert en[0][2] == "Role" and zh[0][2] == "角色"
        body_en, body_zh = en[1:], zh[1:]
        assert [r[-1] == "true" for r in body_en] == [p["may_work"] for p in people]
        assert [r[-1] for r in body_en] == [r[-1] for r in body_zh]
        assert [r[0] for r in body_en] == [str(p["staff_id"]) for p in people]
        # Role, state and "may work": what the stored keys were shown as.
        cells_en = {c for r in body_en for c in (r[2], r[5], r[6])}
        cells_zh = {c for r in body_zh for c in (r[2], r[5], r[6])}
        assert {"new hire", "veteran", "certified", "not certified", "yes", "no"} <= cells_en
        assert {"新员工", "老员工", "已认证", "未认证", "是", "否"} <= cells_zh
        assert not {c for c in cells_zh if c.isascii()}, cells_zh
        assert not {c for c in cells_en if "_" in c}, cells_en
