"""Staff certification (上岗证): staff, training, question bank, quizzes, certificates.

This floor: models and pure rules, no I/O.
"""
