"""The API's links are what reverse() gives, written without reversing each one."""

import pytest
from django.urls import NoReverseMatch, reverse

from pim.api_fields import api_path

LINKS = [
    ("api:network-detail", {"edition_slug": "pilotaz-2017-2019", "slug": "rewitalizacja"}),
    ("api:member-detail", {"slug": "torun"}),
    ("api:member-detail", {"slug": "bench-0005"}),
    ("api:mid-detail", {"member_slug": "torun", "edition_slug": "pim-3-2024-2026"}),
    ("api:source-detail", {"code": "S_1"}),
]


@pytest.mark.parametrize(("view_name", "kwargs"), LINKS)
def test_a_link_is_the_reversed_address(view_name, kwargs):
    assert api_path(view_name, kwargs) == reverse(view_name, kwargs=kwargs)


def test_a_value_the_address_cannot_take_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        api_path("api:member-detail", {"slug": "a b/ć"})


def test_a_value_holding_another_part_s_marker_is_written_as_it_is():
    kwargs = {"member_slug": "pim0edition0slug0pim", "edition_slug": "pim-3"}
    assert api_path("api:mid-detail", kwargs) == reverse("api:mid-detail", kwargs=kwargs)
