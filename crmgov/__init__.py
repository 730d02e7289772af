"""crmgov: keeps a CRM implementation project honest from rollout to handover."""

# Nothing else here: `import crmgov` is on the path to the first paint.
__version__ = "0.1.0"
