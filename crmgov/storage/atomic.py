"""Writing the project file so a crash leaves the old file or the new one, never a mix.

TinyDB's default JSONStorage re-parses the whole file on every query and rewrites it in
place on every insert (no temp file): a crash mid-write leaves a damaged file, and at 100k
records each query costs ~1.3 s. Here: temp file in the same folder → flush → fsync →
os.replace → fsync of the folder; orphaned temp files of killed writers are removed by the
next process that holds the lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel

if TYPE_CHECKING:  # filelock costs a database command's start for nothing
    from filelock import BaseFileLock

#: Options for a whole-file dump (see `dump_project` for the layout).
DUMP_OPTIONS = orjson.OPT_NON_STR_KEYS

#: (inode, size, mtime_ns) of the project file, then the size of its audit trail.
Signature = tuple[int, int, int, int]


def file_signature(path: Path, audit_path: Path | None = None) -> Signature | None:
    """Changes whenever the file is replaced or rewritten.

    inode/size/mtime alone can miss a change: inodes are reused once the old file is gone,
    and mtime ticks coarsely (a kernel jiffy), so two same-size writes in a row could look
    identical. Every committed change also appends to the audit trail, whose size only
    grows, so adding it makes the signature strictly move. Read the audit size *before*
    the file (writers append before they replace), so a racing write is never missed.
    """
    audit_size = -1
    if audit_path is not None:
        try:
            audit_size = os.stat(audit_path).st_size
        except FileNotFoundError:
            pass
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, audit_size)


#: table → document key → the serialised entry `"key":{...}` as written in the file.
Tables = dict[str, dict[str, bytes]]
#: table → record id → validated model.
ModelTables = Mapping[str, Mapping[int, BaseModel]]


def encode_entry(key: str, doc: Any) -> bytes:
    """One record as it appears in the file, with its separator: `,\\n"12":{...}`.

    The separator is stored with the entry so a write can hand the entries to `writelines`
    as they are (a C loop) instead of interleaving 100k separators in Python.
    """
    return b',\n"%b":%b' % (key.encode(), orjson.dumps(doc, option=DUMP_OPTIONS))


def lock_path_for(project_path: Path) -> Path:
    """The lock file beside the project: hidden, and never matched by the temp-file glob."""
    return project_path.with_name(f".{project_path.name}.lock")


def encode_models(meta: dict[str, Any], project: BaseModel, models: ModelTables) -> Tables:
    """Every entry serialised from validated models (for a file crmgov did not lay out)."""
    return encode_tables({
        "_meta": {"1": meta},
        "project": {"1": project.model_dump(mode="json")},
        **{
            table: {str(i): m.model_dump(mode="json", exclude={"id"}) for i, m in rows.items()}
            for table, rows in models.items()
        },
    })


def encode_tables(data: dict[str, dict[str, Any]]) -> Tables:
    """Serialise every record once; writes then re-serialise only what changed."""
    return {table: {key: encode_entry(key, doc) for key, doc in rows.items()}
            for table, rows in data.items()}


def file_chunks(tables: Tables) -> Iterator[bytes]:
    """The file's bytes: compact JSON with one table, then one record, per line.

    Why not one orjson.dumps(OPT_INDENT_2) of everything: at 100k issues that is a 107 MB
    file (75 MB compact) and 0.23 s of dumping, then every fresh 75–107 MB buffer costs
    another 0.1–0.2 s of page faults on this machine; together they broke the 300 ms write
    budget three times over. Cached per-record entries streamed through one reused write
    buffer cost ~40 ms. A record per line keeps what indentation was for: a person can read
    the file and git diffs it record by record.
    """
    yield b"{"
    for number, (table, entries) in enumerate(tables.items()):
        yield b'%b"%b":{' % (b",\n" if number else b"", table.encode())
        values = iter(entries.values())
        first = next(values, None)
        if first is not None:
            yield first[2:]  # no separator before a table's first record
            yield from values
        yield b"}"
    yield b"}\n"


#: Byte offsets [start, end) into the file.
Span = tuple[int, int]


def record_spans(tables: Tables, table: str) -> tuple[Span, list[Span]]:
    """Where `file_chunks(tables)` puts one table: the whole `"table":{...}` and each
    record's JSON object (the text `ProjectStore.stored_json` returns), in file order.

    The arithmetic follows `file_chunks` step by step; a test slices real files with it.
    """
    pos = 1  # b"{"
    for number, (name, entries) in enumerate(tables.items()):
        if number:
            pos += 2  # b",\n" before every table but the first
        start = pos
        pos += len(name.encode()) + 4  # b'"name":{'
        spans: list[Span] = []
        for index, (key, entry) in enumerate(entries.items()):
            # entry = b',\n"key":{...}'; the first record of a table is written without ",\n"
            body = pos + len(key) + 3 + (0 if index == 0 else 2)
            pos += len(entry) - (2 if index == 0 else 0)
            spans.append((body, pos))
        pos += 1  # b"}"
        if name == table:
            return (start, pos), spans
    raise KeyError(table)


def dump_project(data: dict[str, dict[str, Any]]) -> bytes:
    """The whole file for `data` (small files: creation, migration)."""
    return b"".join(file_chunks(encode_tables(data)))


def temp_path_for(path: Path) -> Path:
    """Temp file in the same folder (os.replace must not cross file systems)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def orphan_temp_files(path: Path) -> list[Path]:
    """Temp files left by writers that were killed before their os.replace.

    Only call this holding the project lock: every writer writes its temp file under the
    lock, so any temp file seen then belongs to a dead writer.
    """
    return sorted(path.parent.glob(f".{glob_escape(path.name)}.*.tmp"))


def remove_orphans(path: Path) -> int:
    """Delete orphaned temp files (caller holds the lock); return how many went."""
    removed = 0
    for orphan in orphan_temp_files(path):
        try:
            orphan.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def glob_escape(name: str) -> str:
    """A file name as a literal glob pattern ("[draft].json" must not be a character class)."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def write_atomic(path: Path, payload: bytes | Iterable[bytes]) -> None:
    """Replace `path` with `payload` so that a crash leaves the old file or the new one.

    `payload` may be an iterable of chunks, written through one 1 MiB buffer rather than
    joined into one large bytes object first.
    """
    tmp = temp_path_for(path)
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    try:
        with open(tmp, "wb", buffering=1 << 20) as handle:
            if old is not None:
                _keep_owner_and_mode(handle.fileno(), old)
            if isinstance(payload, bytes):
                handle.write(payload)
            else:
                handle.writelines(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # Make the rename itself durable (POSIX only; Windows has no directory fds).
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    """Give the new file the old one's mode and group: the replaced file is a new inode,
    which would otherwise get the umask's mode (0644) and the user's primary group, and
    a project shared through a group (mode 0660) would lock the group out."""
    os.fchmod(fd, old.st_mode & 0o7777)
    if hasattr(os, "fchown"):
        try:
            os.fchown(fd, -1, old.st_gid)
        except OSError:
            pass  # not a member of that group: the mode is still kept


def remove_orphans_if_idle(path: Path, lock: BaseFileLock) -> None:
    """Clean up temp files of killed writers when no writer is active (best effort)."""
    from filelock import Timeout

    try:
        lock.acquire(timeout=0)
    except (Timeout, OSError):
        return  # a writer is busy (its temp file is live), or the folder is read-only
    try:
        remove_orphans(path)
    except OSError:
        pass
    finally:
        lock.release()
