"""`crmgov serve` (the browser quiz) and `crmgov quiz invite/revoke/invites`."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import TYPE_CHECKING, Any

from crmgov.cli.common import EXIT_CHECK_FAILED, EXIT_OK, CommandError, Context, print_json
from crmgov.i18n import _, os_reason

if TYPE_CHECKING:
    from crmgov.services.web.invites import Issued
    from crmgov.storage.interface import Store

#: Environment variable naming the address phones reach the server at (invitation links).
URL_ENV = "CRMGOV_QUIZ_URL"
DEFAULT_PORT = 8080


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser(
        "serve", parents=[common],
        help=_("serve the certification quiz to browsers (invitation links)"),
        description=_("Serves the project that --project or --database (or "
                      "$CRMGOV_DATABASE) names. On a database, a pool of up to 8 "
                      "connections serves the quiz takers while the team goes on working; "
                      "Ctrl+C stops the server and closes them."),
    )
    serve.add_argument("--host", default="127.0.0.1",
                       help=_("address to listen on (default 127.0.0.1: this computer only; "
                              "0.0.0.0: the whole network)"))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT,
                       help=_("port to listen on (default {port})", port=DEFAULT_PORT))
    serve.add_argument("--public-url", metavar="URL", default=None,
                       help=_("the address people's browsers use, e.g. http://10.0.0.5:8080 "
                              "(printed at startup)"))
    serve.add_argument("--trusted-proxy", metavar="ADDR", action="append", default=[],
                       dest="trusted_proxies",
                       help=_("a reverse proxy in front of the server (address or network, "
                              "repeatable): only its X-Forwarded-For header is believed; "
                              "without this option proxy headers are ignored"))
    serve.set_defaults(handler=serve_cmd)
    register_invites(_quiz_subcommands(sub, common), common)


def _quiz_subcommands(sub: Any, common: argparse.ArgumentParser) -> Any:
    """The subcommands of `crmgov quiz`: certification's `quiz` parser (the kiosk, `quiz
    --staff NAME`) when it is registered before this module, else a `quiz` of our own.

    The kiosk's `--staff` is required, which argparse would also demand of `quiz invite`;
    so it becomes optional here and the kiosk's handler is wrapped to ask for it when no
    subcommand was given (same message as argparse's)."""
    quiz = sub.choices.get("quiz")
    if quiz is None:
        quiz = sub.add_parser("quiz", parents=[common],
                              help=_("the certification quiz: invitations to the browser quiz"))
        return quiz.add_subparsers(dest="quiz_command", metavar=_("ACTION"), required=True)
    for action in quiz._actions:  # argparse keeps a parser's options only there
        if isinstance(action, argparse._SubParsersAction):
            return action
        if action.required and action.option_strings:
            action.required = False
            kiosk = quiz.get_default("handler")
            quiz.set_defaults(handler=_needs(action, kiosk, quiz))
    return quiz.add_subparsers(dest="quiz_command", metavar=_("ACTION"))


def _needs(action: argparse.Action, handler: Any, parser: argparse.ArgumentParser) -> Any:
    """`handler`, refusing as argparse would when `action` was not given."""

    def run(args: argparse.Namespace, ctx: Context) -> int:
        if getattr(args, action.dest, None) is None:
            parser.print_usage(sys.stderr)
            raise CommandError(_("the following arguments are required: {names}",
                                 names="/".join(action.option_strings)))
        return int(handler(args, ctx))

    return run


def register_invites(quiz_sub: Any, common: argparse.ArgumentParser) -> None:
    """`invite`, `revoke` and `invites` under the `quiz` command's subcommands."""
    invite = quiz_sub.add_parser(
        "invite", parents=[common],
        help=_("invite people to take their quiz in a browser: a link and a QR code each"),
    )
    invite.add_argument("people", nargs="+", metavar="NAME",
                        help=_("staff member, by name or id"))
    invite.add_argument("--quiz", metavar="Q", default=None,
                        help=_("quiz code (default: the quiz for each person's role)"))
    invite.add_argument("--valid", default="7d",
                        help=_("how long the link works: 90m, 12h, 7d, 2w (default 7d)"))
    invite.add_argument("--url", default=None,
                        help=_("server address for the links (default: ${env}, else "
                               "http://127.0.0.1:{port})", env=URL_ENV, port=DEFAULT_PORT))
    invite.add_argument("--no-qr", action="store_true", help=_("print the links only"))
    invite.add_argument("--json", action="store_true", help=_("print the links as JSON"))
    invite.add_argument("--anyway", action="store_true",
                        help=_("issue links also to people their quiz would refuse now "
                               "(training missing, cool-down, already certified)"))
    invite.set_defaults(handler=invite_cmd)

    revoke = quiz_sub.add_parser(
        "revoke", parents=[common],
        help=_("revoke an invitation (by number) or every open one of a person"),
    )
    revoke.add_argument("target", metavar="NUMBER|NAME",
                        help=_("invitation number, or staff name or id"))
    revoke.set_defaults(handler=revoke_cmd)

    listing = quiz_sub.add_parser("invites", parents=[common],
                                  help=_("list invitations and their state"))
    listing.add_argument("--json", action="store_true", help=_("print a JSON list"))
    listing.set_defaults(handler=invites_cmd)


# ------------------------------------------------------------------------ serve
def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _proxy(addr: str) -> str:
    """A --trusted-proxy value as uvicorn takes it (an address or network), or exit 2."""
    try:
        return str(ipaddress.ip_network(addr.strip(), strict=False))
    except ValueError:
        raise CommandError(_("--trusted-proxy {addr}: not an IP address or network "
                             "(e.g. 10.0.0.2 or 10.0.0.0/24)", addr=addr)) from None


def serve_cmd(args: argparse.Namespace, ctx: Context) -> int:
    """Open the project, bind the port, serve until Ctrl+C."""
    proxies = [_proxy(addr) for addr in args.trusted_proxies]
    store = ctx.open_store(shared=True)  # a database: a connection pool for the threads
    try:
        _serve(args, store, proxies)
    finally:
        # A database: its connection pool (and the pool's threads) end with the server,
        # after the requests in flight (or when the port could not be had): the server
        # sees each session end cleanly.
        close = getattr(store, "close", None)
        if callable(close):
            close()
    print(_("crmgov: stopped serving"), flush=True)
    return EXIT_OK


def _serve(args: argparse.Namespace, store: Store, proxies: list[str]) -> None:
    import socket

    from crmgov.web.server import run_server

    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    # IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY on each connection only
    # when the socket says it is TCP, and without it each page's body (uvicorn writes it
    # after the headers) waited for the browser's delayed ACK: 45 ms a page.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
        # Listening before the startup line: a browser opened on it at once is queued
        # until uvicorn accepts, never refused.
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise CommandError(_("cannot listen on {host}:{port}: {reason}",
                             host=args.host, port=args.port, reason=os_reason(exc))) from None
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    url = (args.public_url or f"http://{shown}:{port}").rstrip("/")
    print(_("crmgov: serving the certification quiz of {project} at {url}/ (Ctrl+C stops)",
            project=store.project.name, url=url), flush=True)
    if _is_loopback(args.host):
        print(_("Only this computer can reach it. For phones on the LAN: --host 0.0.0.0 "
                "--public-url http://THIS-PC-ADDRESS:{port}", port=port), flush=True)
    else:
        print(_("WARNING: listening on {host}: anyone who can reach this computer on port "
                "{port} can open the quiz pages (each quiz still needs its invitation link)",
                host=args.host, port=port), file=sys.stderr, flush=True)
    print(_("Invite people with: crmgov quiz invite NAME --url {url}", url=url), flush=True)
    run_server(store, sock, trusted_proxies=proxies)


# ------------------------------------------------------------------------ invitations
def invite_cmd(args: argparse.Namespace, ctx: Context) -> int:
    import os

    from crmgov.config import now
    from crmgov.domain.web.invite import parse_validity
    from crmgov.services.web.invites import InviteError, held_back, issue, resolve_invitees

    store = ctx.open_store()
    try:
        valid = parse_validity(args.valid)
    except ValueError as exc:
        raise CommandError(f"--valid: {exc}") from None
    moment = now()
    try:
        people, quiz_for = resolve_invitees(store, args.people, args.quiz)
        held = [] if args.anyway else held_back(store, people, quiz_for, moment)
        for refused in held:
            print(_("crmgov: no link for {name} (quiz {quiz}): {reason}",
                    name=refused.person.name, quiz=refused.quiz, reason=refused.reason),
                  file=sys.stderr)
        skipped = {refused.person.id for refused in held}
        people = [p for p in people if p.id not in skipped]
        if not people:
            raise CommandError(_("nobody was invited: their quiz would refuse each of them "
                                 "now (--anyway issues the links all the same)"),
                               EXIT_CHECK_FAILED)
        issued = issue(store, people, quiz_for, valid, moment)
    except InviteError as exc:
        raise CommandError(str(exc)) from None
    if held:
        print(_("crmgov: {count} of {total} invited; --anyway issues the others a link all "
                "the same", count=len(people), total=len(people) + len(held)),
              file=sys.stderr)
    base = args.url or os.environ.get(URL_ENV) or f"http://127.0.0.1:{DEFAULT_PORT}"
    if args.json:
        print_json([_invite_json(i, base) for i in issued])
        return EXIT_OK
    for one in issued:
        _print_issued(one, base, qr=not args.no_qr)
    return EXIT_OK


def _invite_json(one: Issued, base: str) -> dict[str, Any]:
    inv = one.invitation
    return {"id": inv.id, "staff_id": inv.staff_id, "name": one.person.name, "quiz": inv.quiz,
            "expires_at": inv.expires_at.isoformat(), "link": one.link(base)}


def _print_issued(one: Issued, base: str, *, qr: bool) -> None:
    inv = one.invitation
    print(_("Invitation {id}: {name}, quiz {quiz}, valid until {until}",
            id=inv.id, name=one.person.name, quiz=inv.quiz,
            until=inv.expires_at.strftime("%Y-%m-%d %H:%M")))
    print(f"  {one.link(base)}")
    if qr:
        import io

        import segno  # deferred: only `quiz invite` draws QR codes

        # compact: two modules per character cell (half blocks), so a phone-readable code
        # fits an 80x24 terminal. segno draws the light modules as blocks, which is right
        # on a dark terminal only: on a terminal, white on black is asked for explicitly.
        out = io.StringIO()
        segno.make(one.link(base), error="m").terminal(out=out, compact=True, border=2)
        colour = sys.stdout.isatty()
        for line in out.getvalue().splitlines():
            print(f"\x1b[97;40m{line}\x1b[0m" if colour else line)
    sys.stdout.flush()


def revoke_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.web.invites import InviteError, revoke

    store = ctx.open_store()
    try:
        revoked = revoke(store, args.target, now())
    except InviteError as exc:
        raise CommandError(str(exc)) from None
    for inv in revoked:
        print(_("revoked invitation {id}", id=inv.id))
    return EXIT_OK


def invites_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.cli.common import print_fields
    from crmgov.config import now
    from crmgov.services.web.invites import invitations, state_label

    store = ctx.open_store()
    moment = now()
    names = {p.id: p.name for p in store.all("staff")}
    rows = invitations(store)
    if args.json:
        print_json([{"id": inv.id, "staff_id": inv.staff_id, "name": names.get(inv.staff_id),
                     "quiz": inv.quiz, "state": str(inv.state(moment)),
                     "created_at": inv.created_at.isoformat(),
                     "expires_at": inv.expires_at.isoformat(),
                     "attempt_id": inv.attempt_id} for inv in rows])
        return EXIT_OK
    if not rows:
        print(_("no invitations yet (crmgov quiz invite NAME)"))
    print_fields([(f"#{inv.id}", _("{name}, quiz {quiz}: {state} (until {until})",
                                   name=names.get(inv.staff_id, "?"), quiz=inv.quiz,
                                   state=state_label(inv, moment),
                                   until=inv.expires_at.strftime("%Y-%m-%d %H:%M")))
                  for inv in rows])
    return EXIT_OK
