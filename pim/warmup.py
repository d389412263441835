"""Work a gunicorn worker does once, when it starts, instead of in its first requests.

A fresh worker's first request used to take 0.6–1.5 s whatever the page: importing every
view module (the URLconf) and the cache's client library, compiling the templates, reading
the translation catalogues and the static files' manifest, connecting to the database.
Done here (pim/wsgi.py calls prepare_worker() before the worker takes requests), the first
visitor of each worker waits no longer than the second.
"""

import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def project_templates() -> list[str]:
    """The names of the project's own templates (templates/ and each app's templates/)."""
    engine = engines["django"].engine
    root = Path(settings.BASE_DIR)
    directories = [Path(d) for d in engine.dirs]
    directories += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(root) and ".venv" not in Path(config.path).parts
    ]
    names = []
    for directory in directories:
        if directory.is_dir():
            names += sorted(str(path.relative_to(directory)) for path in directory.rglob("*.html"))
    return names


def prepare_worker() -> None:
    begun = time.monotonic()
    get_resolver().url_patterns  # noqa: B018  imports every view module
    get_resolver()._populate()  # the reverse lookup tables, built on the first reverse()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Dashboard")  # reads the language's catalogues
    engine = engines["django"]
    for name in project_templates():
        try:
            engine.get_template(name)  # compiled once and kept by the cached loader
        except (TemplateDoesNotExist, TemplateSyntaxError):
            # A template for another engine or only included with context: skip it, the
            # request that uses it compiles it (and reports its error) as before.
            logger.debug("template %s not compiled at start", name, exc_info=True)
    if not settings.DEBUG:
        staticfiles_storage.url("favicon.svg")  # reads the manifest of hashed names
    try:
        cache.get("pim:warmup")  # imports the cache's client library and connects
        connection.ensure_connection()  # kept for the first request (CONN_MAX_AGE)
    except Exception:  # a database or cache that is down is the requests' to report
        logger.warning("worker started without its database or cache", exc_info=True)
    logger.info("worker prepared in %.0f ms", (time.monotonic() - begun) * 1000)
