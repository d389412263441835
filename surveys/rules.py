"""Who may see, export and enter raw survey data."""

import rules

from networks.roles import is_admin, is_ministry_staff

rules.add_perm("surveys.view_raw_responses", is_admin | is_ministry_staff)
rules.add_perm("surveys.import_responses", is_admin)
