"""The Textual app: screens, dialogs, widgets. Calls services only."""
