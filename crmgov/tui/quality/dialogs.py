"""Dialogs of the data-quality area: run a check (with progress), export the merge list,
write the data report. Each calls the same service function as its CLI command."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import ProgressBar, Static

from crmgov.i18n import _
from crmgov.tui.dialogs.form import FormDialog, FormField, Saved


def _path(text: str, base: Path, field: str) -> Path:
    from crmgov.services.quality.issues import QualityError

    text = text.strip()
    if not text:
        error = QualityError(_("give a file or folder name"))
        error.problems = [(field, str(error))]  # type: ignore[attr-defined]
        raise error
    path = Path(text).expanduser()
    # Relative names are taken beside the project file, where the user is looking.
    return path if path.is_absolute() else base / path


class CheckDialog(FormDialog):
    """Check an export folder; a progress bar while polars reads and checks it."""

    def __init__(self, store: Any, now: datetime, folder: str) -> None:
        self.store = store
        self.now = now
        fields = [
            FormField("folder", _("Export folder (or a file)"), value=folder, required=True),
            FormField("mapping", _("Mapping file (blank: the folder's, else guessed)")),
        ]
        super().__init__(_("Check CRM exports"), fields, self._no_submit)

    @staticmethod
    def _no_submit(values: dict[str, Any]) -> Any:
        raise NotImplementedError  # _save below runs the check: it reports progress

    def compose_extra(self) -> ComposeResult:
        yield ProgressBar(id="check-progress", total=100, show_eta=False)
        yield Static(id="check-step")

    @work(thread=True, exclusive=True, group="form-save", description="data check")
    def _save(self, values: dict[str, Any]) -> Saved | None:
        from crmgov.services.quality.check import check_and_save

        base = Path(self.store.path).parent

        def progress(done: float, what: str) -> None:
            self.app.call_from_thread(self._progress, done, what)

        try:
            folder = _path(str(values["folder"]), base, "folder")
            mapping_text = str(values.get("mapping") or "").strip()
            mapping = _path(mapping_text, base, "mapping") if mapping_text else None
            run = check_and_save(self.store, [folder], mapping, self.now, progress,
                                 relative_to=base)
        except (ValueError, OSError) as exc:
            self.app.call_from_thread(self.show_error, exc)
            return None
        failing = sum(1 for t in run.tables if t.verdict == "fail")
        return Saved(_("check saved: {tables} table(s), {failing} over their threshold",
                       tables=len(run.tables), failing=failing))

    def _progress(self, done: float, what: str) -> None:
        self.query_one("#check-progress", ProgressBar).update(progress=done * 100)
        self.query_one("#check-step", Static).update(what)


def merge_form(store: Any) -> FormDialog:
    """Export the merge list (CSV/XLSX) for the CRM administrator."""
    from crmgov.services.quality.review import export_merge_list

    base = Path(store.path).parent

    def submit(values: dict[str, Any]) -> str:
        path = _path(str(values["path"]), base, "path")
        count = export_merge_list(store, path)
        return _("{count} pair(s) written to {path}", count=count, path=path)

    fields = [FormField("path", _("File (.csv or .xlsx)"), value="merge-list.xlsx",
                        required=True)]
    return FormDialog(_("Export the merge list"), fields, submit)


def report_form(store: Any, now: datetime) -> FormDialog:
    """Write the data-quality report (md, html or docx) to a file."""
    from crmgov.i18n import language
    from crmgov.services.reports import render_report

    base = Path(store.path).parent

    def submit(values: dict[str, Any]) -> str:
        path = _path(str(values["path"]), base, "path")
        out = render_report(store, "data", values["format"], now, language())
        if isinstance(out, bytes):
            path.write_bytes(out)
        else:
            path.write_text(out, encoding="utf-8")
        return _("report written to {path}", path=path)

    fields = [
        FormField("format", _("Format"), "select", "html",
                  [("Markdown", "md"), ("HTML", "html"), ("Word (DOCX)", "docx")]),
        FormField("path", _("File"), value="data-quality.html", required=True),
    ]
    return FormDialog(_("Write the data-quality report"), fields, submit)
