"""`python manage.py audit verify`: check the hash chain and replay every record."""

from django.core.management.base import BaseCommand, CommandError

from calculator.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "verify",
            help="recompute the hash chain and replay every record through the model version it names; "
            "exit 1 on any problem",
        )

    def handle(self, *args, action, **options):
        verification = verify_chain()
        for problem in verification.problems:
            self.stderr.write(problem)
        if verification.problems:
            raise CommandError(f"{len(verification.problems)} problem(s) in {verification.count} records", returncode=1)
        self.stdout.write(f"{verification.count} records verified")
