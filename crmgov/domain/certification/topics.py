"""Names of the question banks' topics, for every place that shows one to a person: the
browser quiz, the kiosk in the terminal, the question bank browser.

Topic codes such as "service-cases" are the bank's keys, not words for a new hire. A code
not listed here (a project's own bank) is shown as the bank spells it, hyphens as spaces.
"""

from __future__ import annotations

from collections.abc import Callable

from crmgov.i18n import N_, _

#: Topic code → English name (a msgid: translated when shown).
TOPIC_NAMES = {
    "accounts": N_("Accounts"),
    "certification": N_("Certification"),
    "complaints": N_("Complaints"),
    "contacts": N_("Contacts"),
    "duplicates": N_("Duplicate records"),
    "finance": N_("Finance"),
    "issue-log": N_("Issue log"),
    "lead-handover": N_("Lead handover"),
    "leads": N_("Leads"),
    "master-data": N_("Master data"),
    "opportunities": N_("Opportunities"),
    "opportunity-stages": N_("Opportunity stages"),
    "payment-terms": N_("Payment terms"),
    "quotes": N_("Quotes"),
    "reports": N_("Reports"),
    "sales": N_("Sales"),
    "service": N_("Customer service"),
    "service-cases": N_("Service cases"),
    "service-time-limits": N_("Service time limits"),
    "spot-checks": N_("Spot checks"),
    "visits": N_("Customer visits"),
}


def topic_name(code: str, translate: Callable[[str], str] | None = None) -> str:
    """A topic code as a new hire reads it, translated by `translate` (default: the
    process's language, `crmgov.i18n._`; the web passes the page's translator)."""
    name = TOPIC_NAMES.get(code.strip().lower())
    if name is None:
        return code.replace("-", " ").replace("_", " ")
    return (translate or _)(name)
