"""Importing members with their network and MID status: a new edition from a spreadsheet."""

import csv
import io

import pytest
import tablib

from cities.importing import CODES as COLUMNS
from cities.models import Member, Membership, Mid, MidStatus
from cities.resources import MembershipResource
from networks.models import Edition, Network, Theme
from tests import reference

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/cities/membership/import/"
CONFIRM_URL = "/admin/cities/membership/process_import/"


@pytest.fixture
def new_edition():
    edition = Edition.objects.create(name="PIM 3 (2024–2026)", slug="pim-3", start_year=2024, end_year=2026)
    Network.objects.create(
        edition=edition, slug="miasto-kompaktowe", name="Miasto kompaktowe", theme=Theme.COMPACT_CITY
    )
    return edition


def _row(**values):
    base = dict.fromkeys(COLUMNS, "")
    base.update(edition="pim-3", network="miasto-kompaktowe", kind="city")
    base.update(values)
    return [base[column] for column in COLUMNS]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([COLUMNS, *rows])
    return buffer.getvalue().encode()


def _preview(client, content):
    upload = io.BytesIO(content)
    upload.name = "czlonkowie.csv"
    return client.post(IMPORT_URL, {"import_file": upload, "format": "0", "resource": "0"})


def test_an_admin_loads_members_of_a_new_edition(client, admin_user, new_edition):
    client.force_login(admin_user)
    rows = [
        _row(slug="slupsk", name="Słupsk", voivodeship="pomorskie", latitude="54.464", longitude="17.028"),
        _row(
            slug="torun",
            name="Toruń",
            mid_status="draft",
            draft_handed_in_on="2024-11-02",
            mid_topic="Zwarte miasto",
        ),
    ]
    preview = _preview(client, _csv(rows))
    assert not preview.context["result"].has_validation_errors(), preview.context["result"].invalid_rows
    form = preview.context["confirm_form"]
    assert client.post(CONFIRM_URL, form.initial).status_code == 302

    assert Membership.objects.filter(network__edition=new_edition).count() == 2
    assert Member.objects.get(slug="slupsk").voivodeship == "pomorskie"
    torun_mid = Mid.objects.get(member__slug="torun", edition=new_edition)
    assert (torun_mid.status, torun_mid.topic) == (MidStatus.DRAFT, "Zwarte miasto")
    # The pilot's record of Toruń is the same member, untouched in the pilot.
    assert (
        Mid.objects.get(member__slug="torun", edition__slug="pilotaz-2017-2019").status
        == MidStatus.NOT_REPORTED
    )


@pytest.mark.parametrize(
    "values, column, message",
    [
        ({"network": "nie-ma"}, "network", "nie-ma"),
        ({"kind": "village"}, "kind", "village"),
        ({"voivodeship": "bawaria"}, "voivodeship", "bawaria"),
        ({"latitude": "123", "longitude": "18"}, "latitude", "123"),
        ({"mid_status": "draft", "completed_on": "2024-01-01"}, "completed_on", "Kompletny po konsultacjach"),
        ({"draft_handed_in_on": "jutro", "mid_status": "draft"}, "draft_handed_in_on", "jutro"),
        ({"slug": "Toruń Miasto"}, "slug", "Toruń Miasto"),
    ],
)
def test_a_bad_row_is_reported_by_column_and_nothing_is_written(new_edition, values, column, message):
    rows = [_row(slug="ok-member", name="Dobry"), _row(**{"slug": "bad", "name": "Zły", **values})]
    dataset = tablib.Dataset(*rows, headers=COLUMNS)
    result = MembershipResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert list(invalid) == [2]
    assert column in invalid[2] and message in " ".join(invalid[2][column])
    assert not Member.objects.filter(slug__in=["ok-member", "bad"]).exists()


def test_the_export_imports_back_unchanged(client, admin_user, pilot):
    client.force_login(admin_user)
    export = MembershipResource().export(MembershipResource.export_queryset())
    before = export.csv
    result = MembershipResource().import_data(
        tablib.Dataset().load(before, format="csv"),
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    assert not result.has_validation_errors() and not result.has_errors()
    assert MembershipResource().export(MembershipResource.export_queryset()).csv == before
    assert Membership.objects.count() == reference.membership_count()
