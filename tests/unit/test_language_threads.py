"""The language in force is per thread (and per asyncio task): `crmgov serve` answers in en
and zh from many threads at once, and a report rendered in another language
(services.templates.in_language) must not change what another thread translates.

Deterministic: the threads meet at barriers, so both are inside their own language block
when they translate, whatever order the scheduler runs them in (no sleeps)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest

from crmgov.i18n import _, language, set_language, use_language
from crmgov.services.reports import render_report
from crmgov.services.sops import log
from crmgov.services.templates import in_language
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW

#: A safety net only: the barriers release as soon as both threads arrive.
DEADLINE = 60.0


def _run(*targets: Callable[[], None]) -> None:
    """Run each target in its own thread; re-raise the first failure."""
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except BaseException as exc:  # noqa: BLE001 - handed to the test thread
                errors.append(exc)
        return run

    threads = [threading.Thread(target=guarded(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(DEADLINE)
        assert not t.is_alive(), "a thread did not finish"
    if errors:
        raise errors[0]


@pytest.fixture
def with_sop(empty_store: ProjectStore) -> ProjectStore:
    store = empty_store
    store.actor = "Li"
    log.new_sop(store, code="SOP-T-01", title="Accounts", body="Why.\n\n1. Search.",
                now=FIXED_NOW, approver="Wang")
    log.submit(store, "SOP-T-01", now=FIXED_NOW)
    store.actor = "Wang"
    log.approve(store, "SOP-T-01", now=FIXED_NOW)
    return store


def test_two_threads_render_in_their_own_language_at_once(with_sop: ProjectStore) -> None:
    assert (_("approved"), _zh("approved")) == ("approved", "已审批")
    both_inside = threading.Barrier(2, timeout=DEADLINE)
    both_done = threading.Barrier(2, timeout=DEADLINE)
    seen: dict[str, tuple[str, str, str]] = {}

    def render(lang: str) -> Callable[[], None]:
        def run() -> None:
            with in_language(lang):
                both_inside.wait()  # the other thread has switched to its language too
                word, current = _("approved"), language()
                report = str(render_report(with_sop, "sops", "md", FIXED_NOW, lang))
                both_done.wait()  # nobody leaves (restores) before both have rendered
            seen[lang] = (word, current, report)
        return run

    _run(render("zh"), render("en"))
    assert seen["zh"][:2] == ("已审批", "zh") and seen["en"][:2] == ("approved", "en")
    assert seen["zh"][2].startswith("# SOP手册") and seen["en"][2].startswith("# SOP handbook")
    assert language() == "en"  # the process default is untouched


def test_a_thread_without_a_language_of_its_own_keeps_the_process_default() -> None:
    """A zh report rendered beside the TUI or a web thread leaves them in the process's
    language."""
    inside, checked = threading.Event(), threading.Event()
    seen: list[str] = []

    def report_in_zh() -> None:
        with in_language("zh"):
            inside.set()
            assert checked.wait(DEADLINE)
            seen.append(_("approved"))

    def plain() -> None:
        assert inside.wait(DEADLINE)
        seen.append(_("approved"))
        checked.set()

    _run(report_in_zh, plain)
    assert seen == ["approved", "已审批"]


def test_the_process_default_reaches_every_thread_and_use_language_nests() -> None:
    set_language("zh")  # --lang zh / the settings
    seen: list[str] = []
    _run(lambda: seen.append(language()))
    assert seen == ["zh"]
    with use_language("en"):
        assert language() == "en"
        with use_language(None):  # no language asked: the one in force stays
            assert language() == "en"
        set_language("zh")  # the TUI switching inside a block: that block follows
        assert language() == "zh"
    assert language() == "zh"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        with use_language("fr"):
            pass


def test_asyncio_tasks_keep_their_own_language() -> None:
    async def main() -> list[str]:
        switched = asyncio.Event()

        async def in_zh() -> str:
            with use_language("zh"):
                switched.set()
                await asyncio.sleep(0)  # let the other task run while zh is in force here
                return _("approved")

        async def plain() -> str:
            await switched.wait()
            return _("approved")

        return list(await asyncio.gather(in_zh(), plain()))

    assert asyncio.run(main()) == ["已审批", "approved"]


def _zh(message: str) -> str:
    with use_language("zh"):
        return _(message)
