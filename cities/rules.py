"""Who may do what with members and their MIDs (object-level, through `user.has_perm`).

The MID workflow's table (cities/workflow.py) names, for each status change, which of
these permissions it needs.
"""

import rules

from networks.roles import is_admin, is_ministry_staff
from pim.auth import EDITED_MEMBERS_ATTRIBUTE


@rules.predicate
def edits_member(user, member) -> bool:
    """The user is one of the member's editors (city staff). No query for a user loaded by
    pim.auth.RoleModelBackend (the request's user), which read the members with the user;
    one query otherwise; none for visitors."""
    if member is None or not user.is_authenticated:
        return False
    edited = getattr(user, EDITED_MEMBERS_ATTRIBUTE, None)
    if edited is not None:
        return member.pk in edited
    return member.editors.filter(pk=user.pk).exists()


@rules.predicate
def edits_mids_member(user, mid) -> bool:
    return mid is not None and edits_member(user, mid.member)


rules.add_perm("cities.edit_member", is_admin | edits_member)
rules.add_perm("cities.edit_mid", is_admin | edits_mids_member)
# The city's own steps: handing in the MID, reporting it in implementation.
rules.add_perm("cities.report_mid", is_admin | edits_mids_member)
# Completeness is judged by the ministry: accepting or returning a handed-in MID.
rules.add_perm("cities.review_mid", is_admin | is_ministry_staff)
# Back steps of the MID workflow undo a member's report: only an admin takes them.
rules.add_perm("cities.step_back_mid", is_admin)
rules.add_perm("cities.view_internal_notes", is_admin | is_ministry_staff)
# City coordinators: who they are (names, e-mails), inviting and reminding them.
rules.add_perm("cities.view_coordinators", is_admin | is_ministry_staff)
rules.add_perm("cities.invite_coordinator", is_admin | is_ministry_staff)
rules.add_perm("cities.follow_up", is_admin | is_ministry_staff)
