"""WSGI entry point for gunicorn (`gunicorn --config gunicorn.conf.py`, which names it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pim.settings")

application = get_wsgi_application()

# Serving requests: every wait for the database has a deadline (pim/database.py), and
# visitors' requests share reads of the data version for a moment (pim/data_version.py).
from pim import data_version, database, release, warmup  # noqa: E402  (needs the settings loaded above)

database.serve_with_deadlines()
data_version.share_reads_between_visitors()
release.current()  # taken at start-up: no visitor's request waits for the digest
warmup.prepare_worker()  # the first request of a worker costs no more than the next
