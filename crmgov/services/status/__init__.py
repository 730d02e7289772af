"""Go-live status: the figures, their prefetch child process and the remembered snapshot.

This floor: use cases the CLI and the TUI both call.
"""
