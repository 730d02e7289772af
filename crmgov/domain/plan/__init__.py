"""The three-year improvement plan and the internal owner's readiness.

This floor: models and pure rules, no I/O.
"""
