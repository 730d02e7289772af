"""The question bank as a spreadsheet (.xlsx/.csv): one row per question, for people who
keep their bank in Excel. Read into the same `[[question]]` tables the TOML files hold,
so the checks and their FILE:LINE errors are the same (the header is line 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crmgov.domain.certification.bank import Question
from crmgov.i18n import _, language
from crmgov.services.sheets import read_sheet, write_sheet

#: Options per question a sheet can hold.
MAX_OPTIONS = 6

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("code", "code", "编号"),
    ("section", "section", "部分"),
    ("topic", "topic", "主题"),
    ("sop", "sop", "SOP"),
    ("step", "step", "步骤"),
    ("kind", "kind", "题型"),
    ("difficulty", "difficulty", "难度"),
    ("en", "question", "题目（英文）"),
    ("zh", "question zh", "题目"),
    *(c for k in range(1, MAX_OPTIONS + 1) for c in (
        (f"option{k}", f"option {k}", f"选项{k}（英文）"),
        (f"option{k}_zh", f"option {k} zh", f"选项{k}"))),
    ("answer", "answer", "答案"),
    ("explain", "explanation", "解析（英文）"),
    ("explain_zh", "explanation zh", "解析"),
)


def sheet_tables(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line, question table) for each row, ready for bankfiles.question_from."""
    _fields, rows = read_sheet(path, COLUMNS, ("code", "section", "topic", "en", "option1",
                                               "answer"))
    out = []
    for line, row in rows:
        table: dict[str, Any] = {k: row[k] for k in ("code", "section", "topic", "sop", "kind",
                                                     "en", "zh") if row.get(k)}
        for key in ("step", "difficulty"):
            if row.get(key):
                table[key] = int(row[key]) if row[key].isdigit() else row[key]
        table["options"] = [[row[f"option{k}"], row.get(f"option{k}_zh", "")]
                            for k in range(1, MAX_OPTIONS + 1) if row.get(f"option{k}")]
        answer = row.get("answer", "").replace("，", ",").replace("、", ",")
        table["answer"] = [int(a) if a.strip().isdigit() else a.strip()
                           for a in answer.split(",") if a.strip()]
        if row.get("explain"):
            table["explain"] = [row["explain"], row.get("explain_zh", "")]
        table["__lines__"] = {}
        out.append((line, table))
    return out


def write_bank_sheet(path: Path, questions: list[Question]) -> None:
    """The bank's current wordings as a sheet (headers in the UI language)."""
    col = 2 if language() == "zh" else 1
    rows = []
    for q in sorted(questions, key=lambda q: q.code):
        v = q.current
        options: list[str] = []
        for k in range(MAX_OPTIONS):
            o = v.options[k] if k < len(v.options) else None
            options += [o.en if o else "", o.zh if o else ""]
        rows.append([q.code, q.section.value, q.topic, q.sop_code, str(q.sop_step or ""),
                     q.kind.value, str(q.difficulty), v.prompt.en, v.prompt.zh, *options,
                     ", ".join(str(a + 1) for a in v.answer),
                     v.explanation.en if v.explanation else "",
                     v.explanation.zh if v.explanation else ""])
    write_sheet(path, [c[col] for c in COLUMNS], rows, _("Question bank"))
