"""The handover pack: closure checklist, consultant review, sign-off, documents.

This floor: use cases the CLI and the TUI both call.
"""
