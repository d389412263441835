"""Import and export of members with their network and MID status (django-import-export).

One row per member in a network of an edition, so a ministry can load a whole new
edition from a spreadsheet once its networks exist. Columns: edition, network
(slugs), slug, name, kind, voivodeship, seat, population, latitude, longitude,
mid_topic, mid_status, draft_handed_in_on, completed_on, implementation_started_on.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from import_export import fields, resources

from cities.models import Member, MemberKind, Membership, Mid, MidStatus, Voivodeship
from networks.models import Edition, Network
from pim.imports import refuse_wrong_delimiter

COLUMNS = [
    "edition",
    "network",
    "slug",
    "name",
    "kind",
    "voivodeship",
    "seat",
    "population",
    "latitude",
    "longitude",
    "mid_topic",
    "mid_status",
    "draft_handed_in_on",
    "completed_on",
    "implementation_started_on",
]
DATE_COLUMNS = ["draft_handed_in_on", "completed_on", "implementation_started_on"]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(value, choices, noun: str) -> str:
    text = _text(value)
    if text in choices.values:
        return text
    labels = {str(label).lower(): key for key, label in choices.choices}
    if text.lower() in labels:
        return labels[text.lower()]
    raise ValueError(
        _("unknown %(noun)s “%(value)s”; use one of: %(allowed)s")
        % {"noun": noun, "value": text, "allowed": ", ".join(choices.values)}
    )


class MembershipResource(resources.ModelResource):
    class Meta:
        model = Membership
        fields = COLUMNS
        import_id_fields = []
        use_transactions = True
        skip_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = {column: fields.Field(attribute=None, column_name=column) for column in COLUMNS}

    @staticmethod
    def export_queryset(queryset=None):
        """Memberships with member, network, edition and the MID's fields; one query."""
        queryset = queryset if queryset is not None else Membership.objects.all()
        return (
            queryset.with_mid()
            .annotate(**{f"mid_{column}": F(f"edition_mid__{column}") for column in DATE_COLUMNS})
            .order_by("edition__slug", "network__position", "member__name")
        )

    def before_import(self, dataset, **kwargs):
        headers = [_text(header) for header in dataset.headers or []]
        dataset.headers = headers
        refuse_wrong_delimiter(headers)
        unknown = [header for header in headers if header not in COLUMNS]
        missing = [column for column in ("edition", "slug", "name", "kind") if column not in headers]
        if unknown or missing:
            raise ValueError(
                _(
                    "The columns do not fit: unknown %(unknown)s, missing %(missing)s. "
                    "The columns are: %(columns)s."
                )
                % {
                    "unknown": ", ".join(unknown) or "–",
                    "missing": ", ".join(missing) or "–",
                    "columns": ", ".join(COLUMNS),
                }
            )

    def get_or_init_instance(self, instance_loader, row):
        """The membership of the row's member in the row's network; read and checked column by column."""
        errors, values = {}, {}
        network_slug, edition_slug = _text(row.get("network")), _text(row.get("edition"))
        edition = Edition.objects.filter(slug=edition_slug).first()
        network = Network.objects.filter(edition__slug=edition_slug, slug=network_slug).first()
        if edition is None:
            errors["edition"] = _("no edition “%(edition)s”; create it in the admin first") % {
                "edition": edition_slug
            }
        elif network_slug and network is None:
            errors["network"] = _(
                "no network “%(network)s” in edition “%(edition)s”; create it in the admin first"
            ) % {
                "network": network_slug,
                "edition": edition_slug,
            }
        for column, read in (
            ("slug", self._slug),
            ("name", lambda v: _text(v) or self._fail(_("every row needs a name"))),
            ("kind", lambda v: _choice(v, MemberKind, _("kind"))),
            ("voivodeship", lambda v: _choice(v, Voivodeship, _("voivodeship")) if _text(v) else ""),
            ("population", self._population),
            ("latitude", lambda v: self._coordinate(v, -90, 90)),
            ("longitude", lambda v: self._coordinate(v, -180, 180)),
            (
                "mid_status",
                lambda v: _choice(v, MidStatus, _("MID status")) if _text(v) else MidStatus.NOT_REPORTED,
            ),
            *[(column, self._date) for column in DATE_COLUMNS],
        ):
            if column in row:
                try:
                    values[column] = read(row[column])
                except ValueError as error:
                    errors[column] = str(error)
        if not errors:
            self._check_dates(values, errors)
        if errors:
            raise ValidationError(errors)
        row["_values"], row["_network"], row["_edition"] = values, network, edition
        member = Member.objects.filter(slug=values["slug"]).first()
        membership = (
            Membership.objects.filter(member=member, network=network, edition=edition).first()
            if member
            else None
        )
        return (membership, False) if membership else (Membership(network=network, edition=edition), True)

    @staticmethod
    def _fail(message):
        raise ValueError(message)

    @staticmethod
    def _slug(value) -> str:
        slug = _text(value)
        if not slug or not all(c.isascii() and (c.isalnum() or c == "-") for c in slug):
            raise ValueError(
                _("“%(slug)s” is not a slug: use lowercase letters, digits and hyphens") % {"slug": slug}
            )
        return slug.lower()

    @staticmethod
    def _population(value):
        text = _text(value).replace(" ", "")
        if not text:
            return None
        if not text.isdigit() or int(text) == 0:
            raise ValueError(_("“%(value)s” is not a population (a positive whole number)") % {"value": text})
        return int(text)

    @staticmethod
    def _coordinate(value, low, high):
        text = _text(value).replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number") % {"value": text}) from None
        if not low <= number <= high:
            raise ValueError(
                _("%(value)s is outside %(low)s…%(high)s") % {"value": text, "low": low, "high": high}
            )
        return number.quantize(Decimal("0.00001"))

    @staticmethod
    def _date(value):
        if isinstance(value, date):
            return value
        text = _text(value)[:10]
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": text}) from None

    @staticmethod
    def _check_dates(values, errors):
        """A step's date only with a status that reached the step, as the database insists."""
        order = MidStatus.values
        status = values.get("mid_status", MidStatus.NOT_REPORTED)
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

    def import_instance(self, instance, row, **kwargs):
        pass  # every column is read in get_or_init_instance and saved in save_instance

    def save_instance(self, instance, is_create, row, **kwargs):
        values, network, edition = row["_values"], row["_network"], row["_edition"]
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        member_fields = {
            key: values[key]
            for key in ("name", "kind", "voivodeship", "seat", "population", "latitude", "longitude")
            if key in values
        }
        member, _ = Member.objects.update_or_create(slug=values["slug"], defaults=member_fields)
        instance.member = member
        instance.network = network
        instance.edition = edition
        instance.save()
        mid_fields = {"status": values.get("mid_status", MidStatus.NOT_REPORTED)}
        mid_fields.update({column: values[column] for column in DATE_COLUMNS if column in values})
        if "mid_topic" in row:
            mid_fields["topic"] = _text(row["mid_topic"])
        mid, created = Mid.objects.get_or_create(member=member, edition=edition, defaults=mid_fields)
        if not created:
            for key, value in mid_fields.items():
                setattr(mid, key, value)
            mid.version += 1
            mid.updated_by = kwargs.get("user")
            mid.save()

    # --- export -------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        member = instance.member
        values = {
            "edition": instance.edition.slug,
            "network": instance.network.slug if instance.network else "",
            "slug": member.slug,
            "name": member.name,
            "kind": member.kind,
            "voivodeship": member.voivodeship,
            "seat": member.seat,
            "population": member.population,
            "latitude": member.latitude,
            "longitude": member.longitude,
            "mid_topic": instance.mid_topic or "",
            "mid_status": instance.mid_status or MidStatus.NOT_REPORTED,
            **{column: getattr(instance, f"mid_{column}") for column in DATE_COLUMNS},
        }
        value = values[field.column_name]
        if value is None:
            return ""
        return value.isoformat() if isinstance(value, date) else str(value)
