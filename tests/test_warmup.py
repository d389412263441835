"""A worker prepares itself at start (pim/warmup.py): every template compiles, and a database
or cache that is down does not keep the worker from starting."""

import logging

import pytest
from django.core.cache import cache
from django.template import engines

from pim import warmup


def test_every_project_template_is_found_and_compiles():
    names = warmup.project_templates()
    assert {"base.html", "home.html", "cities/member_detail.html", "library/search.html"} <= set(names)
    assert not any(name.startswith(("rest_framework/", "django/")) for name in names), "only our own"
    for name in names:
        engines["django"].get_template(name)  # raises on a syntax error


@pytest.mark.django_db
def test_a_worker_starts_when_the_cache_is_down(monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    with caplog.at_level(logging.WARNING, logger="pim.warmup"):
        warmup.prepare_worker()
    assert "without its database or cache" in caplog.text
