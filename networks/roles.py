"""The roles of PIM Dashboard as `rules` predicates, shared by every app's rules.

- admin: a superuser; manages everything in the admin site.
- ministry staff: members of the "ministry-staff" group; see non-public data and export it,
  review the MIDs members hand in, invite and remind city coordinators.
- city editor: a user listed among a member's editors; edits that member's MID and details.
"""

import rules
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

MINISTRY_STAFF_GROUP = "ministry-staff"

is_admin = rules.is_superuser
is_ministry_staff = rules.is_group_member(MINISTRY_STAFF_GROUP)


def ministry_staff_users() -> QuerySet:
    """Active ministry staff with an e-mail address: who reviews what members hand in (lazy)."""
    return (
        get_user_model()
        .objects.filter(groups__name=MINISTRY_STAFF_GROUP, is_active=True)
        .exclude(email="")
        .distinct()
    )
