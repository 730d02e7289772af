"""Reusable widgets of the crmgov TUI."""
