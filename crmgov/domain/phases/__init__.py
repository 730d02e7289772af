"""Rollout phases and their go-live gates.

This floor: models and pure rules, no I/O.
"""
