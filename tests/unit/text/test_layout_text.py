"""Chinese-aware wrapping (a mark never stands alone on a line) and a person's record
saying "none" under an empty heading (issue 22, item 22), and a cut cell never showing a
space before its ellipsis."""

from __future__ import annotations

from crmgov.storage.store import ProjectStore
from crmgov.textwidth import cell_len, fit, wrap
from crmgov.tui.certification.views import person_text
from tests.conftest import FIXED_NOW


def test_a_cut_on_a_space_puts_the_ellipsis_right_after_the_text() -> None:
    assert fit("Customer master data", 10) == "Customer… "
    assert fit("Customer  master", 11) == "Customer…  "
    assert fit("Customer master data", 10, "right") == " Customer…"
    # A cut inside a wide character: no half character, and no padding before the …
    assert fit("宁波客户确认单", 6) == "宁波… "
    assert fit("宁波 确认 客户", 11) == "宁波 确认… "
    assert fit("客户重复", 6) == "客户… "
    assert fit("      x", 3) == "…  "  # nothing but spaces before the cut


def test_fit_is_always_exactly_the_width_asked() -> None:
    texts = ["Customer master data", "宁波 确认 客户重复", "a 客 b 户 c", "客  户  ", "x"]
    for text in texts:
        for width in range(1, 25):
            for align in ("left", "right"):
                out = fit(text, width, align)
                assert cell_len(out) == width, (text, width, out)
                if cell_len(text) > width:  # the padding is outside the text and its …
                    core = out.strip(" ")
                    assert core.endswith("…") and not core[:-1].endswith(" "), (text, out)


LINE = " ✓ 战略重视：已指定发起人并亲自签字：钱志远（分管销售与服务副总经理）；已签字 2 个关口"


def test_a_mark_stays_with_its_chinese_text() -> None:
    for width in range(20, 80):
        lines = wrap(LINE, width).split("\n")
        assert lines[0].startswith(" ✓ 战")
        assert all(cell_len(line) <= width for line in lines)
        assert all(line.strip() not in ("✓", "✗") for line in lines)
        assert "".join(line.strip() for line in lines).replace(" ", "") == LINE.replace(
            " ", "")


def test_continuation_lines_hang_under_the_text_and_words_stay_whole() -> None:
    text = " ✗ Strategic backing: a sponsor named and signing: 2 gate(s) signed"
    lines = wrap(text, 30).split("\n")
    assert all(line.startswith("   ") for line in lines[1:])
    words = {w for line in lines for w in line.split()}
    assert {"Strategic", "backing:", "sponsor", "signing:", "gate(s)"} <= words
    assert wrap("short", 30) == "short"


def test_empty_headings_of_a_persons_record_say_none(demo_store: ProjectStore) -> None:
    attempts = {a.staff_id for a in demo_store.all("quiz_attempts")}
    person = next(s for s in demo_store.all("staff") if s.id not in attempts)
    text = person_text(demo_store, person.id, FIXED_NOW.date())
    assert "Quiz attempts\n  none" in text
    lines = text.split("\n")
    for index, line in enumerate(lines[1:], 1):
        if not lines[index - 1] and line in ("Training", "Quiz attempts", "Certificates",
                                             "Spot checks"):
            assert index + 1 < len(lines) and lines[index + 1].startswith("  ")
