"""Topic codes are named for people wherever a quiz shows them (issue 22): the names live in
domain.certification.topics, shared by the browser quiz, the kiosk and the refusals."""

from __future__ import annotations

import pytest

from crmgov.domain.certification.rules import Refusal
from crmgov.domain.certification.topics import topic_name
from crmgov.i18n import set_language
from crmgov.services.certification.quiz import _refusal_message


@pytest.mark.parametrize(("lang", "expected"), [("en", "Customer service, Reports"),
                                                ("zh", "客户服务、报表")])
def test_a_training_refusal_names_the_topics(lang, expected) -> None:
    set_language(lang)
    try:
        message = _refusal_message(Refusal("training_required", topics=("service", "reports")))
    finally:
        set_language("en")
    assert expected in message, message


def test_the_web_and_the_terminal_name_a_topic_alike() -> None:
    from crmgov.web.language import topic_name as page_topic

    set_language("zh")
    try:
        assert topic_name("service-cases") == page_topic("service-cases", "zh") == "服务工单"
    finally:
        set_language("en")
    assert topic_name("service-cases") == "Service cases"
    assert topic_name("own-topic") == "own topic"
