"""The "who am I" switch: act as another of the project's people without a restart.

Approval, review and sign-off are refused unless the actor holds the right role; this form
picks one of the people the project names (services.actor.named_people) or takes a typed
name, and the switch is recorded in the audit trail by services.actor.switch_actor.
"""

from __future__ import annotations

from typing import Any

from crmgov.i18n import _
from crmgov.tui.dialogs.form import FormDialog, FormField


def actor_dialog(store: Any) -> FormDialog:
    """The form; dismisses with the name now acting (or None when cancelled)."""
    from crmgov.services.actor import ActorError, named_people, switch_actor

    people = named_people(store)
    options = [(f"{p.name} · {p.role}", p.name) for p in people]
    if not any(p.name == store.actor for p in people):
        # The select opens on who acts now, so Save without a choice changes nothing.
        options.insert(0, (_("{name} · acting now", name=store.actor), store.actor))
    fields = [
        FormField("person", _("One of the project's people"), "select", value=store.actor,
                  options=options),
        FormField("name", _("or type a name"), placeholder=store.actor),
    ]

    def submit(values: dict[str, Any]) -> str:
        typed = str(values.get("name") or "").strip()
        chosen = typed or str(values.get("person") or "")
        if not chosen:
            raise ActorError(_("a name is needed: who is acting?"))
        return switch_actor(store, chosen)

    return FormDialog(_("Who am I (acting now: {actor})", actor=store.actor), fields, submit)
