"""The certification quiz in a browser, for new hires who never open a terminal.

A server-rendered Starlette app (plain HTML forms, no JavaScript needed, nothing loaded
from outside) run by `crmgov serve`. Like the TUI and the CLI it calls services only and
never imports Textual. Build it with `crmgov.web.app.make_web_app`.
"""
