"""The handover pack: closure checklist, consultant review, sign-off, documents.

This floor: models and pure rules, no I/O.
"""
