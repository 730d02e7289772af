"""The handover pack: closure checklist, consultant review, sign-off, documents.

This floor: screens and dialogs (Textual).
"""
