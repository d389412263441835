"""Prepare the database of the browser tests: the pilot data and the personas.

Run by tests/e2e/conftest.py in a subprocess, with the e2e database in the environment.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pim.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402

from cities.models import Member  # noqa: E402
from networks.roles import MINISTRY_STAFF_GROUP  # noqa: E402
from surveys.models import Survey  # noqa: E402

PASSWORD = os.environ["E2E_PASSWORD"]

call_command("migrate", verbosity=0)
call_command("createcachetable", verbosity=0)
call_command("load_pim_data", verbosity=0)
# The pilot's survey is sealed (a reconstruction of published figures): live data goes into its open copy.
Survey.objects.open_copy(
    Survey.objects.get(slug="ankieta-sierpien-2019"), "ankieta-na-zywo", "Ankieta uczestników – dane na żywo"
)
users = get_user_model()
for username, superuser, member in (
    ("e2e-admin", True, None),
    ("e2e-ministry", False, None),
    ("e2e-torun-1", False, "torun"),
    ("e2e-torun-2", False, "torun"),
):
    user = users.objects.create_user(username, f"{username}@example.gov.pl", PASSWORD)
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    if username == "e2e-ministry":
        user.groups.add(Group.objects.get(name=MINISTRY_STAFF_GROUP))
    if member:
        Member.objects.get(slug=member).editors.add(user)
