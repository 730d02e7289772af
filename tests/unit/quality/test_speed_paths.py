"""The fast paths of `data check` give the results of the slow ones (issue 22 item 13):
crowded cores left out of the all-with-all comparison, CSVs (quoted too) read by polars
without the csv module."""

from __future__ import annotations

import csv
import random
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from crmgov.domain.quality.mapping import DuplicateRule
from crmgov.services.quality import duplicates, exports
from crmgov.services.quality.check import check_and_save
from crmgov.services.quality.duplicates import find_duplicates
from crmgov.services.quality.exports import ExportError
from tests.unit.quality.helpers import write_csv


def _names() -> pl.DataFrame:
    """A numbered series (every name crowded: many near twins), long names with typos (a
    few twins each), all in one block big enough for the window pass."""
    rng = random.Random(13)
    rows = [(f"A{i}", f"Company {rng.randrange(40000)}" if i % 3 else
             f"Alpha Beta Gamma Trading {i}", "Wuxi") for i in range(1500)]
    for i in range(600):
        word = "".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randrange(10, 24)))
        rows.append((f"S{i}", word, "Wuxi"))
        p = rng.randrange(len(word) - 1)
        if i % 5 == 0:
            rows.append((f"T{i}", word[:p] + word[p + 1] + word[p] + word[p + 2:], "Wuxi"))
        if i % 7 == 0:
            rows.append((f"U{i}", word[:p] + "x" + word[p + 1:], "Wuxi"))
            rows.append((f"V{i}", word[:p] + "xy" + word[p + 2:], "Wuxi"))
    return pl.DataFrame(rows, schema=["id", "name", "city"], orient="row")


def test_the_window_pass_changes_no_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _names()
    rule = DuplicateRule(field="name", block="city")
    fast = find_duplicates(frame, "id", rule, None, {})
    monkeypatch.setattr(duplicates, "WINDOW", 0)  # every long core against every other
    slow = find_duplicates(frame, "id", rule, None, {})
    assert fast.pairs == slow.pairs and fast.duplicate_rows == slow.duplicate_rows
    assert len(slow.pairs) > 50 and any(not p.flagged for p in slow.pairs)



@pytest.mark.parametrize("stack", [1, 3, 256])
def test_the_window_tiles_read_at_once_find_the_pairs_read_one_by_one(
        monkeypatch: pytest.MonkeyPatch, stack: int) -> None:
    frame = _names()
    rule = DuplicateRule(field="name", block="city")
    seen: list[tuple[list[tuple[int, int]], list[int]]] = []
    block_pairs = duplicates._block_pairs

    def spying(*args: object) -> object:
        pairs, edits = block_pairs(*args)  # type: ignore[arg-type]
        seen.append((pairs.tolist(), edits.tolist()))
        return pairs, edits

    monkeypatch.setattr(duplicates, "_block_pairs", spying)
    monkeypatch.setattr(duplicates, "STACK", stack)
    fast = find_duplicates(frame, "id", rule, None, {})
    monkeypatch.setattr(duplicates, "_STACK", False)
    slow = find_duplicates(frame, "id", rule, None, {})
    # Every pair the window found (those of crowded cores too), not only those offered.
    assert len(seen) == 2 and seen[0] == seen[1] and len(seen[0][0]) > 100
    assert fast.pairs == slow.pairs and fast.duplicate_rows == slow.duplicate_rows

# Quoted CSVs are read by polars alone (no csv module): the frame, and on bad input the
# message, are those of the checked path.
GOOD = {
    "plain": b"id,name\nA1,x\nA2,y\n",
    "quoted": b'"id","name"\n"A1","x"\n"A2",""\n',
    "comma inside": b'"id","name"\n"A1","Smith, John"\n"A2","a,b,,c"\n',
    "line break inside": b'"id","note"\n"A1","two\nlines"\n"A2","three\n\nlines, too"\n"A3","x"\n',
    "escaped quotes": b'"id","name"\n"A1","say ""hi"", twice"\n',
    "crlf": b'"id","name"\r\n"A1","x, y"\r\n"A2","z"\r\n',
    "bom": b'\xef\xbb\xbf"id","name"\n"A1","\xe4\xb8\x8a\xe6\xb5\xb7"\n',
    "only header": b'"id","name"\n',
    "mixed": b'id,name,city\nA1,"Smith, John",Wuxi\nA2,Jane,"Su,zhou"\n',
    "no final line end": b'"id","name"\n"A1","x"',
}
BAD = {
    "short": (b'"id","name","city"\n"A1","x","y"\n"A2","x"\n',
              ":3: 2 field(s) where the header has 3"),
    "long": (b'"id","name"\n"A1","x"\n"A2","x","y"\n', ":3: 3 field(s) where the header has 2"),
    "short after a line break": (b'"id","note","c"\n"A1","two\nlines","c"\n"A2","x"\n',
                                 ":4: 2 field(s) where the header has 3"),
    "short, a comma inside": (b'"id","name","c"\n"A1","x, y"\n',
                              ":2: 2 field(s) where the header has 3"),
    "not utf-8": ('"id","name"\n"A1","上海"\n'.encode("gb18030"), ":2: not UTF-8 text"),
    "name twice": (b'"id","name","name"\n"A1","x","y"\n', ":1: column 'name' appears twice"),
    "unquoted short": (b"id,name,city\nA1,x,y\nA2,x\n", ":3: 2 field(s) where the header has 3"),
    "one long, one short": (b'"id","name"\n"A1"\n"A2","x","y"\n',
                            ":2: 1 field(s) where the header has 2"),
    "old Mac line ends": (b'"id","name"\r"A1","x"\r', ":1: a line ends with a carriage return"),
    "unquoted, one long, one short": (b"id,name\nA1\nA2,x,y\n",
                                      ":2: 1 field(s) where the header has 2"),
}
#: Sound, but left to the checked path (the field count cannot tell a blank line).
UNUSUAL = {
    "blank line": b'"id","name"\n"A1","x"\n\n"A2","y"\n',
    "unquoted blank line": b"id,name\nA1,x\n\nA2,y\n",
}


@pytest.fixture(params=["bytes", "numpy"])
def scan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Commas and carriage returns counted by bytes.count and re (small exports) or by
    numpy in chunks (large ones: here every export, 3 bytes a chunk)."""
    if request.param == "numpy":
        monkeypatch.setattr(exports, "LARGE", 0)
        monkeypatch.setattr(exports, "SCAN", 3)
    return str(request.param)


def test_numpy_scans_count_as_bytes_and_re(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    rng = random.Random(5)
    samples = [bytes(rng.choice(b",\r\nab") for _ in range(rng.randrange(0, 40)))
               for _ in range(2000)] + [b"\r", b"a\r", b"\r\n", b"\r\r\n", b"ab\r\nc\r"]
    monkeypatch.setattr(exports, "LARGE", 0)
    for size in (1, 2, 3, 7, 1 << 22):
        monkeypatch.setattr(exports, "SCAN", size)
        for body in samples:
            assert exports._count_byte(body, ord(",")) == body.count(b","), body
            assert exports._lone_cr(body) == bool(re.search(rb"\r(?!\n)", body)), body


def _slow(monkeypatch: pytest.MonkeyPatch, path: Path) -> pl.DataFrame:
    with monkeypatch.context() as m:
        m.setattr(exports, "_read_clean_csv", lambda raw: None)
        return exports.read_export(path)


@pytest.mark.parametrize("name", list(GOOD))
def test_a_sound_csv_is_read_by_polars_alone_as_the_checks_would(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scan: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(GOOD[name])
    assert exports._read_clean_csv(GOOD[name]) is not None, "the fast path was not taken"
    fast = exports.read_export(path)
    slow = _slow(monkeypatch, path)
    assert fast.equals(slow) and fast.columns == slow.columns


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_an_unusual_csv_is_read_as_before(name: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, scan: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(UNUSUAL[name])
    assert exports.read_export(path).equals(_slow(monkeypatch, path))


@pytest.mark.parametrize("name", list(BAD))
def test_a_damaged_csv_names_the_line_as_before(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scan: str) -> None:
    data, message = BAD[name]
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    assert exports._read_clean_csv(data) is None
    with pytest.raises(ExportError) as fast:
        exports.read_export(path)
    with pytest.raises(ExportError) as slow:
        _slow(monkeypatch, path)
    assert str(fast.value) == str(slow.value)
    assert str(fast.value).startswith(f"{path}{message}")


def test_a_fully_quoted_export_checks_like_the_unquoted_one(tmp_path: Path) -> None:
    rows = [[f"A{i}", f"Company {i % 70}", "Wuxi" if i % 3 else "上海", f"138{i:08d}"
             if i % 11 else "12345"] for i in range(400)]
    mapping = ('[tables.accounts]\nfile = "accounts.csv"\nclass = "static"\nkey = "id"\n'
               'required = ["name"]\nformats = { phone = "phone" }\n'
               'duplicates = { field = "name", block = "city" }\n')
    results = []
    for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL):
        folder = tmp_path / str(quoting)
        folder.mkdir()
        with (folder / "accounts.csv").open("w", encoding="utf-8", newline="") as out:
            w = csv.writer(out, quoting=quoting, lineterminator="\n")
            w.writerow(["id", "name", "city", "phone"])
            w.writerows(rows)
        (folder / "crmgov-mapping.toml").write_text(mapping, encoding="utf-8")
        run = check_and_save(None, [folder], None, datetime(2026, 12, 7))
        results.append(run.tables[0].model_dump(exclude={"file"}))
    assert results[0] == results[1] and results[0]["error_rows"] > 0


def test_the_duplicate_pass_in_its_thread_changes_no_figure(tmp_path: Path) -> None:
    """Accounts (with duplicates, checked last, in a thread) and contacts: the run lists
    the tables in the mapping's order, with the figures of a plain table-by-table check."""
    from crmgov.services.quality.check import resolve, run_check
    from crmgov.services.quality.engine import check_table, target_keys

    rows = [[f"A{i}", f"Company {i % 90}", "Wuxi" if i % 4 else "Suzhou"] for i in range(300)]
    write_csv(tmp_path / "accounts.csv", ["id", "name", "city"], rows)
    write_csv(tmp_path / "contacts.csv", ["id", "account_id", "name"],
              [[f"C{i}", f"A{i * 7 % 330}", "" if i % 13 == 0 else f"P{i}"] for i in range(500)])
    (tmp_path / "crmgov-mapping.toml").write_text(
        '[tables.accounts]\nfile = "accounts.csv"\nclass = "static"\nkey = "id"\n'
        'duplicates = { field = "name", block = "city" }\n\n'
        '[tables.contacts]\nfile = "contacts.csv"\nclass = "static"\nkey = "id"\n'
        'required = ["name"]\npointers = { account_id = "accounts.id" }\n', encoding="utf-8")
    inp = resolve([tmp_path], None)
    decisions = {("accounts", ("A1", "A91")): "different"}
    run = run_check(inp, decisions, datetime(2026, 12, 7))
    frames = {name: exports.read_export(inp.files[name]) for name in inp.mapping.tables}
    targets = target_keys(frames, inp.mapping.tables)
    plain = [check_table(frames[name], tm, targets,
                         {p: d for (t, p), d in decisions.items() if t == name})
             .model_copy(update={"file": inp.files[name].name})
             for name, tm in inp.mapping.tables.items()]
    assert [t.table for t in run.tables] == ["accounts", "contacts"]
    assert run.tables == plain and run.tables[0].duplicate_rows > 0


def _varied_names() -> list[tuple[str | None, str | None]]:
    """Chinese and English names with cities, legal forms (mistyped too), brackets, full-
    width forms, upper case and swapped characters, in their own city or another."""
    from crmgov.domain.quality import normalise

    rng = random.Random(5)
    cities = [*normalise.CITIES[:40], *normalise.PROVINCES[:8], "Shanghai", "xi'an", "上海市",
              " 苏州 ", "", None, "Ｓｈａｎｇｈａｉ", "上"]
    places = [c.strip() for c in cities if c and c.strip()]
    brands = ["华信", "恒泰", "达", "Golden Harbor", "Tesco", "ACME", "Ｈｕａ"]
    trades = [*normalise.TRADES[:20], "Trading", "Machinary", "Tech", "技术", "进出口"]
    forms = [*normalise.CN_SUFFIXES, "有限公可", "有公限司", "有限司", "有限责任中司",
             "Co., Ltd.", "Ltd", "Limted", "Inc.", "GmbH", ""]
    names: list[tuple[str | None, str | None]] = [
        ("", "x"), (None, None), ("(", "上海"), ("公司", None), ("a公司", "上海"), ("集团", ""),
        ("Shanghai", "Shanghai"), ("上海", "上海"), ("Company 12", "Wuxi"), ("(--) Tech", "x"),
        # Glued to its city (the ASCII shortcut of _strip_place), too short to lose it.
        ("ShanghaiGold Harbor", "Shanghai"), ("Wuxi", "Wuxi"), ("Wuxiab", "Wuxi"),
        ("Wuxi市Trading", "Wuxi"), ("wuxi市 Gold", "Wuxi"), ("xianTrading", "xi'an")]
    for _ in range(3000):
        parts = [rng.choice(places)] if rng.random() < 0.4 else []
        if rng.random() < 0.15:
            parts.append(f"({rng.choice(places)})")
        parts.append(rng.choice(brands))
        if rng.random() < 0.2:
            parts.append(f"({rng.choice(['岳智', '上海市', 'ab', '--', 'x'])})")
        parts += [rng.choice(trades), rng.choice(forms)]
        name = rng.choice(["", " ", ","]).join(parts)
        r = rng.random()
        if r < 0.1:
            name = name.upper()
        elif r < 0.15:
            name = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
        elif r < 0.25 and len(name) > 3:
            p = rng.randrange(len(name) - 1)
            name = name[:p] + name[p + 1] + name[p] + name[p + 2:]
        names.append((name, rng.choice(cities)))
    # English names as the benchmark's, with English cities in front now and then.
    for i in range(400):
        city = rng.choice(["Shanghai", "Wuxi", "xi'an", "上海"])
        front = f"{city} " if i % 4 == 0 else ""
        names.append((f"{front}Company {i}" if i % 2 else f"{front}Kalo Trading Co. {i}", city))
    return names


def test_the_normalising_shortcuts_change_no_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from crmgov.domain.quality import normalise

    names = _varied_names()
    fast = [normalise.normalise_name(n, c) for n, c in names]
    monkeypatch.setattr(normalise, "_FAST", False)  # every step on every name
    slow = [normalise.normalise_name(n, c) for n, c in names]
    assert fast == slow
    assert len(set(fast)) > 500 and sum(1 for n, _c in names if n and n.isascii()) > 300


def _plain_twists() -> list[tuple[str | None, str | None]]:
    """Names the columnar normalising reads itself (one or two ASCII words) and their
    neighbours it leaves to normalise_name, with every kind of city."""
    cities = ["Wuxi", "Shanghai", "上海", "上海A", "xi'an", "", None, " Wuxi市 "]
    names = ["Company 1", "company 1", "COMPANY 1", "Foo Co", "Foo company", "Foo Ltd",
             "Foo Tradng", "Foo Trading", "Foo Technology", "Foo Technologi", "Foo and",
             "Foo the", "Shanghai Foo", "Wuxi12 x", "WuxiA", "Wuxi Golden Harbor",
             "Wuxi12x", "wuxixy", "Golden Harbor", "Golden Harbour", "Machinary Kalo",
             "Kalo Machinary", "Kalo  Co", " Kalo Co", "Kalo Co.", "Kalo, Co", "A", "a b",
             "123456", "Foo 123456", "Foo Limited", "Foo Limted", "Foo Incorporated",
             "Ｆoo Co", "上海 Foo", "Foo 上海", "", None, "Foo Bar Baz", "x y z Co"]
    return [(n, c) for n in names for c in cities]


@pytest.mark.parametrize("block", [True, False])
def test_the_columnar_normalising_gives_normalise_name(
        block: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Names normalised on whole columns (the plain ones by polars expressions) are
    normalise_name's, and the duplicates found are those of the row-by-row pass."""
    from crmgov.domain.quality.normalise import normalise_name

    rng = random.Random(22)
    names = _plain_twists() + _varied_names()
    names += [(f"Company {rng.randrange(300)}", rng.choice(["Wuxi", "上海", "Shanghai"]))
              for _ in range(600)]
    frame = pl.DataFrame({"id": [f"R{i}" for i in range(len(names))],
                          "name": [n for n, _c in names], "city": [c for _n, c in names]},
                         schema={"id": pl.String, "name": pl.String, "city": pl.String})
    rule = DuplicateRule(field="name", block="city" if block else "")
    ids, listed = frame["id"].to_list(), frame["name"].to_list()
    norm, blocks, lengths, firsts, codes = duplicates._cores(
        frame, rule, duplicates.Found(), ids, listed, {})
    assert norm == [normalise_name(n, c if block else None) for n, c in names]
    assert lengths.tolist() == [len(n) for n in norm]
    # One code per block, as the blocks are grouped for the fuzzy pass.
    assert len(set(zip(blocks, codes.tolist(), strict=True))) == len(set(blocks)) == len(
        set(codes.tolist()))
    plain = frame["name"].str.contains(duplicates._PLAIN).fill_null(False)
    assert plain.sum() > 1000  # most names took the columnar path
    decisions = {("R0", "R8"): "different", ("R1", "R9"): "same"}
    fast = find_duplicates(frame, "id", rule, None, decisions)
    monkeypatch.setattr(duplicates, "_VECTOR", False)
    slow = find_duplicates(frame, "id", rule, None, decisions)
    assert fast.pairs == slow.pairs and fast.duplicate_rows == slow.duplicate_rows
    assert fast.exact_groups == slow.exact_groups > 100
    assert any(not p.flagged for p in slow.pairs)


def test_the_column_checks_count_as_row_by_row() -> None:
    """Blankness computed once per column (bytes, full-width spaces too), owners grouped as
    written and then as compared: the figures of a plain row-by-row count."""
    import re

    from crmgov.domain.quality.mapping import parse_mapping
    from crmgov.domain.quality.rules import FORMAT_PATTERNS, is_blank
    from crmgov.services.quality.engine import check_table

    rng = random.Random(3)
    pick = rng.choice
    rows = [{"id": f"C{i}", "account_id": pick(["A1", "A2", " A1", "A9", "", None]),
             "name": pick(["Li", " ", "\u3000", "", None, "王"]),
             "phone": pick(["13812345678", " 13812345678 ", "12345", "", None, "\u3000"]),
             "email": pick(["a@b.cn", "ab.cn", " a@b.cn", None, ""]),
             "role": pick(["buyer", "", None, " "]),
             "owner": pick(["Wang", " Wang", "Wang ", "Li", None, "", "\u3000", "李"])}
            for i in range(2000)]
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})
    tm = parse_mapping(
        '[tables.contacts]\nfile = "contacts.csv"\nclass = "static"\nkey = "id"\n'
        'required = ["name", "phone"]\nfill = ["role"]\nrole = "role"\nowner = "owner"\n'
        'formats = { phone = "phone", email = "email" }\n'
        'pointers = { account_id = "accounts.id" }\n\n[tables.accounts]\n'
        'file = "accounts.csv"\nclass = "static"\nkey = "id"\n', "m.toml").tables["contacts"]
    result = check_table(frame, tm, {"accounts.id": pl.Series(["A1", "A2"])}, {})

    def bad(row: dict[str, str | None]) -> dict[str, bool]:
        def fmt(col: str) -> bool:
            value = row[col]
            return not is_blank(value) and not re.fullmatch(
                f"(?:{FORMAT_PATTERNS[col]})", (value or "").strip())
        return {"required name": is_blank(row["name"]), "required phone": is_blank(row["phone"]),
                "format phone": fmt("phone"), "format email": fmt("email"),
                "pointer account_id": not is_blank(row["account_id"])
                and row["account_id"] not in ("A1", "A2")}

    marks = [bad(r) for r in rows]
    assert {f"{r.rule} {r.field}": r.violations for r in result.rules} == {
        k: sum(m[k] for m in marks) for k in marks[0]}
    assert result.error_rows == sum(any(m.values()) for m in marks)
    fills = ("name", "phone", "role")
    assert result.fill == {c: sum(not is_blank(r[c]) for r in rows) / len(rows) for c in fills}
    assert result.role_empty == sum(is_blank(r["role"]) for r in rows) / len(rows)
    owners: dict[str, list[int]] = {}
    for r, m in zip(rows, marks, strict=True):
        o = owners.setdefault((r["owner"] or "").strip(), [0, 0, 0])
        o[0] += 1
        o[1] += any(m.values())
        o[2] += sum(not is_blank(r[c]) for c in fills)
    assert [(o.owner, o.rows, o.error_rows, o.filled, o.cells) for o in result.owners] == [
        (k, v[0], v[1], v[2], v[0] * 3) for k, v in sorted(owners.items())]
    assert len(result.owners) == 4 and result.error_rows > 0


def _short_cores() -> pl.DataFrame:
    """Chinese names of one city (issue 22 item 13): 2-character brands of one trade (each
    core one edit from dozens: crowded), 6-character brands (8-character cores, short but
    compared by the long pass), long names with a typo now and then."""
    rng = random.Random(22)
    chars = "华信达通恒泰盛宏安嘉瑞丰源鑫隆祥德诚远博创新联合金银光明天海永昌兴旺福顺利和润美佳"
    names: set[str] = set()
    while len(names) < 900:
        names.add(rng.choice(chars) + rng.choice(chars) + "科技有限公司")
    while len(names) < 1800:
        names.add("".join(rng.choice(chars) for _ in range(6)) + "科技有限公司")
    while len(names) < 2100:
        names.add("".join(rng.choice(chars) for _ in range(rng.randrange(9, 14))) + "有限公司")
    rows = sorted(names)
    for name in rows[::7]:
        p = rng.randrange(len(name) - 4)
        rows.append(name[:p] + rng.choice(chars) + name[p + 1:])
    return pl.DataFrame([(f"A{i}", n, "上海") for i, n in enumerate(rows)],
                        schema=["id", "name", "city"], orient="row")


def test_crowded_short_cores_are_not_compared_and_nothing_changes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import rapidfuzz.process

    frame, rule = _short_cores(), DuplicateRule(field="name", block="city")
    counted = {"pairs": 0, "cells": 0}
    cpdist, cdist = rapidfuzz.process.cpdist, rapidfuzz.process.cdist

    def counting_cpdist(a: list[str], b: list[str], **kw: object) -> object:
        counted["pairs"] += len(a)
        return cpdist(a, b, **kw)

    def counting_cdist(a: list[str], b: list[str], **kw: object) -> object:
        counted["cells"] += len(a) * len(b)
        return cdist(a, b, **kw)

    monkeypatch.setattr(rapidfuzz.process, "cpdist", counting_cpdist)
    monkeypatch.setattr(rapidfuzz.process, "cdist", counting_cdist)
    fast = find_duplicates(frame, "id", rule, None, {})
    fast_count = dict(counted)
    counted.update(pairs=0, cells=0)
    monkeypatch.setattr(duplicates, "_PRUNE", False)
    slow = find_duplicates(frame, "id", rule, None, {})
    assert (fast.pairs, fast.duplicate_rows, fast.exact_groups) == (
        slow.pairs, slow.duplicate_rows, slow.exact_groups)
    assert fast.pairs and fast.duplicate_rows
    # The pairs of two crowded short cores, and of two cores too short to need the long pass.
    assert fast_count["pairs"] * 5 < counted["pairs"]
    assert fast_count["cells"] * 2 < counted["cells"]
