"""The printable certificate (Markdown or HTML, en or zh) from templates/<lang>/certification/."""

from __future__ import annotations

from datetime import date, datetime

from crmgov.domain.certification.rules import person_state
from crmgov.domain.labels import label
from crmgov.i18n import language
from crmgov.services.certification.certificates import get_certificate
from crmgov.services.certification.grade import quiz_or_default
from crmgov.services.templates import render_template
from crmgov.storage.interface import Store


def certificate_document(store: Store, ref: str, fmt: str, today: date,
                         as_of: datetime) -> str:
    """The certificate `ref` (id, number or code) as a printable document; fmt "md"/"html"."""
    cert = get_certificate(store, ref)
    person = store.get("staff", cert.staff_id)
    attempt = store.get("quiz_attempts", cert.attempt_id)
    quiz = quiz_or_default(store, attempt)
    lang = language()
    # The state of this certificate on its own (not of the person's best one).
    state_text = label(person_state(person, [cert], today)[0])
    process_mark = attempt.process_pass_mark if attempt.process_pass_mark is not None \
        else attempt.pass_mark
    context = {
        "project": store.project.name, "as_of": as_of.isoformat(sep=" ", timespec="minutes"),
        "number": cert.number or str(cert.id), "holder": person.name,
        "department": person.department, "region": person.region,
        "quiz": quiz.title.text(lang), "code": cert.code,
        "system_score": f"{attempt.system_score:.0f}", "process_score":
        f"{attempt.process_score:.0f}", "system_mark": f"{attempt.pass_mark:.0f}",
        "process_mark": f"{process_mark:.0f}",
        "system_passed": attempt.system_score >= attempt.pass_mark,
        "process_passed": attempt.process_score >= process_mark,
        "issued_on": cert.issued_on.isoformat(),
        "valid_until": cert.expires_on.isoformat() if cert.expires_on else "-",
        "state": state_text, "revoked_reason": cert.revoked_reason,
        "recert_reason": cert.recert_reason if cert.recert_due else "",
    }
    return render_template(f"certification/certificate.{fmt}.j2", context, lang=lang)
