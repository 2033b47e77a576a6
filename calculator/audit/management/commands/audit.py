"""`python manage.py audit verify|checkpoint|rotate-key`: check, witness and re-key the audit chain."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from calculator.audit.keys import rotate_key_file
from calculator.audit.services import make_checkpoint, verify_chain


class Command(BaseCommand):
    help = "Audit trail tools."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser(
            "verify",
            help="check ids, the hash chain and its signatures, replay every record through the model "
            "version it names, and check the chain still holds every checkpointed head; exit 1 on any problem",
        )
        verify.add_argument(
            "--checkpoints", type=Path, metavar="FILE", help="a file of checkpoint lines (audit checkpoint)"
        )
        checkpoint = actions.add_parser(
            "checkpoint",
            help="print one signed line naming the chain's head (record count, last id, last hash, time), "
            "to keep outside the database",
        )
        checkpoint.add_argument(
            "--append", action="store_true", help="also append it to AUDIT_CHECKPOINT_FILE (for a timer or cron)"
        )
        actions.add_parser(
            "rotate-key",
            help="add a new signing key to the key file; the older keys stay to verify what they signed",
        )

    def handle(self, *args, action, **options):
        {"verify": self.verify, "checkpoint": self.checkpoint, "rotate-key": self.rotate_key}[action](**options)

    def verify(self, checkpoints=None, **options):
        try:
            lines = checkpoints.read_text().splitlines() if checkpoints else []
        except OSError as error:
            raise CommandError(f"cannot read the checkpoints: {error}") from error
        verification = verify_chain(checkpoint_lines=lines)
        for note in verification.notes:
            self.stdout.write(note)
        for problem in verification.problems:
            self.stderr.write(problem)
        if verification.problems:
            raise CommandError(f"{len(verification.problems)} problem(s) in {verification.count} records", returncode=1)
        checked = f" and {sum(1 for line in lines if line.strip())} checkpoints" if checkpoints else ""
        self.stdout.write(f"{verification.count} records{checked} verified")

    def checkpoint(self, append=False, **options):
        line = make_checkpoint()
        if append:
            path = Path(settings.AUDIT_CHECKPOINT_FILE)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a") as file:
                file.write(f"{line}\n")
        self.stdout.write(line)

    def rotate_key(self, **options):
        try:
            key = rotate_key_file()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"New signing key {key.id} in {settings.AUDIT_KEY_FILE}; the next record saved is signed with it "
            "and names it. Restart nothing: each save reads the key file."
        )
