"""The project file: TinyDB documents ⇄ domain models, atomic locked writes, audit trail."""
