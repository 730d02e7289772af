"""Staff certification (上岗证): staff, training, question bank, quizzes, certificates.

This floor: screens and dialogs (Textual).
"""
