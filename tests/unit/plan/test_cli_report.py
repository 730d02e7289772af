"""`crmgov plan …`, `crmgov owner …` and `crmgov report plan` end to end, in en and zh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.storage.store import ProjectStore


def run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--project", str(path), "--as", "Chen Hui", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_check_exits_1_on_the_demo_with_its_two_blind_spots(
    demo_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, demo_store.path, "plan", "check", "--json")
    assert code == 1
    found = json.loads(out)
    assert [f["code"] for f in found] == ["no_prospects", "table_over_threshold"]
    assert all(f["reason"].startswith("§") for f in found)


def test_plan_commands(empty_store: ProjectStore, capsys: pytest.CaptureFixture[str]) -> None:
    p = empty_store.path
    assert run(capsys, p, "plan", "add", "--year", "1", "--title", "Clean", "--area",
               "data_quality", "--metric", "errors", "--goal", "5%", "--by", "2027-06-30",
               "--owner", "Zhao")[1].strip() == "1"
    code, _out, err = run(capsys, p, "plan", "add", "--year", "1", "--title", "X", "--by", "soon")
    assert code == 2 and "soon" in err
    assert run(capsys, p, "plan", "comment", "1", "--text", "Baseline?")[0] == 0
    assert run(capsys, p, "plan", "comment", "plan", "--text", "Prospects?")[0] == 0
    assert run(capsys, p, "plan", "answer", "1", "1", "--text", "22%")[0] == 0
    code, out, _ = run(capsys, p, "plan", "show", "1")
    assert "[1] answered" in out and "22%" in out
    code, _out, err = run(capsys, p, "plan", "sign", "--role", "consultant")
    assert code == 2 and "cannot sign yet" in err and "Traceback" not in err
    assert run(capsys, p, "plan", "resolve", "1", "1")[0] == 0
    assert run(capsys, p, "plan", "resolve", "plan", "1")[0] == 0
    assert run(capsys, p, "plan", "accept", "1")[0] == 0
    assert "waiting" in run(capsys, p, "plan", "sign", "--role", "consultant")[1]
    assert "version 1" in run(capsys, p, "plan", "sign", "--role", "owner")[1]
    assert run(capsys, p, "plan", "edit", "1", "--goal", "1%")[0] == 0
    code, out, _ = run(capsys, p, "plan", "diff", "--json")
    assert json.loads(out)["changes"][0]["fields"] == [["goal", "5%", "1%"]]
    code, out, _ = run(capsys, p, "plan", "list", "--json")
    assert json.loads(out)[0]["goal"] == "1%"
    assert run(capsys, p, "plan", "edit", "9", "--goal", "x")[0] == 2


def test_owner_commands(empty_store: ProjectStore, capsys: pytest.CaptureFixture[str]) -> None:
    p = empty_store.path
    assert run(capsys, p, "owner", "assess", "reports", "--answer", "no",
               "--unknown", "all of it")[0] == 0
    assert run(capsys, p, "owner", "review", "reports", "--view", "confirmed")[0] == 0
    code, out, _ = run(capsys, p, "owner", "gaps", "--json")
    gaps = {g["line"]: g for g in json.loads(out)["gaps"]}
    assert gaps["reports"]["reason"] == "no"
    assert "plan item #1" in run(capsys, p, "owner", "gaps", "--to-plan", "reports")[1]
    assert "issue #1" in run(capsys, p, "owner", "gaps", "--to-issue", "training")[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_report_in_both_languages(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from crmgov.services.demo.writer import write_demo
    from tests.conftest import FIXED_NOW, fixed_clock

    store = write_demo(tmp_path / "d.json", "t", language=lang, today=FIXED_NOW.date(),
                       clock=fixed_clock)
    code, md, _ = run(capsys, store.path, "report", "plan", "--format", "md")
    assert code == 0
    words = {"en": ("# Three-year improvement plan", "## Blind spots", "prospects ignored",
                    "## Owner readiness: 61%", "Changed #2"),
             "zh": ("# 三年改进计划", "## 盲点", "忽视潜在客户开发", "## 内部负责人就绪度：61%",
                    "修改 #2")}[lang]
    for word in words:
        assert word in md, word
    html_path = tmp_path / "plan.html"
    assert run(capsys, store.path, "report", "plan", "--format", "html", "--out",
               str(html_path))[0] == 0
    html = html_path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and words[0][2:] in html
    docx_path = tmp_path / "plan.docx"
    assert run(capsys, store.path, "report", "plan", "--format", "docx", "--out",
               str(docx_path))[0] == 0
    import docx

    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert words[0][2:] in text and words[1][3:] in text


def test_help_works_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    for lang in ("en", "zh"):
        for args in (["plan", "--help"], ["plan", "check", "--help"], ["owner", "gaps", "--help"]):
            assert main(["--lang", lang, *args]) == 0
    out = capsys.readouterr().out
    assert "blind-spot" in out and "盲点检查" in out
