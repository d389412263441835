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


POLISH_HEADERS = [
    "Edycja",
    "Sieć",
    "Nazwa",
    "Rodzaj",
    "Województwo",
    "Siedziba",
    "Liczba ludności",
    "Status MID",
    "Data złożenia projektu",
]


def _import(headers, rows, dry_run=False):
    dataset = tablib.Dataset(*rows, headers=headers)
    return MembershipResource().import_data(dataset, dry_run=dry_run)


def _errors(result) -> dict[int, dict[str, str]]:
    return {
        row.number: {column: " ".join(messages) for column, messages in row.error_dict.items()}
        for row in result.invalid_rows
    }


def test_polish_headers_names_and_dates_as_people_type_them(new_edition):
    rows = [
        [
            "PIM 3 (2024–2026)",
            "Miasto kompaktowe",
            "Toruń",
            "miasto",
            "kujawsko-pomorskie",
            "",
            "197 812",
            "projekt przekazany",
            "12.08.2024",
        ],
        ["pim-3", "miasto-kompaktowe", "Łomża", "Miasto", "podlaskie", "Łomża", "61000", "", ""],
    ]
    result = _import(POLISH_HEADERS, rows)
    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    torun = Member.objects.get(slug="torun")  # the existing member, found by its name
    assert torun.population == 197812
    mid = Mid.objects.get(member=torun, edition=new_edition)
    assert (mid.status, mid.draft_handed_in_on.isoformat()) == (MidStatus.DRAFT, "2024-08-12")
    lomza = Member.objects.get(slug="lomza")  # a new member, its slug made from the name
    assert (lomza.seat, lomza.voivodeship) == ("Łomża", "podlaskie")


def test_two_rows_of_one_member_in_one_edition_are_refused_on_both_rows(new_edition):
    rows = [_row(slug="dup", name="Jeden"), _row(slug="ok", name="Dwa"), _row(slug="dup", name="Jeden")]
    errors = _errors(_import(COLUMNS, rows))
    assert list(errors) == [1, 3]
    assert "więcej niż raz" in errors[1]["slug"] and "1, 3" in errors[1]["slug"]
    assert not Member.objects.filter(slug__in=["dup", "ok"]).exists()


def test_an_unknown_column_is_refused_and_named(new_edition):
    result = _import([*COLUMNS, "miejsce"], [[*_row(slug="x", name="X"), "Toruń"]])
    message = result.base_errors[0].error
    assert "Nieznane kolumny: „miejsce”" in message and "Siedziba" in message
    assert not Member.objects.filter(slug="x").exists()


def test_the_seat_column_is_stored(new_edition):
    result = _import(COLUMNS, [_row(slug="zwiazek", name="Związek X", kind="association", seat="Żywiec")])
    assert not result.has_validation_errors(), _errors(result)
    assert Member.objects.get(slug="zwiazek").seat == "Żywiec"


def test_a_refused_value_names_what_is_allowed(new_edition):
    errors = _errors(
        _import(COLUMNS, [_row(slug="x", name="X", kind="wieś", draft_handed_in_on="2024/01/01")])
    )
    assert "dozwolone" in errors[1]["kind"] and "Miasto (city)" in errors[1]["kind"]
    assert "12.08.2019 lub 2019-08-12" in errors[1]["draft_handed_in_on"]


def test_a_name_taken_by_another_member_is_a_row_error_not_database_text(new_edition):
    errors = _errors(_import(COLUMNS, [_row(slug="inny-torun", name="Toruń")]))
    assert "należy do innego członka (torun)" in errors[1]["name"]


def test_a_number_too_large_for_the_database_is_a_row_error(new_edition):
    errors = _errors(_import(COLUMNS, [_row(slug="x", name="X", population="99999999999")]))
    assert "nie jest liczbą ludności" in errors[1]["population"]


def test_a_database_refusal_is_translated_and_nothing_is_written(new_edition):
    from cities.importing import MemberImport
    from pim.import_checks import ImportRefused

    importer = MemberImport()
    checked = importer.check(COLUMNS, [_row(slug="x", name="X", population="100")])
    checked.rows[0]["population"] = 10**12  # past the check, as a changed database rule would be
    with pytest.raises(ImportRefused) as refused:
        importer.write(checked)
    assert "Nic nie zapisano" in str(refused.value) and "Liczba ludności" in str(refused.value)
    assert "out of range" not in str(refused.value)
    assert not Member.objects.filter(slug="x").exists()


def test_the_import_checks_a_national_file_in_a_fixed_number_of_queries(
    new_edition, django_assert_max_num_queries
):
    rows = [_row(slug=f"czlonek-{n}", name=f"Członek {n}") for n in range(300)]
    with django_assert_max_num_queries(6):
        result = _import(COLUMNS, rows, dry_run=True)
    assert result.totals["new"] == 300


def test_the_import_page_links_the_template_and_the_template_explains_each_column(client, admin_user):
    from openpyxl import load_workbook

    client.force_login(admin_user)
    page = client.get(IMPORT_URL).content.decode()
    assert "/admin/cities/membership/import/szablon.xlsx" in page
    workbook = load_workbook(io.BytesIO(client.get("/admin/cities/membership/import/szablon.xlsx").content))
    first, allowed = workbook.worksheets
    header, example = list(first.iter_rows(values_only=True))
    assert header[:4] == ("Edycja", "Sieć", "Identyfikator", "Nazwa") and "Toruń" in example
    explained = {row[0]: row[1] for row in allowed.iter_rows(min_row=2, values_only=True)}
    assert "Miasto (city)" in explained["Rodzaj"] and "12.08.2019" in explained["Data ukończenia"]
    text = client.get("/admin/cities/membership/import/szablon.csv").content
    assert "# Status MID: Jedna z wartości:" in text.decode("utf-8-sig")


def test_the_template_is_for_admins_who_may_import(client, django_user_model):
    staff = django_user_model.objects.create_user("staff-only", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/cities/membership/import/szablon.xlsx").status_code == 403
    assert client.get(IMPORT_URL).status_code == 403


def test_a_filled_in_template_imports(client, admin_user, new_edition):
    client.force_login(admin_user)
    content = client.get("/admin/cities/membership/import/szablon.csv").content
    preview = _preview(client, content)
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert client.post(CONFIRM_URL, preview.context["confirm_form"].initial).status_code == 302
    assert Mid.objects.get(member__slug="torun", edition=new_edition).topic == "Zwarte miasto"


@pytest.mark.django_db(transaction=True)
def test_a_long_import_shows_its_progress_and_is_all_or_nothing(client, admin_user, monkeypatch):
    from cities.admin import MembershipAdmin

    edition = Edition.objects.create(name="PIM 9", slug="pim-3", start_year=2030, end_year=2032)
    Network.objects.create(edition=edition, slug="miasto-kompaktowe", name="M", theme=Theme.COMPACT_CITY)
    monkeypatch.setattr(MembershipAdmin, "progress_from_rows", 2)
    client.force_login(admin_user)
    rows = [_row(slug=f"m-{n}", name=f"Członek {n}") for n in range(5)]
    preview = _preview(client, _csv(rows))
    assert preview.context["confirm_form"], preview.content.decode()[-3000:]
    response = client.post(CONFIRM_URL, preview.context["confirm_form"].initial)
    page = b"".join(response.streaming_content).decode()
    assert "<progress" in page and "100 % zapisano" in page
    assert "Import zakończony: nowe 5" in page
    assert Member.objects.filter(slug__startswith="m-").count() == 5
