"""The OS's reason for a failed file operation is shown in the user's language (its own
words, strerror, are English whatever the language): `report … --out` onto a folder said
"无法写入 out.md：Is a directory"."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from crmgov.cli import main
from crmgov.i18n import os_reason, use_language
from crmgov.storage.store import ProjectStore


@pytest.mark.parametrize(("code", "en", "zh"), [
    (errno.EISDIR, "it is a folder", "这是一个文件夹"),
    (errno.ENOENT, "no such file or folder", "文件或文件夹不存在"),
    (errno.EACCES, "permission denied", "没有权限"),
])
def test_known_reasons_are_translated(code: int, en: str, zh: str) -> None:
    exc = OSError(code, "the OS's English words")
    with use_language("en"):
        assert os_reason(exc) == en
    with use_language("zh"):
        assert os_reason(exc) == zh


def test_other_reasons_keep_the_os_words() -> None:
    assert os_reason(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    assert os_reason(OSError("no errno at all")) == "no errno at all"


def test_a_report_written_onto_a_folder_says_why_in_chinese(
    demo_store: ProjectStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out.md"
    folder.mkdir()
    assert main(["--project", str(demo_store.path), "--lang", "zh", "report", "sops",
                 "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "这是一个文件夹" in err and "directory" not in err
