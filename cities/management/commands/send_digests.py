"""Send the MID workflow's mails still in the outbox: the daily digests, and the retry of
mails that failed. Meant for cron (see README, "Notifications")."""

from django.core.management.base import BaseCommand, CommandError

from cities.notifications import send_outbox


class Command(BaseCommand):
    help = (
        "Send every unsent notification, one e-mail per recipient: the daily digest for those "
        "who chose it and a retry of failed mails for the others. Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed-only",
            action="store_true",
            help="Only retry failed mails of users who want each mail at once (can run every few minutes).",
        )

    def handle(self, *args, failed_only: bool = False, **options):
        sent, failed = send_outbox(failed_only=failed_only)
        self.stdout.write(f"{sent} e-mail(s) sent.")
        if failed:
            # A non-zero exit, so cron reports it; the mails stay in the outbox for the next run.
            raise CommandError(f"{failed} e-mail(s) failed and stay in the outbox; see the log.")
