"""The release of the code serving a request: part of every key of rendered content.

Cached pages, page parts and survey figures follow the data version, but a deploy changes
what the same data look like (templates, translations, code). Keyed on the release too,
a new release never serves what the old one rendered, and two releases running side by
side during a rolling deploy never share entries.
"""

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings

# What shapes a rendered page: the project's code, templates, translations and own scripts
# and styles (third-party files in static/vendor change name when they change version).
SHAPING_DIRECTORIES = [
    "pim",
    "networks",
    "cities",
    "surveys",
    "library",
    "templates",
    "locale",
    "static/js",
    "static/css",
]
SHAPING_SUFFIXES = {".py", ".html", ".mo", ".js", ".css"}
SKIPPED_DIRECTORIES = {"__pycache__", "tests", "migrations"}


@cache
def current() -> str:
    """RELEASE from the environment when the deploy names one, else a digest of the files
    that shape rendered pages (read once per process: pim/wsgi.py takes it at start-up,
    so no request waits for it)."""
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for top in SHAPING_DIRECTORIES:
        for directory, subdirectories, files in sorted(os.walk(root / top)):
            subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES)
            for name in sorted(files):
                path = Path(directory) / name
                if path.suffix in SHAPING_SUFFIXES:
                    digest.update(str(path.relative_to(root)).encode())
                    digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
