"""Domain models and pure rules. No textual, no tinydb, no jinja2, no I/O."""
