"""`manage.py netvisor_sandbox_fault --org 1234567-8 --set maintenance | --clear [KIND] | --list`.

`--share 0.1 --resource accounting.nv --seed run-1` limit a fault to a repeatable tenth of one resource's calls.

Faults are stored in the database, so this changes the behaviour of a sandbox server that is already running.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netvisor_sandbox import faults
from netvisor_sandbox.models import SandboxFault, SandboxOrganisation


class Command(BaseCommand):
    help = "Switch Netvisor sandbox faults on or off for one organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="business id of the organisation, e.g. 1234567-8")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--set", choices=SandboxFault.Kind.values, metavar="KIND")
        action.add_argument("--clear", nargs="?", const="", metavar="KIND", help="one kind, or all without KIND")
        action.add_argument("--list", action="store_true")
        parser.add_argument("--seconds", type=float, help="latency/timeout length")
        parser.add_argument("--status", type=int, help="HTTP status for http_5xx (default 503)")
        parser.add_argument("--right", help="right removed by missing_right (default payment)")
        parser.add_argument("--share", type=float, default=1.0, help="share of calls hit, 0..1 (default 1: all)")
        parser.add_argument("--resource", default="", help="only calls to this resource, e.g. accounting.nv")
        parser.add_argument("--seed", default="", help="seed of the share's draws; the same seed repeats them")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = SandboxOrganisation.objects.filter(business_id=options["org"]).first()
        if organisation is None:
            raise CommandError(f"no sandbox organisation {options['org']}")
        if options["set"]:
            self._set(organisation, options)
        elif options["clear"] is not None:
            if options["clear"] and options["clear"] not in SandboxFault.Kind.values:
                raise CommandError(
                    f"unknown fault {options['clear']}; choose from {', '.join(SandboxFault.Kind.values)}"
                )
            count = faults.clear(organisation, options["clear"] or None)
            self.stdout.write(f"cleared {count} fault(s) for {organisation.business_id}")
        for fault in organisation.faults.all().order_by("kind") if options["list"] else []:
            details = f"seconds={fault.seconds} status={fault.status_code} right={fault.right}"
            limits = f"share={fault.share} resource={fault.resource or '*'} seed={fault.seed} draws={fault.draws}"
            self.stdout.write(f"{fault.kind} {details} {limits}")

    def _set(self, organisation: SandboxOrganisation, options: dict[str, Any]) -> None:
        try:
            fault = faults.set_fault(
                organisation,
                options["set"],
                seconds=options["seconds"],
                status_code=options["status"],
                right=options["right"] or "",
                share=options["share"],
                resource=options["resource"],
                seed=options["seed"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"set {fault.kind} for {organisation.business_id}")
