"""Small exports written for the data-quality tests."""

from __future__ import annotations

import csv
from pathlib import Path


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def mapping(folder: Path, text: str) -> Path:
    path = folder / "crmgov-mapping.toml"
    path.write_text(text, encoding="utf-8")
    return path


def accounts_with_bad_phones(folder: Path, bad: int, rows: int = 1000) -> Path:
    """`rows` accounts, `bad` of them with a malformed phone number."""
    data = [[f"A{i}", f"Company {i:05d}", "Shanghai",
             "12345" if i < bad else f"138{i:08d}"] for i in range(rows)]
    write_csv(folder / "accounts.csv", ["id", "name", "city", "phone"], data)
    return mapping(folder, '[tables.accounts]\nfile = "accounts.csv"\nclass = "static"\n'
                           'key = "id"\nformats = { phone = "phone" }\n')
