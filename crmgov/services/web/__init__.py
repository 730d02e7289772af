"""Use cases of the browser quiz that certification does not own: invitations."""
