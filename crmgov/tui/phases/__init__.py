"""Rollout phases and their go-live gates.

This floor: screens and dialogs (Textual).
"""
