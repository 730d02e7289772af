"""`crmgov data check`: read the exports, run every check, save a dated snapshot.

The snapshot (a `quality_runs` record) holds results only, never the exported rows; each
checked table also gets a `data_quality` measurement, which the readiness figures, the
dashboard and `crmgov status --json` read as before. Any damaged export or mapping
problem stops the check before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crmgov.domain.quality.mapping import Mapping, MappingError, TableMapping, parse_mapping
from crmgov.domain.quality.model import THRESHOLDS, QualityMeasurement
from crmgov.domain.quality.results import QualityRun, TableResult
from crmgov.i18n import _, language, os_reason
from crmgov.services.quality.exports import (
    ExportError,
    delimiter_hint,
    export_files,
    read_export,
)

if TYPE_CHECKING:
    import polars as pl

    from crmgov.storage.interface import Store

#: The mapping file looked for in the export folder when --mapping is not given.
DEFAULT_MAPPING = "crmgov-mapping.toml"
RUNS, DECISIONS = "quality_runs", "quality_decisions"

Progress = Callable[[float, str], None]


@dataclass
class CheckInput:
    """What a check reads: the mapping and where each table's export is."""

    mapping: Mapping
    files: dict[str, Path]
    source: str


def list_sep() -> str:
    """How a list reads in the language in force (Chinese lists use 、)."""
    return "、" if language() == "zh" else ", "


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file (MappingError: "FILE:LINE: …")."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: {os_reason(exc)}") from None
    return parse_mapping(text, str(path))


def _shown(path: Path, relative_to: Path | None) -> str:
    """Relative to `relative_to` (the project's folder) when inside it, else absolute: the
    TUI offers the last folder again and reads a relative one beside the project."""
    if relative_to is not None:
        try:
            return str(path.resolve().relative_to(relative_to.resolve()))
        except ValueError:
            pass
    return str(path.resolve())


def resolve(paths: Sequence[Path], mapping_path: Path | None,
            relative_to: Path | None = None) -> CheckInput:
    """The mapping (given, found in the folder, or guessed from the headers) and the file of
    each table it names; paths are recorded relative to `relative_to` when inside it."""
    from crmgov.services.quality.starter import guess_mapping

    files = export_files(list(paths))
    folder = next((p for p in paths if p.is_dir()), files[0].parent if files else Path("."))
    if mapping_path is None and (folder / DEFAULT_MAPPING).is_file():
        mapping_path = folder / DEFAULT_MAPPING
    if mapping_path is not None:
        mapping = load_mapping(mapping_path)
        mapping = mapping.model_copy(update={"source": _shown(mapping_path, relative_to)})
    else:
        mapping = parse_mapping(guess_mapping(files), _("(mapping guessed from the headers)"))
    by_name = {f.name: f for f in files}
    chosen: dict[str, Path] = {}
    for name, tm in mapping.tables.items():
        path = by_name.get(Path(tm.file).name)
        if path is None and (folder / tm.file).is_file():
            path = folder / tm.file
        if path is None:
            raise MappingError(f"{mapping.source}:{mapping.line_of(name, 'file')}: tables.{name}: "
                               + _("file {file!r} is not among the exports given",
                                   file=tm.file))
        chosen[name] = path
    if not chosen:
        raise ExportError(_("no .csv or .xlsx export found"))
    return CheckInput(mapping, chosen, ", ".join(_shown(p, relative_to) for p in paths))


def _check_columns(mapping: Mapping, tm: TableMapping, path: Path, frame: pl.DataFrame) -> None:
    have = set(frame.columns)
    for column in tm.columns():
        if column not in have:
            key = next((k for k in ("key", "required", "fill", "role", "owner", "created_at",
                                    "event_date", "formats", "enums", "pointers", "duplicates",
                                    "terms") if column in str(getattr(tm, k))), "")
            raise MappingError(
                f"{mapping.source}:{mapping.line_of(tm.name, key)}: tables.{tm.name}: "
                + _("column {column!r} is not in the header of {file} ({have})",
                    column=column, file=path.name, have=list_sep().join(frame.columns[:12]))
                + delimiter_hint(frame.columns)
            )


def _check_targets(inp: CheckInput, frames: dict[str, pl.DataFrame]) -> None:
    """Every pointer's target column is in its table's export: else its orphans could not
    be counted, and the pointer would be checked against nothing."""
    mapping = inp.mapping
    for tm in mapping.tables.values():
        for column, target in tm.pointers.items():
            table, key = target.split(".", 1)
            if key not in frames[table].columns:
                raise MappingError(
                    f"{mapping.source}:{mapping.line_of(tm.name, 'pointers')}: "
                    f"tables.{tm.name}: "
                    + _("pointers.{column} points to {target!r}, but column {key!r} is not in "
                        "the header of {file}", column=column, target=target, key=key,
                        file=inp.files[table].name))


def run_check(
    inp: CheckInput,
    decisions: dict[tuple[str, tuple[str, str]], str],
    now: datetime,
    by: str = "",
    progress: Progress | None = None,
) -> QualityRun:
    """Read every export and check it; the run, not yet saved.

    The duplicate pass of a table (Python, one core) starts in a thread as soon as its
    export is read, and runs while polars (native, off the GIL) reads and checks the other
    tables: 1M contacts + 100k accounts took the sum of both. Tables are checked without
    duplicates first; the run lists them in the mapping's order, and what is found does not
    depend on the timing."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from crmgov.services.quality.duplicates import Found, find_duplicates
    from crmgov.services.quality.engine import check_table, target_keys

    def step(done: float, what: str) -> None:
        if progress:
            progress(min(1.0, done), what)

    names = list(inp.mapping.tables)
    mine = {name: {pair: d for (table, pair), d in decisions.items() if table == name}
            for name in names}
    frames: dict[str, pl.DataFrame] = {}
    early: dict[str, Future[Found]] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="crmgov-duplicates") as pool:
        # Workbooks first: calamine holds a workbook's cells whole while it reads them (the
        # peak of a check), so before any other table or duplicate pass adds to it.
        for n, name in enumerate(sorted(names, key=lambda t: inp.files[t].suffix.lower()
                                        != ".xlsx")):
            step(0.4 * n / len(names), _("reading {file}", file=inp.files[name].name))
            frame = read_export(inp.files[name])
            tm = inp.mapping.tables[name]
            _check_columns(inp.mapping, tm, inp.files[name], frame)
            frames[name] = frame
            if tm.duplicates or tm.terms:
                early[name] = pool.submit(find_duplicates, frame, tm.key, tm.duplicates,
                                          tm.terms, mine[name])
        _check_targets(inp, frames)
        targets = target_keys(frames, inp.mapping.tables)
        results: dict[str, TableResult] = {}
        for n, name in enumerate(sorted(names, key=lambda t: t in early)):
            base = 0.4 + 0.6 * n / len(names)
            step(base, _("checking {table}", table=name)
                 if name not in early else _("duplicates in {table}", table=name))
            found = early[name].result() if name in early else None
            result = check_table(frames[name], inp.mapping.tables[name], targets, mine[name],
                                 found=found)
            results[name] = result.model_copy(update={"file": inp.files[name].name})
    step(1.0, _("done"))
    return QualityRun(run_at=now, source=inp.source, mapping=inp.mapping.source, by=by,
                      tables=[results[name] for name in names])


def known_decisions(store: Store) -> dict[tuple[str, tuple[str, str]], str]:
    """Every remembered duplicate decision: (table, (a, b)) → same/different."""
    return {(d.table, (d.a, d.b)): d.decision for d in store.all(DECISIONS)}


def measurement(run: QualityRun, t: TableResult, run_id: int) -> QualityMeasurement:
    """The dashboard's measurement of one checked table."""
    return QualityMeasurement(
        table=t.label, kind=t.kind, measured_on=run.run_at.date(), records=t.rows,
        errors=t.error_rows - t.duplicate_rows, duplicates=t.duplicate_rows,
        fill_rate=None if t.role_empty is None else round(1 - t.role_empty, 4),
        threshold=None if abs(t.fail - THRESHOLDS[t.kind]) < 1e-12 else t.fail,
        run_id=run_id,
    )


def save_run(store: Store, run: QualityRun) -> QualityRun:
    """Save the snapshot and one measurement per table, in one transaction."""
    with store.transaction("quality.check") as txn:
        saved = txn.insert(RUNS, run)
        txn.insert_many("data_quality", [measurement(saved, t, saved.id) for t in saved.tables])
    return saved


def check_and_save(
    store: Store | None,
    paths: Sequence[Path],
    mapping_path: Path | None,
    now: datetime,
    progress: Progress | None = None,
    relative_to: Path | None = None,
) -> QualityRun:
    """Resolve, check and (with a store) save: what the CLI and the TUI both call.

    Paths are recorded as given, or relative to `relative_to` (the demo: its project's
    folder); the TUI takes a relative one as relative to the project file."""
    inp = resolve(paths, mapping_path, relative_to)
    decisions = known_decisions(store) if store is not None else {}
    run = run_check(inp, decisions, now, store.actor if store else "", progress)
    return save_run(store, run) if store is not None else run


def runs(store: Store) -> list[QualityRun]:
    """Every saved run, oldest first."""
    return sorted(store.all(RUNS), key=lambda r: (r.run_at, r.id))
