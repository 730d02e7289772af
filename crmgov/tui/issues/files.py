"""Import, export and reports of the issue log, through the CLI's own service functions."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import Button, ProgressBar, Static

from crmgov.i18n import _
from crmgov.tui.dialogs.form import FormDialog, FormField, Saved


def _path(values: dict[str, Any], base: Path) -> Path:
    text = str(values["path"]).strip()
    if not text:
        from crmgov.domain.issues.rules import IssueRuleError

        raise IssueRuleError(_("give a file name"), "path")
    path = Path(text).expanduser()
    # Relative names land beside the project file, where the user is looking.
    return path if path.is_absolute() else base / path


def export_form(store: Any, shown: list[int] | None = None) -> FormDialog:
    """Export issues to CSV or XLSX: those shown (`shown`: the ids the filtered table
    lists; written in id order) or all; dismisses with a message for the user."""
    from crmgov.services.issues.transfer import export_issues

    base = Path(store.path).parent

    def submit(values: dict[str, Any]) -> str:
        path = _path(values, base)
        ids = shown if values.get("which") == "shown" else None
        count = export_issues(store, path, ids)
        return _("{count} issue(s) written to {path}", count=count, path=path)

    fields = [FormField("path", _("File (.csv or .xlsx)"), value="issues.csv",
                        required=True)]
    if shown is not None:
        fields.append(FormField(
            "which", _("Issues"), "select", "shown",
            [(_("What is shown ({count})", count=len(shown)), "shown"),
             (_("All ({count})", count=store.count("issues")), "all")],
        ))
    return FormDialog(_("Export issues"), fields, submit)


def report_form(store: Any, now: datetime) -> FormDialog:
    """Render the issue-status or preventive-measures report (md/html) to a file."""
    from crmgov.i18n import language
    from crmgov.services.issues.reports import render_report

    base = Path(store.path).parent

    def submit(values: dict[str, Any]) -> str:
        path = _path(values, base)
        text = render_report(store, values["report"], values["format"], now, language())
        path.write_text(text, encoding="utf-8")
        return _("report written to {path}", path=path)

    fields = [
        FormField("report", _("Report"), "select", "issues",
                  [(_("Issue status"), "issues"), (_("Preventive measures"), "preventive")]),
        FormField("format", _("Format"), "select", "md",
                  [("Markdown", "md"), ("HTML", "html")]),
        FormField("path", _("File"), value="issue-report.md", required=True),
    ]
    return FormDialog(_("Write a report"), fields, submit, on_change=_suffix_follows_format)


def _suffix_follows_format(form: FormDialog, name: str, value: Any) -> None:
    """Choosing HTML turns issue-report.md into issue-report.html (and back), unless the
    user typed a name of another kind."""
    if name != "format":
        return
    path = Path(str(form.values()["path"]))
    if path.suffix.lower() in (".md", ".html", ".htm", ""):
        form.set_value("path", str(path.with_suffix(f".{value}")))


class ImportDialog(FormDialog):
    """Import issues from CSV/XLSX with progress; bad rows are listed by line number."""

    def __init__(self, store: Any, now: datetime) -> None:
        self.store = store
        self.now = now
        fields = [
            FormField("path", _("File (.csv or .xlsx)"), required=True,
                      placeholder="issues.csv"),
            FormField("skip_invalid", _("Import the valid rows, write the bad ones beside "
                                        "the file"), "checkbox", False),
            FormField("as_new", _("Another project's export: import every row as a new "
                                  "issue"), "checkbox", False),
        ]
        super().__init__(_("Import issues"), fields, self._no_submit)

    @staticmethod
    def _no_submit(values: dict[str, Any]) -> Any:
        raise NotImplementedError  # replaced by _save below: it needs progress reports

    def compose_extra(self) -> ComposeResult:
        yield ProgressBar(id="import-progress", show_eta=False)
        yield Static(id="import-errors")

    @work(thread=True, exclusive=True, group="form-save", description="import issues")
    def _save(self, values: dict[str, Any]) -> Saved | None:
        from crmgov.services.issues.transfer import ImportRejected, import_issues

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            path = _path(values, Path(self.store.path).parent)
            result = import_issues(self.store, path, self.now,
                                   skip_invalid=bool(values["skip_invalid"]),
                                   as_new=bool(values["as_new"]), progress=progress)
        except ImportRejected as exc:
            self.app.call_from_thread(self._rejected, exc.errors)
            return None
        except (ValueError, OSError) as exc:
            self.app.call_from_thread(self.show_error, exc)
            return None
        else:
            message = _("{created} created, {updated} updated", created=result.created,
                        updated=result.updated)
            if result.rejected:
                message += " · " + _("{count} rejected, written to {path}",
                                     count=len(result.rejected), path=result.rejects_path)
            return Saved(message)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=total, progress=done)

    def _rejected(self, errors: list[str]) -> None:
        self.query_one("#form-save", Button).disabled = False
        shown = errors[:50]
        more = len(errors) - len(shown)
        text = "\n".join(shown) + (("\n" + _("… and {n} more", n=more)) if more else "")
        self.query_one("#import-errors", Static).update(text)
        self.show_problems([("", _("nothing was imported: {count} bad row(s)",
                                   count=len(errors)))])
