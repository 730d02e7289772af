"""Use cases of the three-year plan, its review and the internal owner's readiness.

Shared by the CLI (crmgov/cli/plan.py) and the TUI (crmgov/tui/plan/): every change is one
store transaction; refusals raise domain.plan.rules.PlanRuleError.
"""
