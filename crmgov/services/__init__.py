"""Use cases over domain + storage. The CLI and the TUI both call these; no textual here."""
