"""Who is acting: one check of a name for the CLI's `--as` and the TUI's "who am I" switch,
the people a project names (to pick from), and the switch itself, recorded in the trail.

Approval, review and sign-off are refused unless the actor holds the right role, so the
TUI must be able to act as another named person without a restart; every switch leaves an
audit event saying who switched to whom, so a decision taken after it is never anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass

from crmgov.domain.labels import role_name
from crmgov.i18n import _
from crmgov.safe_text import has_unsafe
from crmgov.storage.interface import Store
from crmgov.storage.tables import META

#: The audit action of a switch: `before`/`after` hold the previous and the new actor.
SWITCH = "session.actor"


class ActorError(ValueError):
    """A name that cannot stand in the audit trail (blank, several lines, control
    characters or bidi overrides)."""


@dataclass(frozen=True)
class Person:
    """Someone the project names: the consultant, the internal owner, the sponsor or a
    member of staff, with what they are (translated role)."""

    name: str
    role: str


def check_actor(name: str) -> str:
    """The name as it will be recorded (trimmed); ActorError if it cannot be one."""
    name = name.strip()
    if not name:
        raise ActorError(_("a name is needed: who is acting?"))
    if has_unsafe(name) or "\n" in name:
        # The actor goes into the audit trail and every status change it makes.
        raise ActorError(_("a name must be one line of text without control characters or "
                           "bidi overrides"))
    return name


def named_people(store: Store) -> list[Person]:
    """The project's consultant, internal owner and sponsor, then active staff by name;
    each name once (its first role)."""
    project = store.project
    found: list[Person] = []
    seen: set[str] = set()

    def add(name: str, role: str) -> None:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            found.append(Person(name, role_name(role)))

    add(project.consultant, "consultant")
    add(project.internal_owner, "internal_owner")
    add(project.executive_sponsor, "sponsor")
    staff = sorted((s for s in store.all("staff") if s.active), key=lambda s: s.name)
    for member in staff:
        add(member.name, str(member.role))
    return found


def switch_actor(store: Store, name: str) -> str:
    """Act as `name` from now on; the trail records the switch (by the previous actor).
    Returns the name as recorded; switching to oneself records nothing."""
    name = check_actor(name)
    previous = store.actor
    if name == previous:
        return name
    with store.transaction(SWITCH) as txn:
        txn.note(META, 1, {"actor": previous}, {"actor": name})
    store.actor = name
    return name


__all__ = ["SWITCH", "ActorError", "Person", "check_actor", "named_people", "switch_actor"]
