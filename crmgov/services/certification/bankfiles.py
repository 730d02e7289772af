"""Question bank and quiz definition files (TOML): read with file:line errors, write back.

A bank file holds `[[question]]` tables; a quiz file `[[quiz]]` tables (checklists/questions/
shows both). tomllib gives no line numbers, so each table's line is found by counting the
`[[question]]` / `[[quiz]]` headers of the text, and a field's line by its `key =` inside
that table: every error names FILE:LINE.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crmgov.domain.certification.bank import (
    Localized,
    Question,
    QuestionVersion,
    answer_problem,
)
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.enums import QuestionKind
from crmgov.i18n import _
from crmgov.paths import question_banks_dir
from crmgov.services.certification.errors import CertificationError


def shipped_dir() -> Path:
    """The default bank and quizzes shipped with crmgov (editable data files), in a checkout
    or inside an installed wheel: found through `crmgov.paths` like every shipped file."""
    return question_banks_dir()


class BankFileError(CertificationError):
    """A bank or quiz file is wrong; the message starts with FILE:LINE."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else "\n".join(problems))
        self.errors = problems


@dataclass
class Located:
    """A parsed record with where it came from."""

    path: Path
    line: int
    table: dict[str, Any]

    def where(self, key: str | None = None) -> str:
        return f"{self.path}:{self.line if key is None else self.line_of(key)}"

    def line_of(self, key: str) -> int:
        return self.table.get("__lines__", {}).get(key, self.line)  # type: ignore[no-any-return]


def _tables(path: Path, kind: str) -> list[Located]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankFileError([f"{path}:1: " + _("cannot read: {error}", error=exc)]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_in_message(str(exc))
        raise BankFileError([f"{path}:{line}: " + _("not valid TOML: {error}", error=exc)]
                            ) from None
    rows = data.get(kind, [])
    if not isinstance(rows, list):
        raise BankFileError([f"{path}:1: " + _("[[{kind}]] tables expected", kind=kind)])
    header = re.compile(rf"^\s*\[\[\s*{kind}\s*\]\]")
    key_re = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")
    starts: list[int] = []
    lines_of: list[dict[str, int]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            starts.append(n)
            lines_of.append({})
        elif starts and (m := key_re.match(line)):
            lines_of[-1].setdefault(m.group(1), n)
    out = []
    for k, row in enumerate(rows):
        line = starts[k] if k < len(starts) else 1
        table = dict(row)
        table["__lines__"] = lines_of[k] if k < len(lines_of) else {}
        out.append(Located(path, line, table))
    return out


def _line_in_message(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 1


def _localized(value: Any) -> Localized:
    """["en", "zh"], {en=…, zh=…} or "en" → Localized."""
    if isinstance(value, str):
        return Localized(en=value)
    if isinstance(value, list) and 1 <= len(value) <= 2 and all(isinstance(v, str) for v in value):
        return Localized(en=value[0], zh=value[1] if len(value) > 1 else "")
    if isinstance(value, dict):
        return Localized.model_validate(value)
    raise ValueError("expected a text, [en, zh] or {en = …, zh = …}")


QUESTION_KEYS = frozenset({"code", "section", "topic", "sop", "step", "kind", "difficulty", "en",
                           "zh", "options", "answer", "explain", "retired"})


def question_from(row: Located) -> Question:
    """A Question (version 1) from one `[[question]]` table; BankFileError names the line."""
    t = row.table
    unknown = sorted(set(t) - QUESTION_KEYS - {"__lines__"})
    if unknown:
        raise BankFileError([f"{row.where(unknown[0])}: " + _("unknown field {field}",
                                                                field=unknown[0])])
    field = "options"
    try:
        options = [_localized(o) for o in t.get("options", [])]
        field = "answer"
        answer = t.get("answer", [])
        if not isinstance(answer, list) or not all(isinstance(a, int) for a in answer):
            raise ValueError("expected a list of option numbers, e.g. [2]")
        field = "kind"
        kind = QuestionKind(t.get("kind", "single"))
        problem = answer_problem(kind, len(options), [a - 1 for a in answer])
        if problem:
            field = "options" if problem.endswith("2 options") else "answer"
            raise ValueError(problem)
        field = "explain"
        explanation = _localized(t["explain"]) if "explain" in t else None
        field = "en"
        prompt = Localized(en=t.get("en", ""), zh=t.get("zh", ""))
        field = "code"
        return Question(
            code=t.get("code", ""), section=t.get("section", ""), topic=t.get("topic", ""),
            kind=t.get("kind", "single"), difficulty=t.get("difficulty", 1),
            sop_code=t.get("sop", ""), sop_step=t.get("step"), retired=t.get("retired", False),
            versions=[QuestionVersion(version=1, prompt=prompt, options=options,
                                      answer=[a - 1 for a in answer],  # files count from 1
                                      explanation=explanation)],
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        key = _file_key(loc) or field
        message = err["msg"].removeprefix("Value error, ")
        raise BankFileError([f"{row.where(key)}: {key}: {message}"]) from None
    except (ValueError, TypeError) as exc:
        raise BankFileError([f"{row.where(field)}: {field}: {exc}"]) from None


def _file_key(loc: list[str]) -> str:
    """The file's key for a pydantic error location."""
    mapping = {"sop_code": "sop", "sop_step": "step", "prompt": "en", "explanation": "explain"}
    for part in loc:
        if part in mapping:
            return mapping[part]
        if part in QUESTION_KEYS:
            return part
    if "versions" in loc:
        return "answer" if len(loc) <= 2 else "options"
    return ""


def read_questions(paths: list[Path]) -> list[tuple[Question, Located]]:
    """Every question of the bank files (folders: every *.toml but quizzes*.toml), checked;
    BankFileError lists every problem, each as FILE:LINE: reason."""
    out: list[tuple[Question, Located]] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in _files(paths, quizzes=False):
        try:
            rows = _sheet_rows(path) if path.suffix.lower() in SHEETS else _tables(
                path, "question")
        except BankFileError as exc:
            problems += exc.errors
            continue
        for row in rows:
            try:
                q = question_from(row)
            except BankFileError as exc:
                problems += exc.errors
                continue
            if q.code in seen:
                problems.append(f"{row.where('code')}: " + _(
                    "question {code} is defined twice (first at {where})", code=q.code,
                    where=seen[q.code]))
                continue
            seen[q.code] = row.where("code")
            out.append((q, row))
    if problems:
        raise BankFileError(problems)
    return out


#: Spreadsheet suffixes a bank may also come in (services/certification/banksheet.py).
SHEETS = (".xlsx", ".csv")


def _sheet_rows(path: Path) -> list[Located]:
    from crmgov.services.certification.banksheet import sheet_tables
    from crmgov.services.sheets import SheetRejected

    try:
        return [Located(path, line, table) for line, table in sheet_tables(path)]
    except SheetRejected as exc:
        raise BankFileError(exc.errors) from None


def read_quizzes(paths: list[Path]) -> list[tuple[QuizDefinition, Located]]:
    """Every quiz definition of quizzes*.toml files in `paths` (or named directly)."""
    out: list[tuple[QuizDefinition, Located]] = []
    problems: list[str] = []
    for path in _files(paths, quizzes=True):
        for row in _tables(path, "quiz"):
            t = {k: v for k, v in row.table.items() if k != "__lines__"}
            try:
                if "title" in t:
                    t["title"] = _localized(t["title"])
                out.append((QuizDefinition.model_validate(t), row))
            except (ValidationError, ValueError) as exc:
                if isinstance(exc, ValidationError):
                    err = exc.errors()[0]
                    key = str(err["loc"][0]) if err["loc"] else ""
                    msg = err["msg"]
                else:
                    key, msg = "title", str(exc)
                problems.append(f"{row.where(key or None)}: {key}: {msg}")
    if problems:
        raise BankFileError(problems)
    return out


def _files(paths: list[Path], *, quizzes: bool) -> list[Path]:
    """The bank files (or, with `quizzes`, the quiz files) among `paths`."""
    out = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.glob("*.toml") if f.name.startswith("quizzes") == quizzes)
        elif not p.exists():
            raise BankFileError([f"{p}:1: " + _("no such file or folder")])
        elif p.name.startswith("quizzes") == quizzes and (
                quizzes or p.suffix.lower() in (".toml", *SHEETS)):
            out.append(p)
    return out


# ---------------------------------------------------------------------------- writing
def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _pair(loc: Localized) -> str:
    return f"[{_toml_str(loc.en)}, {_toml_str(loc.zh)}]"


def question_toml(q: Question) -> str:
    """One `[[question]]` table (the current wording), as the bank files write it."""
    v = q.current
    lines = ["[[question]]", f"code = {_toml_str(q.code)}", f"section = {_toml_str(q.section)}",
             f"topic = {_toml_str(q.topic)}", f"kind = {_toml_str(q.kind)}",
             f"difficulty = {q.difficulty}"]
    if q.sop_code:
        lines.append(f"sop = {_toml_str(q.sop_code)}")
    if q.sop_step:
        lines.append(f"step = {q.sop_step}")
    if q.retired:
        lines.append("retired = true")
    lines += [f"en = {_toml_str(v.prompt.en)}", f"zh = {_toml_str(v.prompt.zh)}", "options = ["]
    lines += [f"  {_pair(o)}," for o in v.options]
    lines += ["]", f"answer = [{', '.join(str(a + 1) for a in v.answer)}]"]
    if v.explanation:
        lines.append(f"explain = {_pair(v.explanation)}")
    return "\n".join(lines) + "\n"


def bank_toml(questions: list[Question]) -> str:
    """A whole bank file."""
    head = ("# crmgov question bank (exported). answer = option numbers counted from 1.\n"
            "# Edit, then `crmgov questions lint FILE` and `crmgov questions import FILE`.\n\n")
    return head + "\n".join(question_toml(q) for q in sorted(questions, key=lambda q: q.code))
