"""The internal owner's readiness: can they carry the system alone, and do they know what
they don't know (domain.md §6)?

The checklist (checklists/owner-readiness.toml) names the areas the owner must carry; the
owner answers each yes / partly / no with what they don't know yet, the consultant confirms
or disagrees with a comment. What is not a confirmed yes is a gap, and each gap can become
a plan item or an issue.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from crmgov.domain.base import LocalTime, NonBlank, Record, Text
from crmgov.domain.enums import ConsultantView, Language, OwnerAnswer, PlanArea

#: How much each answer counts towards the readiness figure.
ANSWER_WEIGHT = {OwnerAnswer.YES: 1.0, OwnerAnswer.PARTLY: 0.5, OwnerAnswer.NO: 0.0}


class ReadinessLine(BaseModel):
    """One area the owner must carry, as written in the checklist file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Short unique name (lower case, digits, dashes)."""
    en: NonBlank
    """The area in English."""
    zh: NonBlank
    """The area in Chinese."""
    plan_area: PlanArea = PlanArea.OTHER
    """The plan area a gap here becomes an item of."""

    def text(self, language: Language | str) -> str:
        """The line in `language`."""
        return self.zh if Language(language) is Language.ZH else self.en


class ReadinessChecklist(BaseModel):
    """The owner-readiness checklist file: `[[area]]` tables, at least one."""

    model_config = ConfigDict(extra="forbid")

    area: list[ReadinessLine] = Field(min_length=1)
    """The areas, in file order."""


class OwnerAssessment(Record):
    """The owner's answer and the consultant's view of one checklist line."""

    line: NonBlank
    """The checklist line's id."""
    answer: OwnerAnswer | None = None
    """The owner's answer; None = not answered yet."""
    unknown: Text = ""
    """What I don't know yet (the owner's words)."""
    answered_by: Text = ""
    """Who answered."""
    answered_at: LocalTime | None = None
    """When."""
    view: ConsultantView | None = None
    """The consultant's view of the answer."""
    comment: Text = ""
    """The consultant's comment (required when disagreeing)."""
    reviewed_by: Text = ""
    """Who reviewed."""
    reviewed_at: LocalTime | None = None
    """When."""
    plan_item_id: int | None = None
    """The plan item this gap became, if any."""
    issue_id: int | None = None
    """The issue this gap became, if any."""


@dataclass(frozen=True)
class Gap:
    """A line the owner cannot yet carry alone, and why."""

    line: ReadinessLine
    assessment: OwnerAssessment | None
    reason: str
    """Code: unanswered, no, partly, disputed."""

    @property
    def handled(self) -> bool:
        """Already turned into a plan item or an issue."""
        a = self.assessment
        return a is not None and (a.plan_item_id is not None or a.issue_id is not None)


def line_score(assessment: OwnerAssessment | None) -> float:
    """What one line counts: its answer's weight, 0 if unanswered or the consultant
    disagrees (a disputed yes is not yet a yes)."""
    if assessment is None or assessment.answer is None:
        return 0.0
    if assessment.view is ConsultantView.DISAGREES:
        return 0.0
    return ANSWER_WEIGHT[assessment.answer]


def readiness_figure(
    lines: list[ReadinessLine], assessments: dict[str, OwnerAssessment]
) -> float:
    """Share of the checklist the owner can carry: yes 1, partly ½, no or disputed 0."""
    if not lines:
        return 0.0
    return round(sum(line_score(assessments.get(x.id)) for x in lines) / len(lines), 4)


def gaps(lines: list[ReadinessLine], assessments: dict[str, OwnerAssessment]) -> list[Gap]:
    """Every line that is not a yes the consultant left undisputed, in checklist order."""
    out: list[Gap] = []
    for line in lines:
        a = assessments.get(line.id)
        if a is None or a.answer is None:
            out.append(Gap(line, a, "unanswered"))
        elif a.view is ConsultantView.DISAGREES:
            out.append(Gap(line, a, "disputed"))
        elif a.answer is not OwnerAnswer.YES:
            out.append(Gap(line, a, str(a.answer)))
    return out
