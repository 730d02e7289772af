"""Spot checks of veterans (不定期抽查) against the SOPs' steps.

This floor: use cases the CLI and the TUI both call.
"""
