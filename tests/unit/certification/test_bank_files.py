"""The shipped bank and quizzes load; bad bank files give FILE:LINE errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crmgov.domain.enums import QuizPart
from crmgov.services.certification.bank import import_bank, install_default_bank
from crmgov.services.certification.bankfiles import (
    BankFileError,
    read_questions,
    read_quizzes,
    shipped_dir,
)

TODAY = date(2026, 11, 23)


def test_shipped_bank_is_large_bilingual_and_covers_both_sections():
    questions = [q for q, _ in read_questions([shipped_dir()])]
    assert len(questions) >= 60
    sections = {q.section for q in questions}
    assert sections == {QuizPart.SYSTEM, QuizPart.PROCESS}
    assert all(q.current.prompt.zh and all(o.zh for o in q.current.options) for q in questions)
    assert all(q.sop_code.startswith("SOP-") for q in questions)
    assert len(read_quizzes([shipped_dir()])) >= 3


def test_install_then_reimport_changes_nothing(empty_store):
    first = install_default_bank(empty_store, TODAY)
    assert len(first.added) >= 60 and first.quizzes_added
    again = install_default_bank(empty_store, TODAY)
    assert not again.added and not again.revised and again.unchanged == len(first.added)


def test_changed_wording_adds_a_version(empty_store, tmp_path: Path):
    install_default_bank(empty_store, TODAY)
    text = (shipped_dir() / "system.toml").read_text(encoding="utf-8")
    edited = text.replace("what do you search by first?", "what do you look up first?")
    (tmp_path / "system.toml").write_text(edited, encoding="utf-8")
    report = import_bank(empty_store, [tmp_path / "system.toml"], TODAY)
    assert report.revised == ["SYS-ACC-01"]
    q = next(q for q in empty_store.all("questions") if q.code == "SYS-ACC-01")
    assert [v.version for v in q.versions] == [1, 2]
    assert "search by first" in q.version(1).prompt.en


@pytest.mark.parametrize(("body", "line", "words"), [
    ('code = "X"\nsection = "system"\ntopic = "t"\nen = "Q?"\noptions = [["a", "甲"]]\n'
     'answer = [1]\n', 7, "options"),
    ('code = "X"\nsection = "system"\ntopic = "t"\nen = "Q?"\noptions = [["a", "甲"], '
     '["b", "乙"]]\nanswer = [3]\n', 8, "out of range"),
    ('code = "X"\nsection = "sales"\ntopic = "t"\nen = "Q?"\noptions = [["a", "甲"], '
     '["b", "乙"]]\nanswer = [1]\n', 4, "section"),
    ('code = "X"\nsection = "system"\ntopic = "t"\nen = "Q?"\noptions = [["a", "甲"], '
     '["b", "乙"]]\nanswer = [1]\ncolour = "red"\n', 9, "colour"),
])
def test_bad_question_names_file_and_line(tmp_path: Path, body: str, line: int, words: str):
    path = tmp_path / "bank.toml"
    path.write_text("# a bank\n[[question]]\n" + body, encoding="utf-8")
    with pytest.raises(BankFileError) as err:
        read_questions([path])
    message = str(err.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert words in message


def test_duplicate_code_and_bad_toml(tmp_path: Path):
    q = ('[[question]]\ncode = "X"\nsection = "system"\ntopic = "t"\nen = "Q?"\n'
         'options = [["a", "甲"], ["b", "乙"]]\nanswer = [1]\n')
    path = tmp_path / "bank.toml"
    path.write_text(q + "\n" + q, encoding="utf-8")
    with pytest.raises(BankFileError) as err:
        read_questions([path])
    assert str(err.value).startswith(f"{path}:10:") and "twice" in str(err.value)
    path.write_text("[[question]]\ncode = \n", encoding="utf-8")
    with pytest.raises(BankFileError) as bad:
        read_questions([path])
    assert str(bad.value).startswith(f"{path}:2:")
