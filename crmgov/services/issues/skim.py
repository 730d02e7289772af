"""The dashboard's figures of a big project before its full validation has finished.

The first start after a big project file changed outside crmgov (a git pull, an editor)
finds no issue index (services.issues.index), and validating 100k whole issues takes the
app ~1.5 s after its first paint. The figures need six fields of each issue
(domain.issues.model.IssueSkim); pydantic-core validates just those, skipping the rest of each
record unread, in about a third of the time. The status child (services.status.prefetch)
does this on the second core while the app validates the whole file for everything else.

What the dashboard shows this way is what the full load will compute (a test holds the two
equal), unless the file then turns out to be invalid elsewhere: the app's own load reports
that, as always, and the figures make way for the error. `crmgov status` never uses this:
a command's answer comes only from a file that validated.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from crmgov.domain.issues.figures import issue_figures
from crmgov.domain.issues.model import IssueSkim
from crmgov.domain.phases.scope import skimmed_gate_issues
from crmgov.domain.readiness import Readiness
from crmgov.services.issues.rows import TABLE
from crmgov.services.status.summary import status_without_issues
from crmgov.storage import migrations
from crmgov.storage.tables import META, PROJECT, RECORD_TABLES
from crmgov.storage.validate import Invalid, no_gc, validate


def skimmed_status(path: Path | str, now: datetime) -> Readiness | None:
    """The readiness figures at `now` with the issues skimmed, or None when the file is not
    a project of this crmgov version or fails validation (the full load then says what is
    wrong)."""
    try:
        raw = Path(path).read_bytes()
        with no_gc():  # 100k small models: see storage.validate.no_gc
            data = _adapter().validate_json(raw)
        skims: dict[int, IssueSkim] = data.pop(TABLE, {})
        if migrations.version_of(data) != migrations.SCHEMA_VERSION:
            return None
        project, records = validate(data, known={TABLE: set(skims)})
    except (OSError, Invalid, ValidationError, KeyError, TypeError, ValueError):
        return None
    counted = issue_figures(list(skims.values()), project, now)
    gates = skimmed_gate_issues(skims, project.sla)
    return status_without_issues(Path(path).resolve(), project, records, counted, now, gates)


def _adapter() -> TypeAdapter[Any]:
    # One pass over the file: the issues as skims, the other tables as plain JSON for
    # `validate` (as `parse` would give them). A table this crmgov does not know: None.
    tables: dict[str, Any] = {name: dict[str, dict[str, Any]] for name in (META, PROJECT)}
    tables.update({name: dict[str, dict[str, Any]] for name in RECORD_TABLES})
    tables[TABLE] = dict[int, IssueSkim]
    shape = TypedDict("_SkimmedFile", tables, total=False)  # type: ignore[misc]
    shape.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return TypeAdapter(shape)
