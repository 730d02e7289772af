"""SOP documents: versions, approval, acknowledgement, review.

This floor: screens and dialogs (Textual).
"""
