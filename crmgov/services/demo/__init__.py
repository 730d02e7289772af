"""The demo project: every area's sample data, in English and Chinese.

This floor: use cases the CLI and the TUI both call.
"""
