"""Data-quality check speed (issue 15's goals). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_quality.py [--rows 1000000] [--skip-xlsx]

1. 1M-row contacts CSV + 100k accounts: `crmgov data check --no-save --json` as a new
   process (process start included), wall time and peak memory (goal ≤ 3 s, ≤ 1 GB). The
   mapping holds the default checks `init-mapping` writes, the accounts' duplicate rule
   (name, blocked by city) included.
2. The same exports with every field in double quotes (read by polars too, not the csv
   module: issue 22 item 13).
3. The same contacts as XLSX (goals ≤ 15 s, peak ≤ 1 GB). Writing a 1M-row XLSX takes
   minutes, so it is generated once into benchmarks/out/ and reused.
3. Duplicate pass over 100k account names blocked by city, 200 seeded near-duplicates
   (goal ≤ 15 s): time and how many seeded pairs were found.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "out" / "quality"
ROOT = Path(__file__).resolve().parent.parent
CITIES = ["Shanghai", "Beijing", "Suzhou", "Hangzhou", "Nanjing", "Ningbo", "Wuxi", "Hefei",
          "Xiamen", "Qingdao", "Chengdu", "Wuhan", "Xi'an", "Changsha", "Fuzhou", "Jinan",
          "Dalian", "Shenyang", "Kunming", "Nanning"]
MAPPING = """[tables.accounts]
file = "accounts.csv"
class = "static"
key = "id"
required = ["name", "city"]
duplicates = {{ field = "name", block = "city" }}

[tables.contacts]
file = "{contacts}"
class = "static"
key = "id"
required = ["name", "phone"]
fill = ["role"]
role = "role"
owner = "owner"
created_at = "created_at"
event_date = "event_date"
formats = {{ phone = "phone", email = "email" }}
pointers = {{ account_id = "accounts.id" }}
"""
HEADER = ["id", "account_id", "name", "phone", "email", "role", "owner", "created_at",
          "event_date"]


def _contact(rng: random.Random, i: int, accounts: int) -> list[str]:
    day = f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}"
    return [f"C{i}", f"A{rng.randrange(accounts + accounts // 100)}", f"Person {i}",
            f"13{rng.randrange(10**8, 10**9)}" if rng.random() > 0.02 else "",
            f"p{i}@example.com" if rng.random() > 0.03 else f"p{i}example.com",
            "buyer" if rng.random() < 0.2 else "", f"Owner {i % 40}",
            f"{day} {rng.randrange(24):02d}:{rng.randrange(60):02d}:00", day]


def make_csv(folder: Path, rows: int, accounts: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "contacts.csv").exists():
        # Exports generated earlier are kept (writing them takes a while); the mapping is
        # rewritten, so a change to it is measured.
        (folder / "crmgov-mapping.toml").write_text(MAPPING.format(contacts="contacts.csv"))
        return
    rng = random.Random(15)
    with (folder / "accounts.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["id", "name", "city"])
        w.writerows([f"A{i}", f"Company {i}", rng.choice(CITIES)] for i in range(accounts))
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(HEADER)
        w.writerows(_contact(rng, i, accounts) for i in range(rows))
    (folder / "crmgov-mapping.toml").write_text(MAPPING.format(contacts="contacts.csv"))


def make_xlsx(csv_folder: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "contacts.xlsx").exists():
        (folder / "crmgov-mapping.toml").write_text(MAPPING.format(contacts="contacts.xlsx"))
        return
    from openpyxl import Workbook

    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("contacts")
    with (csv_folder / "contacts.csv").open(encoding="utf-8") as f:
        for row in csv.reader(f):
            sheet.append(row)
    book.save(folder / "contacts.xlsx")
    (folder / "accounts.csv").write_bytes((csv_folder / "accounts.csv").read_bytes())
    (folder / "crmgov-mapping.toml").write_text(MAPPING.format(contacts="contacts.xlsx"))
    print(f"(generated {folder / 'contacts.xlsx'} in {time.perf_counter() - started:.0f} s)")


def make_quoted(csv_folder: Path, folder: Path) -> None:
    """The CSV exports with every field in double quotes."""
    import polars as pl

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("accounts.csv", "contacts.csv"):
        if not (folder / name).exists():
            pl.read_csv(csv_folder / name, infer_schema=False).write_csv(
                folder / name, quote_style="always")
    (folder / "crmgov-mapping.toml").write_text(MAPPING.format(contacts="contacts.csv"))


def run_cli(folder: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys, all threads) and peak RSS (MiB) of
    `crmgov data check` in a new process (that process's own figures, by wait4: the
    children's maximum would carry an earlier, bigger run over). On a loaded machine the
    wall time mostly measures the wait for a core; the CPU time does not."""
    import os

    started = time.perf_counter()
    crmgov = str(Path(sys.executable).with_name("crmgov"))
    child = subprocess.Popen([crmgov, "data", "check", str(folder), "--no-save", "--json"],
                             cwd=ROOT, stdout=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped above
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def bench_duplicates(names: int = 100_000, seeded: int = 200) -> None:
    import polars as pl

    from crmgov.domain.quality.mapping import DuplicateRule
    from crmgov.services.quality.duplicates import find_duplicates

    rng = random.Random(7)
    syllables = ["ka", "lo", "ri", "vex", "ta", "mon", "sul", "de", "bri", "zan", "por", "el",
                 "qui", "nor", "ast", "gu", "fen", "wy", "mar", "op", "tiv", "cor", "hal"]
    rows = []
    for i in range(names - seeded):
        brand = "".join(rng.choice(syllables) for _ in range(4)).capitalize()
        rows.append((f"A{i}", f"{brand} {rng.choice(['Trading', 'Machinery', 'Tech'])} {i}",
                     rng.choice(CITIES)))
    pairs = set()
    for k in range(seeded):
        j = rng.randrange(len(rows))
        ident, name, city = rows[j]
        p = rng.randrange(2, len(name) - 2)
        typo = name[:p] + name[p + 1] + name[p] + name[p + 2:]
        rows.append((f"D{k}", typo, city))
        pairs.add((ident, f"D{k}"))
    frame = pl.DataFrame(rows, schema=["id", "name", "city"], orient="row")
    started, cpu = time.perf_counter(), time.process_time()
    found = find_duplicates(frame, "id", DuplicateRule(field="name", block="city"), None, {})
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    hits = sum(1 for p in found.pairs if (p.a, p.b) in pairs or (p.b, p.a) in pairs)
    print(f"duplicates: {names:,} names blocked by city: {took:.1f} s (CPU {cpu:.1f} s), "
          f"{len(found.pairs):,} "
          f"pairs kept, {hits} of {seeded} seeded pairs found (goal ≤ 15 s)")


def main() -> None:
    print(f"load average {' '.join(f'{v:.1f}' for v in __import__('os').getloadavg())} "
          f"on {__import__('os').cpu_count()} cores")
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-xlsx", action="store_true")
    args = parser.parse_args()
    csv_dir = OUT / f"csv-{args.rows}"
    make_csv(csv_dir, args.rows, args.rows // 10)
    for n in range(3):
        wall, cpu, peak = run_cli(csv_dir)
        print(f"csv: {args.rows:,} contacts + {args.rows // 10:,} accounts, new process: "
              f"{wall:.2f} s (CPU {cpu:.2f} s), peak RSS {peak:.0f} MiB (run {n + 1}; "
              "goals ≤ 3 s, ≤ 1 GB)")
    quoted_dir = OUT / f"quoted-{args.rows}"
    make_quoted(csv_dir, quoted_dir)
    wall, cpu, peak = run_cli(quoted_dir)
    print(f"csv, every field quoted: new process: {wall:.2f} s (CPU {cpu:.2f} s), peak RSS "
          f"{peak:.0f} MiB")
    if not args.skip_xlsx:
        xlsx_dir = OUT / f"xlsx-{args.rows}"
        make_xlsx(csv_dir, xlsx_dir)
        wall, cpu, peak = run_cli(xlsx_dir)
        print(f"xlsx: {args.rows:,} contacts, new process: {wall:.2f} s (CPU {cpu:.2f} s), "
              f"peak RSS {peak:.0f} MiB (goals ≤ 15 s, ≤ 1 GB)")
    bench_duplicates()


if __name__ == "__main__":
    main()
