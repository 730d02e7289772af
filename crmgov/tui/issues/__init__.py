"""The open-issue log: issues, tasks, the 48 h / 5-day clock, recurrence, root causes.

This floor: screens and dialogs (Textual).
"""
