"""SOP use cases (write, version, approve, acknowledge, review, revise from an issue),
shared by the CLI and the TUI. The stable entry points other areas use:

- `changed_steps(store, sop_code, old_version, new_version) -> list[int]`: the step ids
  added, edited or removed between two versions (certification flags questions and
  certificates resting on them);
- each approved `SOPVersion.changed_step_ids`: the same list against the version it
  superseded, recorded at approval (the event certification reads).

Kept free of imports so `import crmgov.services.sops` stays cheap; the functions live in
`log.py` (changes) and `queries.py` (reads).
"""

from __future__ import annotations

from typing import Any


def changed_steps(store: Any, sop_code: str, old_version: int, new_version: int) -> list[int]:
    """Step ids added, edited or removed from `old_version` to `new_version` of an SOP."""
    from crmgov.services.sops.queries import changed_steps as _changed

    return _changed(store, sop_code, old_version, new_version)
