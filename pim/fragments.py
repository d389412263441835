"""Parts of pages that are the same for everyone, rendered once per data version.

A signed-in user's page cannot come whole from the cache (pim/page_cache.py keeps whole
pages for visitors only): its header names the user and carries their logout form's CSRF
token, and some of its sections are theirs alone (internal notes for ministry staff,
an editor's "update the MID" link). Most of the page, though — the figures, tables and
charts — is the same for everyone who may see it. A view asks for the page's shared
parts first:

    fragment = SharedFragment.of(request, "member-card", parts=("card", "sources"), vary=(can_edit,))
    if not fragment.hit:
        ...  # only now read the data the parts show

and its template wraps each part in `{% shared fragment "card" %}…{% endshared %}`
(pim/templatetags.py): on a hit the stored HTML is written out and the view skips its
queries; on a miss the part is rendered from the context and stored.

The key names the data version (pim/data_version.py: any write by any path makes a new
one, so a part is never served for data it was not rendered from), the language, the
address with its query string (filters, sorting, the page number) and `vary`: whatever
the part shows differently by role, so that a part rendered for one role is never
served to another. A part must hold nothing of the user's own: no CSRF token (the tag
refuses to store HTML that holds one), no name, no messages.
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from pim import data_version, release
from pim.auth import load_user_first

logger = logging.getLogger(__name__)

TIMEOUT = 60 * 60
# Parts of templates/base.html that are the same for everyone on a page: the menu (its link
# to the dashboard of the page's edition, the current page marked) and the footer. Shared
# with the page's own parts, so a hit renders them too; only the header's tools (language,
# the user's links and logout form) are rendered for each request.
BASE_PARTS = ("navigation", "footer")
# One request renders the parts missed at once by many; the others wait this long at most.
LOCK_SECONDS = 5
WAIT_SECONDS = 0.5
# What a CSRF token looks like in HTML: the hidden field Django's {% csrf_token %} writes.
CSRF_FIELD = 'name="csrfmiddlewaretoken"'


@dataclass
class SharedFragment:
    """The shared parts of one page for this request: `html` of each part found in the cache."""

    keys: dict[str, str]
    html: dict[str, str] = field(default_factory=dict)
    lock: str | None = None  # the cache key this request holds while it renders the parts

    @property
    def hit(self) -> bool:
        """Every part is cached: the view may skip reading what the parts show."""
        return bool(self.keys) and all(part in self.html for part in self.keys)

    @classmethod
    def of(
        cls, request: HttpRequest, name: str, parts: tuple[str, ...], vary: tuple = ()
    ) -> "SharedFragment":
        """The page's parts, looked up in the cache; one cache read (get_many), no query
        beyond the data version's (read once per request anyway, with the user when signed in)."""
        load_user_first(request)
        parts = (*parts, *BASE_PARTS)
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        varied = ",".join(str(value) for value in vary)
        version = f"{release.current()}:{data_version.current()}"
        prefix = f"pim:fragment:{version}:{get_language()}:{name}:{address}:{varied}"
        fragment = cls({part: f"{prefix}:{part}" for part in parts})
        try:
            found = cache.get_many(list(fragment.keys.values()))
        except Exception:  # a cache that is down must not take the page with it: render it all
            logger.warning("fragment cache unavailable", exc_info=True)
            fragment.keys = {}
            return fragment
        fragment.html = {part: found[key] for part, key in fragment.keys.items() if key in found}
        if not fragment.hit:
            fragment._wait_for_another_request(prefix)
        return fragment

    def _wait_for_another_request(self, prefix: str) -> None:
        """Just after a write, many requests miss the same parts at once. The first renders
        them; the others wait up to WAIT_SECONDS for its result instead of all reading the
        same data at once (after that, or if it never stores them, e.g. a 404, they render)."""
        self.lock = f"{prefix}:rendering"
        holds_lock, found = render_once(self.lock, list(self.keys.values()))
        if found:
            self.html = {part: found[key] for part, key in self.keys.items()}
        if not holds_lock:
            self.lock = None  # not ours to release

    def store(self, part: str, html: str) -> None:
        """Keep a part rendered on a miss, unless it holds a CSRF token (then it is the user's)."""
        key = self.keys.get(part)
        if key is None:
            return
        if CSRF_FIELD in html:
            logger.error("shared fragment %s holds a CSRF token; not cached", key)
            return
        try:
            cache.set(key, html, TIMEOUT)
            self.html[part] = html
            if self.lock and self.hit:  # every part stored: those waiting may take them
                cache.delete(self.lock)
        except Exception:
            logger.warning("fragment cache unavailable", exc_info=True)


def render_once(
    lock: str, keys: list[str], lock_seconds: float = LOCK_SECONDS, wait_seconds: float = WAIT_SECONDS
) -> tuple[bool, dict]:
    """(holds the lock, values found) for a request that missed `keys` in the cache: the
    first such request takes `lock` and renders (True, {}); the others wait up to
    `wait_seconds` for all of `keys` to be stored by it (False, {key: value}), or render
    themselves when it takes longer (False, {}). The holder deletes `lock` once it stored
    the values; if it never does (an error, a 404), the lock lapses after `lock_seconds`."""
    try:
        if cache.add(lock, 1, lock_seconds):
            return True, {}
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            time.sleep(0.01)
            found = cache.get_many(keys)
            if all(key in found for key in keys):
                return False, found
    except Exception:
        logger.warning("fragment cache unavailable", exc_info=True)
    return False, {}
