"""The model backend, with a signed-in user's roles read once per request.

Every page a signed-in user opens asks who they are several times over: the header
(`perms.cities.follow_up`), the member card (may they edit this member?), the survey page
(may they see raw responses?). Django's ModelBackend and django-rules answer each of
those with a query of its own. This backend loads the user together with their group
names and the members they edit, in the one query that loads the user anyway, so that
the rules' predicates (networks/roles.py, cities/rules.py) answer from memory.
"""

import rules
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

# The attribute django-rules' is_group_member() reads before it queries the groups.
GROUP_NAMES_ATTRIBUTE = "_group_names_cache"
# The members the user edits, as read with the user: cities/rules.py reads it.
EDITED_MEMBERS_ATTRIBUTE = "_edited_member_ids"


class RoleModelBackend(ModelBackend):
    def get_user(self, user_id):
        """The user with their group names and edited members' ids; one query."""
        from cities.models import Member

        user_model = self._user_model()
        editors = Member.editors.through.objects.filter(user_id=OuterRef("pk")).values("member_id")
        try:
            user = (
                user_model._default_manager.annotate(
                    role_groups=ArraySubquery(Group.objects.filter(user=OuterRef("pk")).values("name")),
                    role_members=ArraySubquery(editors),
                )
            ).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
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
