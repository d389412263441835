"""gunicorn's settings for PIM Dashboard, used by `make run`, the Dockerfile and the tests' servers.

`gunicorn --config gunicorn.conf.py`; anything given on the command line wins. The
environment variables read here are listed in .env.example.
"""

import os

wsgi_app = "pim.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# A request waits for the database at most DATABASE_CONNECT_TIMEOUT to connect and
# DATABASE_STATEMENT_TIMEOUT (+ 0.5 s) per statement, and a database that hung is not asked
# again for a few seconds (pim/database.py); so a hung database gives 503s within seconds and
# no worker falls silent. Killing a silent worker is the last resort, for a worker stuck
# elsewhere, and must leave time for the longest legitimate request (an admin's import).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 10

accesslog = "-"
# Who may set X-Forwarded-For/-Proto: the proxy in front (FORWARDED_ALLOW_IPS, gunicorn's own
# variable; loopback by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
