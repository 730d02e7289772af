"""The open-issue log: issues, tasks, the 48 h / 5-day clock, recurrence, root causes.

This floor: models and pure rules, no I/O.
"""
