"""Base-data quality of the CRM: checks on exports, duplicates, trends.

This floor: models and pure rules, no I/O.
"""
