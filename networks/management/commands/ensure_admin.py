"""`manage.py ensure_admin`: create the first admin, never with a known password."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create an admin account if there is none: ADMIN_USERNAME / ADMIN_PASSWORD / ADMIN_EMAIL "
        "from the environment, or a generated password printed once."
    )

    def handle(self, *args, **options) -> None:
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD", "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(18)
        else:
            try:
                validate_password(password)
            except Exception as error:
                raise CommandError(f"ADMIN_PASSWORD is too weak: {' '.join(error.messages)}") from error
        users.objects.create_superuser(username, os.environ.get("ADMIN_EMAIL", ""), password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created the admin account '{username}' with the password: {password}\n"
                    "It is shown only this once; change it after logging in."
                )
            )
        else:
            self.stdout.write(f"Created the admin account '{username}' from ADMIN_USERNAME/ADMIN_PASSWORD.")
