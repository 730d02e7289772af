"""The quiz kiosk (`crmgov quiz --staff NAME|ID`): only the quiz, until finished or quit.

A small App of its own rather than a mode of CrmgovApp, so that nothing else can be
reached: no area keys, no command palette, no help of other areas. It calls exactly the
quiz service API (services.certification.quiz) the CLI and the browser quiz call, and never
holds the answer key: the views it gets have none.

Answers are saved by one background thread, in the order given (a queue), so the screen
never waits for the file lock while eight people quiz on one project file, and a killed
terminal loses nothing already chosen.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from crmgov.domain.certification.topics import topic_name
from crmgov.i18n import N_, _

if TYPE_CHECKING:
    from crmgov.services.certification.quiz import AttemptView, QuizResult
    from crmgov.storage.interface import Store


def clock_text(seconds: int) -> str:
    """"mm:ss" (or "h:mm:ss") left."""
    h, rest = divmod(max(0, seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class ConfirmDialog(ModalScreen[bool]):
    """Yes / no, returned through dismiss()."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="kiosk.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="kiosk.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="kiosk-confirm"):
            yield Static(self.question, id="kiosk-confirm-text")
            yield Static(_("y yes · n no"), classes="kiosk-hint")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class QuestionScreen(Screen[None]):
    """One question at a time: progress "7 / 20", time left, options with their numbers."""

    BINDINGS = [
        Binding("right,pagedown,n", "move(1)", N_("Next"), id="kiosk.next"),
        Binding("left,pageup,p", "move(-1)", N_("Previous"), id="kiosk.previous"),
        *(Binding(str(k), f"choose({k - 1})", N_("Choose"), show=False,
                  id=f"kiosk.choose{k}") for k in range(1, 10)),
        Binding("s", "submit", N_("Submit"), id="kiosk.submit"),
        Binding("q,ctrl+q,ctrl+c", "leave", N_("Quit (answers are kept)"), id="kiosk.quit",
                priority=True),
    ]

    def __init__(self, view: AttemptView) -> None:
        super().__init__()
        self.view = view
        self.position = view.first_unanswered()
        self.submitting = False

    def compose(self) -> ComposeResult:
        yield Static(id="kiosk-head")
        yield Static(id="kiosk-question")
        yield OptionList(id="kiosk-options")
        yield Static(id="kiosk-hint", classes="kiosk-hint")

    def on_mount(self) -> None:
        self.show_question()
        self.set_interval(1, self.tick)
        self.query_one(OptionList).focus()

    # ------------------------------------------------------------------ drawing
    @property
    def kiosk(self) -> KioskApp:
        app: Any = self.app
        return app  # type: ignore[no-any-return]

    def seconds_left(self) -> int:
        left = (self.view.deadline - self.kiosk.now()).total_seconds()
        return max(0, int(left))

    def head_text(self) -> str:
        v = self.view
        return _("{title} · {name}   {n} / {total}   answered {answered}   ⏱ {left}",
                 title=v.quiz_title, name=v.staff_name, n=self.position + 1, total=v.total,
                 answered=v.answered, left=clock_text(self.seconds_left()))

    def show_question(self) -> None:
        q = self.view.questions[self.position]
        self.query_one("#kiosk-head", Static).update(self.head_text())
        section = _("System") if q.section.value == "system" else _("Business process")
        how = {
            "single": _("choose one"),
            "true_false": _("true or false: choose one"),
            "multiple": _("choose all that apply"),
        }[q.kind.value]
        self.query_one("#kiosk-question", Static).update(
            f"{section} · {topic_name(q.topic)} · {how}\n\n{q.number}. {q.text}"
        )
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        mark = ("(•)", "( )") if q.kind.value != "multiple" else ("[x]", "[ ]")
        options.add_options([
            Option(f"{mark[0] if o.position in q.selected else mark[1]} {o.position + 1}. "
                   f"{o.text}", id=str(o.position))
            for o in q.options
        ])
        options.highlighted = highlighted if highlighted is not None else 0
        self.query_one("#kiosk-hint", Static).update(
            _("1-{n} or Enter choose · ← → previous/next · s submit · q quit (answers are kept)",
              n=len(q.options))
        )

    def tick(self) -> None:
        if self.submitting:
            return
        if self.seconds_left() <= 0:
            self.submitting = True
            self.kiosk.submit(timed_out=True)
            return
        self.query_one("#kiosk-head", Static).update(self.head_text())

    # ------------------------------------------------------------------ answering
    def choose(self, position: int) -> None:
        q = self.view.questions[self.position]
        if not 0 <= position < len(q.options) or self.submitting:
            return
        if q.kind.value == "multiple":
            chosen = set(q.selected) ^ {position}
            q.selected = sorted(chosen)
        else:
            q.selected = [position]
        self.kiosk.save(self.position, list(q.selected))
        self.show_question()

    def action_choose(self, position: int) -> None:
        self.choose(position)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(int(event.option.id or 0))

    def action_move(self, step: int) -> None:
        self.position = max(0, min(self.view.total - 1, self.position + step))
        options = self.query_one(OptionList)
        options.highlighted = 0
        self.show_question()

    def action_submit(self) -> None:
        left = self.view.total - self.view.answered
        text = (_("Submit now? {n} question(s) are not answered.", n=left) if left
                else _("Submit your answers now?"))

        def done(yes: bool | None) -> None:
            if yes and not self.submitting:
                self.submitting = True
                self.kiosk.submit(timed_out=False)

        self.app.push_screen(ConfirmDialog(text), done)

    def action_leave(self) -> None:
        def done(yes: bool | None) -> None:
            if yes:
                self.app.exit(0)

        self.app.push_screen(ConfirmDialog(_(
            "Quit? Your answers are saved; start the quiz again before {time} to resume.",
            time=self.view.deadline.strftime("%H:%M"))), done)


class MessageScreen(Screen[None]):
    """A refusal or the result; q (or Enter) leaves the kiosk."""

    BINDINGS = [Binding("q,enter,escape,ctrl+q,ctrl+c", "leave", N_("Quit"), id="kiosk.leave",
                        priority=True)]

    def __init__(self, text: str, code: int = 0) -> None:
        super().__init__()
        self.text = text
        self.code = code

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="kiosk-scroll"):
            yield Static(self.text, id="kiosk-message")
            yield Button(_("Quit"), id="kiosk-leave")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.app.exit(self.code, return_code=self.code)

    def action_leave(self) -> None:
        self.app.exit(self.code, return_code=self.code)


def result_text(result: QuizResult) -> str:
    """The result as the taker sees it: per section, pass or fail, what to reread."""
    lines = [result.quiz_title + " · " + result.staff_name, ""]
    lines.append(_("✔ PASSED") if result.passed else _("✘ NOT PASSED"))
    if result.timed_out:
        lines.append(_("Time ran out: what was answered was submitted."))
    lines.append("")
    for s in result.sections:
        name = _("System") if s.section.value == "system" else _("Business process")
        mark = "✓" if s.passed else "✗"
        lines.append(_("{mark} {section}: {score}% (pass mark {mark_pct}%)", mark=mark,
                       section=name, score=f"{s.score:.0f}", mark_pct=f"{s.pass_mark:.0f}"))
    reread = [t for t in result.topics if t.reread]
    if reread:
        lines += ["", _("Reread before the next attempt:")]
        for t in reread:
            lines.append("  " + _("{topic} ({earned}/{total}): {steps}",
                                  topic=topic_name(t.topic), earned=f"{t.earned:g}",
                                  total=t.total, steps=_(", ").join(t.reread)))
    if result.certificate:
        c = result.certificate
        lines += ["", _("Certificate {number}, valid until {until}; verification code {code}",
                        number=c.number, until=c.valid_until or "-", code=c.code)]
    for item in result.review:
        lines += ["", f"{item.number}. {item.text}", "   → " + _(", ").join(item.right)]
    lines += ["", _("Press q to quit.")]
    return "\n".join(lines)


class KioskApp(App[int]):
    """The quiz for one person; build it with `make_kiosk`."""

    CSS_PATH = "kiosk.tcss"
    ENABLE_COMMAND_PALETTE = False
    TITLE = "crmgov quiz"
    # No app-level keys of its own (Textual's ctrl+q quit stays): no areas, no theme, no
    # help of other areas; the screens' keys are the quiz's.

    def __init__(self, store: Store, staff_id: int, quiz_code: str | None,
                 now: Callable[[], datetime], language: str, seed: int | None = None) -> None:
        super().__init__()
        self.seed = seed
        self.store = store
        self.staff_id = staff_id
        self.quiz_code = quiz_code
        self.now = now
        self.language = language
        self.attempt_id: int | None = None
        self._saves: queue.Queue[tuple[int, list[int]] | None] = queue.Queue()
        self.saved = 0
        """How many answers the saver has written (tests wait on it)."""
        self._drained = threading.Event()

    def on_mount(self) -> None:
        self.start()

    def on_unmount(self) -> None:
        # Let the saver write what is queued and end, so the process can exit.
        self._saves.put(None)

    @work(thread=True, exclusive=True, group="start")
    def start(self) -> None:
        from crmgov.services.certification.errors import CertificationError
        from crmgov.services.certification.quiz import attempt_result, start_attempt

        try:
            view = start_attempt(self.store, self.staff_id, self.quiz_code, self.now(),
                                 language=self.language, seed=self.seed)
        except CertificationError as exc:
            code = getattr(exc, "code", "")
            attempt_id = getattr(exc, "attempt_id", None)
            if code == "time_up" and attempt_id:
                result = attempt_result(self.store, attempt_id)
                self.call_from_thread(self.show_message, str(exc) + "\n\n" + result_text(result))
            else:
                self.call_from_thread(self.show_message, str(exc), 1)
            return
        self.attempt_id = view.attempt_id
        self.call_from_thread(self.push_screen, QuestionScreen(view))
        self.saver()

    def show_message(self, text: str, code: int = 0) -> None:
        self.push_screen(MessageScreen(text, code))

    def save(self, position: int, choices: list[int]) -> None:
        """Queue one answer for the saver thread (in order)."""
        self._saves.put((position, choices))

    @work(thread=True, group="saver")
    def saver(self) -> None:
        from crmgov.services.certification.errors import CertificationError
        from crmgov.services.certification.quiz import save_answer

        while True:
            job = self._saves.get()
            if job is None:
                self._drained.set()
                return
            assert self.attempt_id is not None
            try:
                save_answer(self.store, self.attempt_id, job[0], job[1], self.now())
                self.saved += 1
            except CertificationError as exc:
                if getattr(exc, "code", "") == "time_up":
                    self._drained.set()
                    self.call_from_thread(self.finish)
                    return
                self.call_from_thread(self.notify, str(exc), severity="error")

    def submit(self, timed_out: bool = False) -> None:
        self._saves.put(None)  # the saver writes what is queued, then stops
        self.finish()

    @work(thread=True, exclusive=True, group="finish")
    def finish(self) -> None:
        from crmgov.services.certification.errors import CertificationError
        from crmgov.services.certification.quiz import attempt_result, submit_attempt

        # Every queued answer first: the saver stops once it has drained the queue.
        self._drained.wait(timeout=60)
        assert self.attempt_id is not None
        try:
            result = submit_attempt(self.store, self.attempt_id, self.now())
        except CertificationError:
            result = attempt_result(self.store, self.attempt_id)
        self.call_from_thread(self.switch_screen, MessageScreen(result_text(result)))


def make_kiosk(store: Store, staff_id: int, quiz_code: str | None,
               now: Callable[[], datetime], language: str, seed: int | None = None
               ) -> KioskApp:
    """The kiosk for one person (the CLI and the tests build it the same way); `seed`
    fixes the draw (tests; None = random, recorded on the attempt)."""
    return KioskApp(store, staff_id, quiz_code, now, language, seed)
