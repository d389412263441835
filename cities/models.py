"""Members of the programme (cities, gminas, unions, associations) and their MIDs."""

from django.conf import settings
from django.db import models
from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from networks.models import Edition, Meeting, MeetingKind, Network, Source

# Polish alphabetical order: ICU's "pl-PL" where PostgreSQL has ICU (migration 0009).
POLISH_COLLATION = "pim_polish"


class Voivodeship(models.TextChoices):
    DOLNOSLASKIE = "dolnoslaskie", "dolnośląskie"
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", "kujawsko-pomorskie"
    LUBELSKIE = "lubelskie", "lubelskie"
    LUBUSKIE = "lubuskie", "lubuskie"
    LODZKIE = "lodzkie", "łódzkie"
    MALOPOLSKIE = "malopolskie", "małopolskie"
    MAZOWIECKIE = "mazowieckie", "mazowieckie"
    OPOLSKIE = "opolskie", "opolskie"
    PODKARPACKIE = "podkarpackie", "podkarpackie"
    PODLASKIE = "podlaskie", "podlaskie"
    POMORSKIE = "pomorskie", "pomorskie"
    SLASKIE = "slaskie", "śląskie"
    SWIETOKRZYSKIE = "swietokrzyskie", "świętokrzyskie"
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", "warmińsko-mazurskie"
    WIELKOPOLSKIE = "wielkopolskie", "wielkopolskie"
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", "zachodniopomorskie"


class MemberKind(models.TextChoices):
    CITY = "city", _("City")
    TOWN = "town", _("Town")
    GMINA = "gmina", _("Gmina")
    MUNICIPAL_UNION = "municipal-union", _("Union of gminas")
    METROPOLITAN_UNION = "metropolitan-union", _("Metropolitan union")
    ASSOCIATION = "association", _("Association of gminas")
    AGREEMENT = "agreement", _("Agreement of gminas")


class MemberQuerySet(models.QuerySet):
    def real(self) -> "MemberQuerySet":
        return self.filter(is_synthetic=False)

    def in_edition(self, edition: Edition) -> "MemberQuerySet":
        return self.filter(memberships__edition=edition).distinct()

    def in_network(self, network: Network) -> "MemberQuerySet":
        return self.filter(memberships__network=network)


class Member(models.Model):
    """A member of the programme: a city, a gmina, a union of gminas or an association."""

    # Polish alphabetical order (Ł after L, Ś after S, Ż after Ź) wherever names are sorted.
    name = models.CharField(_("name"), max_length=200, unique=True, db_collation=POLISH_COLLATION)
    short_name = models.CharField(_("short name"), max_length=60, blank=True, db_collation=POLISH_COLLATION)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    kind_note = models.CharField(_("note on the kind"), max_length=200, blank=True)
    voivodeship = models.CharField(_("voivodeship"), max_length=30, choices=Voivodeship.choices, blank=True)
    voivodeship_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the voivodeship"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: general geographic knowledge."),
    )
    seat = models.CharField(_("seat"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population as of year"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Seen by ministry staff and admins only.")
    )
    is_synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        blank=True,
        related_name="edited_members",
        help_text=_("City staff who may update this member's MID and details."),
    )

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["internal_notes"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="member_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="member_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="member_coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gt=0),
                name="member_population_positive",
            ),
        ]
        indexes = [
            # Members list filtered by voivodeship and kind.
            models.Index(fields=["voivodeship", "kind"], name="member_region_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cities:member", args=[self.slug])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class MembershipQuerySet(models.QuerySet):
    def in_edition(self, edition: Edition) -> "MembershipQuerySet":
        return self.filter(edition=edition)

    def in_network(self, network: Network) -> "MembershipQuerySet":
        return self.filter(network=network)

    def with_shown_name(self) -> "MembershipQuerySet":
        """`shown_name`: the name the lists show and are sorted by (BOF under B, not under
        "Stowarzyszenie…")."""
        return self.annotate(shown_name=Coalesce(NullIf("member__short_name", Value("")), "member__name"))

    def with_mid(self) -> "MembershipQuerySet":
        """Rows with member, network and the member's MID of that edition (`mid_status`,
        `mid_topic`; None when no MID is recorded), in the same query."""
        return (
            self.select_related("member", "edition", "network__edition")
            .with_shown_name()
            .annotate(
                edition_mid=FilteredRelation("member__mids", condition=Q(member__mids__edition=F("edition"))),
                mid_status=F("edition_mid__status"),
                mid_topic=F("edition_mid__topic"),
            )
        )


class Membership(models.Model):
    """A member's place in one edition, in one of its networks when a source says which,
    and the sources that say so."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="memberships"
    )
    # Always the network's edition when a network is given (a trigger keeps it so, whatever
    # writes the row); a member whose network no source states has only the edition.
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="memberships"
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Empty when no source says which network the member was in."),
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "network", "member__name"]
        verbose_name = _("membership in a network")
        verbose_name_plural = _("memberships in networks")
        constraints = [
            models.UniqueConstraint(fields=["member", "network"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["member", "edition"],
                condition=Q(network__isnull=True),
                name="membership_without_network_unique",
            ),
        ]
        indexes = [
            # Members of an edition: the members list, the map and the edition comparison.
            models.Index(fields=["edition", "network"], name="membership_edition_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.network or self.edition}"

    def save(self, *args, **kwargs) -> None:
        if self.network_id is not None:
            self.edition_id = Network.objects.values_list("edition_id", flat=True).get(pk=self.network_id)
        super().save(*args, **kwargs)


class MidStatus(models.TextChoices):
    # Nobody has recorded a status in the system: says nothing of what the city did.
    NOT_REPORTED = "not-reported", _("Not recorded")
    DRAFT = "draft", _("Draft handed in")
    # The ministry's review sent the draft back to the city, with a comment, to be handed in again.
    RETURNED = "returned", _("Returned for changes")
    COMPLETE = "complete", _("Complete after review")
    IMPLEMENTATION = "implementation", _("In implementation")


class MidQuerySet(models.QuerySet):
    def in_edition(self, edition: Edition) -> "MidQuerySet":
        return self.filter(edition=edition)

    def in_network(self, network: Network) -> "MidQuerySet":
        return self.filter(edition=network.edition_id, member__memberships__network=network)

    def status_counts_by_network(self, edition: Edition) -> dict[int, dict[str, int]]:
        """{network id: {status: number of MIDs}} for the edition's networks; one query."""
        rows = (
            self.filter(edition=edition, member__memberships__edition=edition)
            .values_list("member__memberships__network", "status")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        counts: dict[int, dict[str, int]] = {}
        for network_id, status, n in rows:
            counts.setdefault(network_id, dict.fromkeys(MidStatus.values, 0))[status] = n
        return counts

    def with_partnership_meetings_recorded(self) -> "MidQuerySet":
        """Annotate `partnership_meetings_recorded`: the meetings of the member's local
        partnership in the MID's edition that are recorded one by one; a subquery."""
        meetings = (
            Meeting.objects.filter(
                host=OuterRef("member"), edition=OuterRef("edition"), kind=MeetingKind.LOCAL_PARTNERSHIP
            )
            .order_by()
            .values("host")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(partnership_meetings_recorded=Coalesce(Subquery(meetings), 0))

    def status_counts(self) -> dict[str, int]:
        """Number of MIDs in each status, every status present; one query."""
        counts = dict(self.values_list("status").annotate(n=models.Count("pk")).order_by())
        return {status: counts.get(status, 0) for status in MidStatus.values}


class Mid(models.Model):
    """A member's urban action initiative (Miejska Inicjatywa Działania) in one edition."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="mids"
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="mids"
    )
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    topic_note = models.CharField(_("note on the topic"), max_length=300, blank=True)
    topic_sources = models.ManyToManyField(
        Source, verbose_name=_("sources of the topic"), blank=True, related_name="+"
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MidStatus.choices, default=MidStatus.NOT_REPORTED
    )
    draft_handed_in_on = models.DateField(_("draft handed in on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    implementation_started_on = models.DateField(_("implementation started on"), null=True, blank=True)
    document_url = models.URLField(_("link to the MID document"), blank=True, max_length=500)
    document = models.FileField(
        _("MID document (PDF)"), upload_to="mid-documents/%Y/", blank=True, max_length=300
    )
    partnership_stakeholders = models.TextField(_("local partnership: stakeholders"), blank=True)
    partnership_meeting_count = models.PositiveSmallIntegerField(
        _("local partnership: number of meetings"), null=True, blank=True
    )
    partnership_sources = models.ManyToManyField(
        Source, verbose_name=_("sources on the local partnership"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every save; catches concurrent edits.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MidQuerySet.as_manager()
    # Each workflow step records its comment (a review's reasons) as the change reason.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["edition", "member__name"]
        verbose_name = _("MID")
        verbose_name_plural = _("MIDs")
        constraints = [
            models.UniqueConstraint(fields=["member", "edition"], name="mid_one_per_member_and_edition"),
            # A step's date exists only once the MID has reached that step.
            models.CheckConstraint(
                condition=Q(draft_handed_in_on__isnull=True) | ~Q(status="not-reported"),
                name="mid_draft_date_needs_status",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status__in=["complete", "implementation"]),
                name="mid_completed_date_needs_status",
            ),
            models.CheckConstraint(
                condition=Q(implementation_started_on__isnull=True) | Q(status="implementation"),
                name="mid_implementation_date_needs_status",
            ),
        ]
        indexes = [
            # Dashboard and members list: MIDs of an edition counted or filtered by status.
            models.Index(fields=["edition", "status"], name="mid_edition_status_idx"),
        ]

    def __str__(self) -> str:
        return f"MID {self.member} ({self.edition})"

    def get_edit_url(self) -> str:
        return reverse("cities:mid-edit", args=[self.member.slug, self.edition.slug])


# The workflow's own records (invitations, the mail outbox, reminders) live in a module of their own.
from cities.workflow_models import Invitation, MailPreference, Notification, Reminder  # noqa: E402, F401
