"""Time and size limits for rendering templates users may write (handover packs, reports).

The sandbox stops a template from reaching Python, not from exhausting the machine:
`{{ 'A' * 10**10 }}` asks for 10 GB, `{{ 9**9**9 }}` computes for hours, and two nested
`range(99999)` loops never end. Three guards, all inside the rendering thread:

- `*` and `**` are intercepted (jinja2's `intercepted_binops`) and refused when their
  result would be larger than MAX_OUTPUT characters or a number of more than MAX_INT_BITS;
- the rendered output is collected chunk by chunk (`Template.generate`) and refused past
  MAX_OUTPUT characters;
- a trace function on the template's own frames (`sys.settrace` is per thread, so the TUI's
  worker threads work too) raises once the deadline has passed, every CHECK_EVERY lines;
  frames of anything but a template are not traced, so crmgov's own code runs at full
  speed. Measured: a 10k-issue Markdown report renders in about the same time traced.
"""

from __future__ import annotations

import operator
import sys
import time
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from crmgov.i18n import _

#: Largest document a template may produce (characters): a 100k-issue report is ~30 MB.
MAX_OUTPUT = 200_000_000
#: Longest a template may take to render, in seconds.
MAX_SECONDS = 60.0
#: Largest integer a template may compute, in bits.
MAX_INT_BITS = 4096
#: How many traced template lines run between two looks at the clock.
CHECK_EVERY = 1000


class TemplateLimit(Exception):
    """A template went past a time or size limit (the message says which)."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def safe_binop(op: str, left: Any, right: Any) -> Any:
    """`left op right`, refused when the result would exceed the limits."""
    if op == "*":
        count = right if isinstance(right, int) else left if isinstance(left, int) else None
        seq = left if isinstance(right, int) else right
        if count is not None and _size(seq) * max(count, 0) > MAX_OUTPUT:
            raise TemplateLimit(_("the result would be longer than {limit} characters",
                                  limit=MAX_OUTPUT))
        return operator.mul(left, right)
    if op == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            if abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_INT_BITS:
                raise TemplateLimit(_("the number would have more than {bits} bits",
                                      bits=MAX_INT_BITS))
        return operator.pow(left, right)
    raise KeyError(op)


def render_limited(
    generate: Callable[[], Iterable[str]],
    template_folders: str | tuple[str, ...],
    *,
    seconds: float | None = None,
    max_output: int | None = None,
) -> str:
    """Join what `generate()` yields, within the time and size limits.

    `template_folders`: jinja2 compiles each template under its file's path, so the frames
    whose file lies in one of them are the template's (the only ones traced). Raises TemplateLimit
    past a limit.
    """
    seconds = MAX_SECONDS if seconds is None else seconds
    max_output = MAX_OUTPUT if max_output is None else max_output
    deadline = time.monotonic() + seconds
    counter = [0]

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            counter[0] += 1
            if counter[0] % CHECK_EVERY == 0 and time.monotonic() > deadline:
                raise TemplateLimit(_("rendering took longer than {seconds:.0f} s",
                                      seconds=seconds))
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        # Only template code gets a local tracer; everything else runs untraced.
        if frame.f_code.co_filename.startswith(template_folders):
            return local
        return None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        parts: list[str] = []
        size = 0
        for chunk in generate():
            parts.append(chunk)
            size += len(chunk)
            if size > max_output:
                raise TemplateLimit(_("the document would be longer than {limit} characters",
                                      limit=max_output))
        return "".join(parts)
    finally:
        sys.settrace(previous)
