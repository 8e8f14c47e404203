"""``zhifa deadlines scan | list | recompute-provisional``.

- ``scan [--now 2025-10-14T09:00]``: one pass of the periodic scan (the worker runs it every
  ``ZHIFA_WORKER_SCAN_SECONDS``); prints what moved and how long it took.
- ``list [--overdue | --state STATE] [--unit CODE] [--limit N]``: open obligations, overdue first.
- ``recompute-provisional``: recompute provisional due dates (done automatically when a holiday
  schedule is loaded).

Exit status 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhifa.accounts.models import Organisation
from zhifa.core import clock
from zhifa.core.command_args import positive_int
from zhifa.deadlines.constants import OPEN_STATES, ObligationState
from zhifa.deadlines.models import Obligation
from zhifa.deadlines.scan import deadlines_scan
from zhifa.deadlines.selectors import STATE_ORDER
from zhifa.deadlines.services import obligation_recompute_provisional


def _instant(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date-time (YYYY-MM-DDTHH:MM): {text!r}") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=clock.local(clock.now()).tzinfo)
    return value


class Command(BaseCommand):
    help = "Scan obligations for due-soon and overdue ones, list them, or recompute provisional due dates."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="one pass: move obligations by time and notify")
        scan.add_argument("--now", type=_instant, help="scan as of this time (default: now)")
        listing = sub.add_parser("list", help="open obligations, overdue first")
        which = listing.add_mutually_exclusive_group()
        which.add_argument("--overdue", action="store_true", help="only overdue ones")
        which.add_argument("--state", choices=ObligationState.values)
        listing.add_argument("--unit", help="organisation code (this unit and the units below)")
        listing.add_argument("--limit", type=positive_int, default=50)
        sub.add_parser("recompute-provisional", help="recompute provisional due dates")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "scan":
            result = deadlines_scan(now=options.get("now"))
            open_count = Obligation.objects.filter(state__in=sorted(OPEN_STATES)).count()
            self.stdout.write(
                f"deadlines.scan: {open_count} open obligations in {result.took_seconds:.2f} s — "
                f"due soon +{result.due_soon}, overdue +{result.overdue}, "
                f"lapsed +{result.lapsed}, notices {result.notified}"
            )
        elif action == "list":
            self._list(options)
        else:
            recomputed = obligation_recompute_provisional()
            self.stdout.write(
                f"provisional obligations: {recomputed.checked} checked, "
                f"{recomputed.changed} changed, {recomputed.notified} notices"
            )

    def _list(self, options: dict[str, Any]) -> None:
        qs = Obligation.objects.select_related("organisation", "responsible")
        if options["overdue"]:
            qs = qs.filter(state=ObligationState.OVERDUE)
        elif options.get("state"):
            qs = qs.filter(state=options["state"])
        else:
            qs = qs.filter(state__in=sorted(OPEN_STATES))
        if options.get("unit"):
            org = Organisation.objects.filter(code=options["unit"]).first()
            if org is None:
                raise CommandError(f"unknown unit code {options['unit']!r}", returncode=2)
            qs = qs.filter(organisation__path__startswith=org.path)
        rows = sorted(
            qs.order_by("due_at", "id")[: options["limit"]],
            key=lambda o: (STATE_ORDER.get(o.state, 9), o.due_at),
        )
        for ob in rows:
            who = ob.responsible.full_name if ob.responsible else "-"
            self.stdout.write(
                f"{ob.pk}\t{ob.get_state_display()}\t{ob.due_date:%Y-%m-%d}\t{ob.rule_id}\t"
                f"{ob.organisation.display_name}\t{who}\t{ob.label}"
            )
        if not rows:
            self.stdout.write("no obligations")
