"""One screen per area of the TUI (one module each)."""
