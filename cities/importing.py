"""Members with their network and MID status from a spreadsheet: a new edition in one file.

One row per member in an edition. Headers may be Polish, English or codes; members, editions
and networks may be named or given by slug; kinds, voivodeships and statuses by their Polish
or English names or codes; dates as 12.08.2019 or 2019-08-12. The file is checked as a whole
against sets read in a few queries; one bad cell and nothing is written.
"""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cities.models import Member, MemberKind, Membership, Mid, MidStatus, Voivodeship
from networks.models import Edition, Network
from pim.import_checks import (
    PREVIEW_ROWS,
    Checked,
    Column,
    ImportRefused,
    Progress,
    allowed_labels,
    cell_text,
    choice_reader,
    match_columns,
    parse_date,
    translate_database_error,
)

BATCH = 2000
# bulk_update writes one CASE per column with a branch per row: its cost grows with the
# square of the batch, so updates go in small batches.
UPDATE_BATCH = 500
POPULATION_LIMIT = 2_147_483_647  # PostgreSQL's integer
DATE_COLUMNS = ["draft_handed_in_on", "completed_on", "implementation_started_on"]
MEMBER_FIELDS = ["name", "kind", "voivodeship", "seat", "population", "latitude", "longitude"]
DATE_HELP = gettext_lazy("A date as 12.08.2019 or 2019-08-12, only with a status that reached this step.")

COLUMNS = [
    Column(
        "edition",
        gettext_lazy("Edition"),
        gettext_lazy("The edition's name or slug; it must exist in the admin."),
        "pim-3",
        True,
    ),
    Column(
        "network",
        gettext_lazy("Network"),
        gettext_lazy("The network's name or slug in that edition. May be empty."),
        "Miasto kompaktowe",
    ),
    Column(
        "slug",
        gettext_lazy("Slug"),
        gettext_lazy(
            "The member's slug (lowercase letters, digits, hyphens) or its name. Empty: the member "
            "of that name, or a new slug made from the name."
        ),
        "",
    ),
    Column(
        "name", gettext_lazy("Name"), gettext_lazy("The member's name, up to 200 characters."), "Toruń", True
    ),
    Column("kind", gettext_lazy("Kind"), "", "miasto", True),
    Column("voivodeship", gettext_lazy("Voivodeship"), "", "kujawsko-pomorskie"),
    Column("seat", gettext_lazy("Seat"), gettext_lazy("For an association: its seat. May be empty."), ""),
    Column(
        "population",
        gettext_lazy("Population"),
        gettext_lazy("A positive whole number, spaces allowed (201 447). May be empty."),
        "197 812",
    ),
    Column(
        "latitude",
        gettext_lazy("Latitude"),
        gettext_lazy("Degrees, −90…90, decimal point or comma (53,0138). Give both or neither."),
        "53,0138",
        aliases=("szerokość geograficzna", "szerokość", "lat"),
    ),
    Column(
        "longitude",
        gettext_lazy("Longitude"),
        gettext_lazy("Degrees, −180…180, decimal point or comma (18,5984)."),
        "18,5984",
        aliases=("długość geograficzna", "długość", "lon", "lng"),
    ),
    Column(
        "mid_topic", gettext_lazy("MID topic"), gettext_lazy("Text up to 500 characters."), "Zwarte miasto"
    ),
    Column("mid_status", gettext_lazy("MID status"), "", "projekt przekazany"),
    Column("draft_handed_in_on", gettext_lazy("Draft handed in on"), DATE_HELP, "02.11.2024"),
    Column("completed_on", gettext_lazy("Completed on"), DATE_HELP, ""),
    Column("implementation_started_on", gettext_lazy("Implementation started on"), DATE_HELP, ""),
]
CODES = [column.code for column in COLUMNS]
DATABASE_COLUMNS = {
    "cities_member_name_key": gettext_lazy("Name"),
    "cities_member_slug_key": gettext_lazy("Slug"),
    "population": gettext_lazy("Population"),
    "member_population_positive": gettext_lazy("Population"),
    "topic": gettext_lazy("MID topic"),
    "integer out of range": gettext_lazy("Population"),  # the file's only whole-number column
}


def choice_help(choices) -> str:
    return _("One of: %(allowed)s.") % {"allowed": allowed_labels(choices)}


def allowed_values() -> list[list[str]]:
    """[column header, values it takes] for the template's second sheet or comment block."""
    described = {"kind": MemberKind, "voivodeship": Voivodeship, "mid_status": MidStatus}
    return [
        [str(c.label), choice_help(described[c.code]) if c.code in described else str(c.allowed)]
        for c in COLUMNS
    ]


def make_slug(name: str) -> str:
    return slugify(name.replace("ł", "l").replace("Ł", "L"))[:60]


def _number(text: str, low, high):
    try:
        number = Decimal(text.replace(",", ".").replace("−", "-"))
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number") % {"value": text}) from None
    if not low <= number <= high:
        raise ValueError(
            _("%(value)s is outside %(low)s…%(high)s") % {"value": text, "low": low, "high": high}
        )
    return number.quantize(Decimal("0.00001"))


def _population(text: str):
    digits = text.replace(" ", "").replace("\u00a0", "")
    if not digits.isdigit() or not 0 < int(digits) <= POPULATION_LIMIT:
        raise ValueError(_("“%(value)s” is not a population (a positive whole number)") % {"value": text})
    return int(digits)


def _limited(column: str, limit: int):
    def read(text: str) -> str:
        if len(text) > limit:
            raise ValueError(
                _("%(count)s characters is too long: at most %(limit)s")
                % {"count": len(text), "limit": limit, "column": column}
            )
        return text

    return read


class MemberImport:
    """Reads, checks and writes one file of members in networks of editions."""

    def check(self, headers, rows) -> Checked:
        """The file read and checked; five queries, however many rows."""
        codes = match_columns(headers, COLUMNS)
        checked = Checked(columns=[cell_text(header) for header in headers])
        header_of = dict(zip(codes, checked.columns, strict=True))
        editions = {}
        for pk, slug, name in Edition.objects.values_list("pk", "slug", "name"):
            editions[slug] = editions[name.lower()] = pk
        networks = {}
        for pk, edition, slug, name in Network.objects.values_list("pk", "edition_id", "slug", "name"):
            networks[edition, slug] = networks[edition, name.lower()] = pk
        members = {slug: (pk, name) for pk, slug, name in Member.objects.values_list("pk", "slug", "name")}
        slug_of_name = {name.lower(): slug for slug, (_pk, name) in members.items()}
        readers = {
            "kind": choice_reader(MemberKind, _("kind")),
            "voivodeship": choice_reader(Voivodeship, _("voivodeship")),
            "mid_status": choice_reader(MidStatus, _("MID status")),
            "population": _population,
            "latitude": lambda text: _number(text, -90, 90),
            "longitude": lambda text: _number(text, -180, 180),
            "seat": _limited("seat", Member._meta.get_field("seat").max_length),
            "name": _limited("name", Member._meta.get_field("name").max_length),
            "mid_topic": _limited("mid_topic", Mid._meta.get_field("topic").max_length),
        }
        rows_of, names_in_file = defaultdict(list), defaultdict(set)
        for number, row in enumerate(rows, start=1):
            cells = dict(zip(codes, row, strict=False))
            cells.pop(None, None)
            if not any(cell_text(value) for value in cells.values()) or cell_text(row[0]).startswith("#"):
                continue
            if len(checked.preview) < PREVIEW_ROWS:
                checked.preview.append([cell_text(value) for value in row])
            record = {"number": number}
            errors = {}
            for code, value in cells.items():
                text = cell_text(value)
                try:
                    if code in DATE_COLUMNS:
                        record[code] = parse_date(value)
                    elif code == "name" and not text:
                        raise ValueError(_("every row needs a name"))
                    elif code in ("kind", "edition") and not text:
                        raise ValueError(_("every row needs a value here"))
                    elif code in readers:
                        record[code] = readers[code](text) if text else None
                    else:
                        record[code] = text
                except ValueError as error:
                    errors[code] = str(error)
            self._place(record, errors, editions, networks)
            self._identify(record, errors, members, slug_of_name)
            if not errors:
                self._check_steps(record, errors)
            for code, message in errors.items():
                checked.add_error(number, header_of.get(code, code), message)
            if "slug" in record and "edition_id" in record:
                rows_of[record["slug"], record["edition_id"]].append(number)
                names_in_file[record.get("name", "").lower()].add(record["slug"])
            checked.rows.append(record)
        self._check_unique(checked, rows_of, names_in_file, members, header_of)
        known = {(slug, edition) for slug, edition in rows_of if slug in members}
        existing = set(
            Membership.objects.filter(
                member__slug__in={slug for slug, _edition in known}, edition__in={e for _s, e in known}
            ).values_list("member__slug", "edition_id")
        )
        checked.updated = len(existing & set(rows_of))
        checked.new = len(rows_of) - checked.updated
        checked.present = [code for code in codes if code]
        return checked

    @staticmethod
    def _place(record, errors, editions, networks) -> None:
        """The row's edition and network, by name or slug."""
        if "edition" not in record:
            return
        edition = editions.get(record["edition"]) or editions.get(record["edition"].lower())
        if edition is None:
            errors["edition"] = _("no edition “%(edition)s”; create it in the admin first") % {
                "edition": record["edition"]
            }
            return
        record["edition_id"] = edition
        network = record.get("network") or ""
        record["network_id"] = None
        if network:
            record["network_id"] = networks.get((edition, network)) or networks.get(
                (edition, network.lower())
            )
            if record["network_id"] is None:
                errors["network"] = _(
                    "no network “%(network)s” in edition “%(edition)s”; create it in the admin first"
                ) % {"network": network, "edition": record["edition"]}

    @staticmethod
    def _identify(record, errors, members, slug_of_name) -> None:
        """The row's member slug: given, or a member's name in the slug column, or from the name."""
        given = record.get("slug", "")
        if given and all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in given):
            record["slug"] = given
        elif given and given.lower() in slug_of_name:
            record["slug"] = slug_of_name[given.lower()]
        elif given:
            errors["slug"] = _(
                "“%(slug)s” is neither a slug (lowercase letters, digits and hyphens) "
                "nor the name of a member"
            ) % {"slug": given}
        elif record.get("name"):
            record["slug"] = slug_of_name.get(record["name"].lower()) or make_slug(record["name"])

    @staticmethod
    def _check_steps(values, errors) -> None:
        """A step's date only with a status that reached the step, as the database insists."""
        order = MidStatus.values
        status = values.get("mid_status") or MidStatus.NOT_REPORTED
        steps = (MidStatus.DRAFT, MidStatus.COMPLETE, MidStatus.IMPLEMENTATION)
        for step, column in zip(steps, DATE_COLUMNS, strict=True):
            if values.get(column) and order.index(status) < order.index(step):
                errors[column] = _(
                    "a date for “%(step)s” needs a status that reached it (now “%(status)s”)"
                ) % {
                    "step": MidStatus(step).label,
                    "status": MidStatus(status).label,
                }
        if (values.get("latitude") is None) != (values.get("longitude") is None):
            errors["longitude"] = _("give both latitude and longitude, or neither")

    @staticmethod
    def _check_unique(checked, rows_of, names_in_file, members, header_of) -> None:
        """One row per member and edition; one member per name, in the file and the database."""
        for (slug, _edition), numbers in rows_of.items():
            if len(numbers) > 1:
                for number in numbers:
                    checked.add_error(
                        number,
                        header_of.get("slug") or header_of["name"],
                        _("member “%(slug)s” appears more than once for this edition (rows %(rows)s)")
                        % {"slug": slug, "rows": ", ".join(map(str, numbers))},
                    )
        owner = {name.lower(): slug for slug, (_pk, name) in members.items()}
        for record in checked.rows:
            name, slug = record.get("name"), record.get("slug")
            if not name or not slug:
                continue
            taken = owner.get(name.lower())
            if (taken and taken != slug) or len(names_in_file[name.lower()]) > 1:
                checked.add_error(
                    record["number"],
                    header_of["name"],
                    _("the name “%(name)s” belongs to another member (%(other)s); a name is unique")
                    % {"name": name, "other": taken if taken and taken != slug else _("another row")},
                )

    def write(self, checked: Checked, user=None, report=None) -> None:
        """Writes a checked file: all of it or, on any failure, none of it; bulk statements
        (with history records) in batches; report(done, total) after each step."""
        progress = Progress(len(checked.rows) * 3, report)
        try:
            with transaction.atomic():
                self._write(checked, user, progress)
        except DatabaseError as error:
            raise ImportRefused(translate_database_error(error, DATABASE_COLUMNS)) from error

    def _write(self, checked: Checked, user, progress: Progress) -> None:
        present = set(checked.present)
        fields = [name for name in MEMBER_FIELDS if name in present]
        members = {m.slug: m for m in Member.objects.filter(slug__in={r["slug"] for r in checked.rows})}
        new, changed = {}, {}
        for record in checked.rows:
            values = {name: record[name] if record[name] is not None else _blank(name) for name in fields}
            member = members.get(record["slug"]) or new.get(record["slug"])
            if member is None:
                new[record["slug"]] = Member(slug=record["slug"], **values)
            elif any(getattr(member, name) != value for name, value in values.items()):
                # Only what changes is written (and gets a history record).
                for name, value in values.items():
                    setattr(member, name, value)
                changed[member.slug] = member
        if new:
            for member in bulk_create_with_history(
                list(new.values()), Member, batch_size=BATCH, default_user=user
            ):
                members[member.slug] = member
            members.update({m.slug: m for m in Member.objects.filter(slug__in=new)})
        if changed and fields:
            bulk_update_with_history(
                list(changed.values()), Member, fields, batch_size=UPDATE_BATCH, default_user=user
            )
        progress.advance(len(checked.rows))
        self._write_memberships(checked, members)
        progress.advance(len(checked.rows))
        self._write_mids(checked, members, present, user)
        progress.advance(len(checked.rows))

    @staticmethod
    def _write_memberships(checked, members) -> None:
        wanted = {(members[r["slug"]].pk, r["edition_id"]): r.get("network_id") for r in checked.rows}
        existing = {
            (m.member_id, m.edition_id): m
            for m in Membership.objects.filter(
                member__in=[pk for pk, _e in wanted], edition__in={e for _m, e in wanted}
            )
        }
        new, changed = [], []
        for (member, edition), network in wanted.items():
            found = existing.get((member, edition))
            if found is None:
                new.append(Membership(member_id=member, edition_id=edition, network_id=network))
            elif found.network_id != network and network is not None:
                found.network_id = network
                changed.append(found)
        Membership.objects.bulk_create(new, batch_size=BATCH)
        Membership.objects.bulk_update(changed, ["network"], batch_size=UPDATE_BATCH)

    @staticmethod
    def _write_mids(checked, members, present, user) -> None:
        fields = {"mid_status": "status", "mid_topic": "topic", **{c: c for c in DATE_COLUMNS}}
        given = [code for code in fields if code in present]
        existing = {
            (m.member_id, m.edition_id): m
            for m in Mid.objects.filter(
                member__in=[members[r["slug"]].pk for r in checked.rows],
                edition__in={r["edition_id"] for r in checked.rows},
            )
        }
        new, changed = [], []
        for record in checked.rows:
            member = members[record["slug"]]
            values = {fields[code]: record[code] for code in given}
            values["status"] = values.get("status") or MidStatus.NOT_REPORTED
            if "topic" in values:
                values["topic"] = values["topic"] or ""
            mid = existing.get((member.pk, record["edition_id"]))
            if mid is None:
                new.append(Mid(member=member, edition_id=record["edition_id"], updated_by=user, **values))
                continue
            if any(getattr(mid, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(mid, name, value)
                mid.version += 1
                mid.updated_by = user
                changed.append(mid)
        if new:
            bulk_create_with_history(new, Mid, batch_size=BATCH, default_user=user)
        if changed:
            columns = sorted({fields[code] for code in given} | {"status", "version", "updated_by"})
            bulk_update_with_history(changed, Mid, columns, batch_size=UPDATE_BATCH, default_user=user)


def _blank(name: str):
    """The stored value of an empty cell: empty text, or no value for numbers."""
    return "" if name in ("seat", "voivodeship") else None
