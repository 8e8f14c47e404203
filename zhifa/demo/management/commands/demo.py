"""``zhifa demo load [--if-empty]``: load the demo county (Linyi) into an empty database."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.demo.services import (
    DEMO_PASSWORD,
    demo_cases_load,
    demo_county_load,
    demo_is_loaded,
    demo_logins,
)


class Command(BaseCommand):
    help = "Load the demo county (临猗县) with one login per role."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load the demo county")
        load.add_argument("--if-empty", action="store_true", help="do nothing if data exists")
        load.add_argument("--seed", type=int, default=2026)
        load.add_argument("--entities", type=int, default=300)
        load.add_argument(
            "--no-cases", action="store_true", help="without the demo cases (faster; for tests)"
        )
        sub.add_parser("logins", help="print the demo logins")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "logins":
            for username, role, unit in demo_logins():
                self.stdout.write(f"{username}\t{role}\t{unit}")
            return
        if demo_is_loaded():
            if options["if_empty"]:
                self.stdout.write("Demo county already loaded; nothing to do.")
                return
            raise CommandError("数据库中已有数据，不能重复载入演示数据。", returncode=2)
        try:
            summary = demo_county_load(seed=options["seed"], entities=options["entities"])
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        call_command("documents", "seed-templates", verbosity=0)
        cases = 0
        if not options["no_cases"]:
            try:
                cases = demo_cases_load(seed=options["seed"])
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo county: {summary.organisations} units, {summary.users} users, "
                f"{summary.entities} market entities, {summary.obligations} running time limits, "
                f"{cases} cases. "
                f"Password for demo logins: {DEMO_PASSWORD}"
            )
        )
