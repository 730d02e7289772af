"""Gate checklists: the shipped file loads, and a broken one is reported by file, line,
entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmgov.domain.enums import Language, PhaseKind
from crmgov.services.phases.checklists import (
    ChecklistError,
    default_gates_path,
    load_gate_checklist,
    load_gate_checklists,
)

GOOD_TAIL = """
[[expand]]
id = "e"
en = "Expand"
zh = "推广"

[[integrate]]
id = "i"
en = "Integrate"
zh = "集成"
"""


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gates.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> ChecklistError:
    with pytest.raises(ChecklistError) as info:
        load_gate_checklists(path)
    return info.value


# ---------------------------------------------------------------- the shipped file
def test_shipped_checklist_loads_with_both_languages() -> None:
    gates = load_gate_checklists()
    for kind in PhaseKind:
        items = gates.for_kind(kind)
        assert items, kind
        assert len({i.id for i in items}) == len(items)
        assert all(i.en and i.zh for i in items)
    assert default_gates_path().name == "gates.toml"


def test_pilot_gate_names_the_domain_criteria() -> None:
    pilot = load_gate_checklist(PhaseKind.PILOT, Language.EN)
    assert any("certified" in text for text in pilot)
    assert any("5%" in text for text in pilot)
    assert any("SOP" in text for text in pilot)
    assert any("sponsor" in text for text in pilot)
    assert load_gate_checklist("pilot", "zh")[0].startswith("试点用户")


def test_texts_follow_the_language(tmp_path: Path) -> None:
    path = _file(tmp_path, '[[pilot]]\nid = "p"\nen = "Pilot"\nzh = "试点"\n' + GOOD_TAIL)
    assert load_gate_checklist("pilot", "en", path=path) == ["Pilot"]
    assert load_gate_checklist("pilot", "zh", path=path) == ["试点"]
    assert load_gate_checklist("other", "en", path=path) == []


# ------------------------------------------------------------------ broken files
def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = _file(tmp_path, '[[pilot]]\nid = "p"\nen = "unterminated\nzh = "x"\n')
    error = _error(path)
    assert error.line == 3
    assert str(error).startswith(f"{path}, line 3: column ")
    assert "not valid TOML" in str(error)


def test_missing_field_names_the_entry_and_its_line(tmp_path: Path) -> None:
    path = _file(tmp_path, (
        '[[pilot]]\nid = "a"\nen = "A"\nzh = "甲"\n\n'
        '[[pilot]]\nid = "b"\nen = "B"\n' + GOOD_TAIL
    ))
    error = _error(path)
    assert str(error) == f"{path}, line 6: [[pilot]] entry 2 (id 'b'): field 'zh' is missing"


def test_blank_text_points_at_its_line(tmp_path: Path) -> None:
    path = _file(tmp_path, '[[pilot]]\nid = "a"\nen = "   "\nzh = "甲"\n' + GOOD_TAIL)
    error = _error(path)
    assert error.line == 3
    assert "[[pilot]] entry 1 (id 'a'): field 'en' is blank" in str(error)


def test_unknown_field_is_named(tmp_path: Path) -> None:
    path = _file(tmp_path, '[[pilot]]\nid = "a"\nen = "A"\nzh = "甲"\ntext = "?"\n' + GOOD_TAIL)
    error = _error(path)
    assert error.line == 5
    assert "unknown field 'text' (expected id, en, zh, live, threshold, tables, role)" in str(error)


def test_bad_id_is_explained(tmp_path: Path) -> None:
    path = _file(tmp_path, '[[pilot]]\nid = "Pilot Users"\nen = "A"\nzh = "甲"\n' + GOOD_TAIL)
    error = _error(path)
    assert error.line == 2
    assert "'Pilot Users' must be lower case letters, digits and dashes" in str(error)


def test_duplicate_id_points_at_the_second_one(tmp_path: Path) -> None:
    path = _file(tmp_path, (
        '[[pilot]]\nid = "a"\nen = "A"\nzh = "甲"\n'
        '[[pilot]]\nid = "a"\nen = "B"\nzh = "乙"\n' + GOOD_TAIL
    ))
    error = _error(path)
    assert str(error) == f"{path}, line 6: [[pilot]] entry 2: duplicate id 'a'"


def test_unknown_kind_lists_the_known_ones(tmp_path: Path) -> None:
    text = (
        '[[pilot]]\nid = "a"\nen = "A"\nzh = "甲"\n' + GOOD_TAIL
        + '\n[[pilots]]\nid = "b"\nen = "B"\nzh = "乙"\n'
    )
    error = _error(_file(tmp_path, text))
    assert error.line == text.splitlines().index("[[pilots]]") + 1
    assert "unknown phase kind 'pilots' (expected pilot, expand, integrate, other)" in str(error)


def test_missing_kind_is_reported(tmp_path: Path) -> None:
    path = _file(tmp_path, '[[pilot]]\nid = "a"\nen = "A"\nzh = "甲"\n')
    message = str(_error(path))
    assert "no [[expand]] entries" in message and "no [[integrate]] entries" in message


def test_wrong_shape_is_reported(tmp_path: Path) -> None:
    path = _file(tmp_path, 'pilot = "everything"\n' + GOOD_TAIL)
    error = _error(path)
    assert error.line == 1
    assert "'pilot' must be a list of [[pilot]] tables" in str(error)


def test_many_problems_are_capped(tmp_path: Path) -> None:
    entries = "".join(f'[[pilot]]\nid = "p{n}"\n' for n in range(8))
    message = str(_error(_file(tmp_path, entries + GOOD_TAIL)))
    assert message.count("\n") == 5
    assert message.endswith("... and 11 more problem(s)")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    assert "file not found" in str(_error(tmp_path / "nope.toml"))
    path = tmp_path / "gates.toml"
    path.write_bytes(b"\xff\xfe[[pilot]]")
    assert "not UTF-8" in str(_error(path))
