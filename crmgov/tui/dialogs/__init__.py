"""Modal screens of the crmgov TUI."""
