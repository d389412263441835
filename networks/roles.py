"""The roles of PIM Dashboard as `rules` predicates, shared by every app's rules.

- admin: a superuser; manages everything in the admin site.
- ministry staff: members of the "ministry-staff" group; see non-public data and export it.
- city editor: a user listed among a member's editors; edits that member's MID and details.
"""

import rules

MINISTRY_STAFF_GROUP = "ministry-staff"

is_admin = rules.is_superuser
is_ministry_staff = rules.is_group_member(MINISTRY_STAFF_GROUP)
