"""A TinyDB storage that keeps the file in memory and replaces it atomically.

TinyDB's default JSONStorage re-parses the whole file on every query and rewrites it in
place on every insert (no temp file): a crash mid-write leaves a damaged file, and at 100k
records each query costs ~1.3 s. This storage reads once, serves reads from memory until
the file changes on disk, and writes temp file → flush → fsync → os.replace.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

#: Pretty-printed so a person can read the file and git can diff it by line.
DUMP_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE | orjson.OPT_NON_STR_KEYS

Signature = tuple[int, int, int]


def file_signature(path: Path) -> Signature | None:
    """(inode, size, mtime_ns): changes whenever the file is replaced or rewritten."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def temp_path_for(path: Path) -> Path:
    """Temp file in the same folder (os.replace must not cross file systems)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def orphan_temp_files(path: Path) -> list[Path]:
    """Temp files left by writers that were killed before their os.replace."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def write_atomic(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash leaves the old file or the new one."""
    tmp = temp_path_for(path)
    try:
        with open(tmp, "wb") as handle:
            handle.write(payload)
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


class MemoryBackedStorage(Storage):
    """TinyDB storage over data the ProjectStore loaded and validated.

    The ProjectStore owns reading (it must validate before anything is served) and decides
    when to flush; TinyDB only sees this in-memory dict. `write` never touches the disk:
    `flush` does, once per transaction.
    """

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.dirty = True

    def flush(self) -> Signature | None:
        """Write the data to disk atomically if it changed; return the new file signature."""
        if self.dirty:
            write_atomic(self.path, orjson.dumps(self.data, option=DUMP_OPTIONS))
            self.dirty = False
        return file_signature(self.path)

    def close(self) -> None:
        pass
