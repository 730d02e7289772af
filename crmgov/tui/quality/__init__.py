"""Base-data quality of the CRM: checks on exports, duplicates, trends.

This floor: screens and dialogs (Textual).
"""
