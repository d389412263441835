"""The model backend, with a signed-in user's roles read once per request.

Every page a signed-in user opens asks who they are several times over: the header
(`perms.cities.follow_up`), the member card (may they edit this member?), the survey page
(may they see raw responses?). Django's ModelBackend and django-rules answer each of
those with a query of its own. This backend loads the user together with their group
names and the members they edit, in the one query that loads the user anyway, so that
the rules' predicates (networks/roles.py, cities/rules.py) answer from memory; the same
query reads the request's data version.
"""

from functools import cache

import rules
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection

from pim import data_version

# The attribute django-rules' is_group_member() reads before it queries the groups.
GROUP_NAMES_ATTRIBUTE = "_group_names_cache"
# The members the user edits, as read with the user: cities/rules.py reads it.
EDITED_MEMBERS_ATTRIBUTE = "_edited_member_ids"


def load_user_first(request) -> None:
    """Load the request's user before anything reads the data version on its own: for a
    signed-in user the one query that loads them reads it too (RoleModelBackend.get_user),
    where reading the version first would cost a query of its own."""
    if getattr(request, "user", None) is not None:
        request.user.is_authenticated  # noqa: B018  (evaluates the lazy user)


class RoleModelBackend(ModelBackend):
    def get_user(self, user_id):
        """The user with their group names and edited members' ids; one query, in SQL
        written once: building it with the ORM cost more than running it, on every page."""
        user_model = self._user_model()
        try:
            user = next(iter(user_model._default_manager.raw(_user_with_roles_sql(), [user_id])))
        except (StopIteration, ValueError, TypeError):
            return None
        if user.data_version is not None:
            data_version.remember(user.data_version, user.data_changed_at)
        setattr(user, GROUP_NAMES_ATTRIBUTE, set(user.role_groups))
        setattr(user, EDITED_MEMBERS_ATTRIBUTE, frozenset(user.role_members))
        return user if self.user_can_authenticate(user) else None

    def has_perm(self, user_obj, perm, obj=None):
        # The product's own permissions are rules (*/rules.py), decided by the rules backend
        # before this one; no Permission row carries their names, so asking the database
        # (two queries per request) could only ever answer no.
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)

    @staticmethod
    def _user_model():
        from django.contrib.auth import get_user_model

        return get_user_model()


@cache
def _user_with_roles_sql() -> str:
    """SELECT the user by primary key (one parameter) with `role_groups` (their groups'
    names) and `role_members` (the ids of the members they edit) as arrays, and the data
    version (`data_version`, `data_changed_at`)."""
    from django.contrib.auth import get_user_model

    from cities.models import Member

    user_model = get_user_model()
    memberships = user_model._meta.get_field("groups").remote_field.through._meta
    editors = Member.editors.through._meta
    quote = connection.ops.quote_name
    user_table, pk = quote(user_model._meta.db_table), quote(user_model._meta.pk.column)
    return (
        f"SELECT u.*, "
        f"ARRAY(SELECT g.{quote('name')} FROM {quote(Group._meta.db_table)} g "
        f"JOIN {quote(memberships.db_table)} m ON m.{quote('group_id')} = g.{quote('id')} "
        f"WHERE m.{quote('user_id')} = u.{pk}) AS role_groups, "
        f"ARRAY(SELECT e.{quote('member_id')} FROM {quote(editors.db_table)} e "
        f"WHERE e.{quote('user_id')} = u.{pk}) AS role_members, "
        # The request's data version, in the same round trip (pim/data_version.py).
        f"v.version AS data_version, v.changed_at AS data_changed_at "
        f"FROM {user_table} u LEFT JOIN pim_current_data_version() v ON true WHERE u.{pk} = %s"
    )
