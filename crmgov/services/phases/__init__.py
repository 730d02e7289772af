"""Rollout phases and their go-live gates.

This floor: use cases the CLI and the TUI both call.
"""
