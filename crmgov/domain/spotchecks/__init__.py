"""Spot checks of veterans (不定期抽查) against the SOPs' steps.

This floor: models and pure rules, no I/O.
"""
