"""Sessions read from the shared cache and written through to the database.

Django's cached_db store saves every signed-in request its session query. As shipped, it
fails the request when the cache is down after a read that fell back to the database;
here that costs only the query it would have saved. A logout still fails loudly while
the cache cannot be reached, as Django's does: a session deleted from the database but
left in the cache would be valid again when the cache came back.
"""

import logging

from django.contrib.sessions.backends import cached_db, db

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self) -> dict:
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # unreachable, or a key the backend refuses: read the database
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:
            logger.warning("session cache unavailable", exc_info=True)
        return data

    def exists(self, session_key: str) -> bool:
        try:
            if self.cache_key_prefix + session_key in self._cache:
                return True
        except Exception:
            logger.warning("session cache unavailable", exc_info=True)
        return db.SessionStore.exists(self, session_key)
