"""SOP documents: versions, approval, acknowledgement, review.

This floor: models and pure rules, no I/O.
"""
