"""The browser quiz's own records: invitations (the quiz rules are certification's)."""
