"""Who may do what with members and their MIDs (object-level, through `user.has_perm`)."""

import rules

from networks.roles import is_admin, is_ministry_staff


@rules.predicate
def edits_member(user, member) -> bool:
    """The user is one of the member's editors (city staff); one query, none for visitors."""
    if member is None or not user.is_authenticated:
        return False
    return member.editors.filter(pk=user.pk).exists()


@rules.predicate
def edits_mids_member(user, mid) -> bool:
    return mid is not None and edits_member(user, mid.member)


rules.add_perm("cities.edit_member", is_admin | edits_member)
rules.add_perm("cities.edit_mid", is_admin | edits_mids_member)
# Back steps of the MID workflow undo a member's report: only an admin takes them.
rules.add_perm("cities.step_back_mid", is_admin)
rules.add_perm("cities.view_internal_notes", is_admin | is_ministry_staff)
