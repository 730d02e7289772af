"""Data derived from a project file, cached outside it and keyed by the file's exact bytes.

A big project (100k issues) takes seconds to validate into models, yet a command such as
`crmgov issue list --overdue` needs only a few facts per issue. Those facts are computed
once from validated models and saved here, under the length and SHA-1 of the file
content they describe. A reader hashes the bytes it has just read (~0.1 s for 75 MB) and
uses the saved facts only if the hash matches (and skips reading and hashing when nothing
is saved for a file of that length): any change to the file, by crmgov, a hand edit or a
`git checkout`, makes them unused. So the cache can be stale but never wrong, and
deleting it only costs speed.

The cache lives in the user's cache folder, not beside the project: it must not end up
in the project's git history. CRMGOV_CACHE_DIR overrides the place (tests use it).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from crmgov import __version__

#: Bump when the meaning of any derived payload changes without a version change.
FORMAT = 2
#: The kind of the issue index (services.issues.index).
ISSUE_INDEX = "issues"


def cache_dir() -> Path:
    """CRMGOV_CACHE_DIR, else $XDG_CACHE_HOME/crmgov, else ~/.cache/crmgov."""
    explicit = os.environ.get("CRMGOV_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder (a bare service account): any private place
            user = getattr(os, "getuid", lambda: "")()  # per user where there are uids
            base = os.path.join(tempfile.gettempdir(), f"crmgov-cache-{user}")
    return Path(base) / "crmgov"


def content_digest(chunks: Iterable[bytes]) -> str:
    """"LENGTH-SHA1" of the concatenated chunks (a change detector, not a security measure).

    The length comes first so that a reader can rule saved data out by the file's size
    alone (`derived_for_file`): a file changed outside crmgov usually changed its size."""
    digest = hashlib.sha1(usedforsecurity=False)
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return f"{size}-{digest.hexdigest()}"


def _stem(project: Path, kind: str) -> str:
    where = hashlib.sha1(str(project).encode(), usedforsecurity=False).hexdigest()[:16]
    return f"{kind}-{where}"


def _path(project: Path, kind: str, digest: str) -> Path:
    return cache_dir() / f"{_stem(project, kind)}-{digest}.json"


def any_derived(project: Path, kind: str) -> bool:
    """Whether facts of this kind are saved for any content of this file: when not, a
    reader can skip hashing the file (~0.1 s at 100k issues)."""
    return any(cache_dir().glob(f"{_stem(project, kind)}-*.json"))


def has_derived(project: Path, kind: str, digest: str) -> bool:
    """Whether facts of this kind are saved for exactly this content (no parsing)."""
    return _path(project, kind, digest).is_file()


def derived_for_file(project: Path, kind: str) -> tuple[bytes, dict[str, Any]] | None:
    """The file's bytes and the payload saved for exactly those bytes, or None. The file
    is read and hashed only when something of this kind is saved for a file of its size
    (at 100k issues that saves ~0.15 s on the first start after an outside change)."""
    try:
        size = project.stat().st_size
    except OSError:
        return None
    if not any(cache_dir().glob(f"{_stem(project, kind)}-{size}-*.json")):
        return None
    try:
        raw = project.read_bytes()
    except OSError:
        return None
    saved = read_derived(project, kind, content_digest([raw]))
    return None if saved is None else (raw, saved)


def has_derived_for_file(project: Path, kind: str) -> bool:
    """Whether facts of this kind are saved for the file's current bytes: no read or hash
    unless something is saved for a file of its size (then ~0.1 s at 100k issues, where
    writing them again would cost the detached writer 0.4–0.9 s of CPU)."""
    try:
        size = project.stat().st_size
    except OSError:
        return False
    if not any(cache_dir().glob(f"{_stem(project, kind)}-{size}-*.json")):
        return False
    try:
        raw = project.read_bytes()
    except OSError:
        return False
    return has_derived(project, kind, content_digest([raw]))


def read_derived(project: Path, kind: str, digest: str) -> dict[str, Any] | None:
    """The saved payload for this content, or None (missing, unreadable, another crmgov)."""
    try:
        saved = orjson.loads(_path(project, kind, digest).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if (
        not isinstance(saved, dict)
        or saved.get("format") != FORMAT
        or saved.get("crmgov") != __version__
        or saved.get("digest") != digest
        or not isinstance(saved.get("data"), dict)
    ):
        return None
    data: dict[str, Any] = saved["data"]
    return data


def write_derived(project: Path, kind: str, digest: str, data: dict[str, Any]) -> bool:
    """Save the payload for this content and drop older ones for the same file.

    Best effort: a cache that cannot be written (read-only home, full disk) only means
    the next run takes the slow path, so failures return False instead of raising.
    """
    from crmgov.storage.atomic import write_atomic  # pydantic: not on the TUI's first paint

    target = _path(project, kind, digest)
    saved = {"format": FORMAT, "crmgov": __version__, "digest": digest, "data": data}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, orjson.dumps(saved))
        for old in target.parent.glob(f"{_stem(project, kind)}-*.json"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        return False
    return True
