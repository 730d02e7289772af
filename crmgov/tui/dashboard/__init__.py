"""The dashboard: go-live readiness, every figure leading to its area.

This floor: screens and dialogs (Textual).
"""
