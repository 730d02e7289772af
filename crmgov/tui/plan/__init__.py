"""The three-year improvement plan and the internal owner's readiness.

This floor: screens and dialogs (Textual).
"""
