"""The programme: editions, thematic networks, their meetings and improvement plans.

Also the two notions every app uses to stay honest about data: `Source` (where a
fact was published) and `Provenance` (published, reconstruction, live or unknown).
"""

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Provenance(models.TextChoices):
    """What kind of figure a record is; shown beside every figure in the product."""

    PUBLISHED = "published", _("Published figure")
    RECONSTRUCTION = "reconstruction", _("Reconstruction")
    LIVE = "live", _("Live data")
    NOT_KNOWN = "not-known", _("Not known")
    SYNTHETIC = "synthetic", _("Synthetic demo data")


class DatePrecision(models.TextChoices):
    """How much of a stored date the source actually gives."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Source(models.Model):
    """A published document or page that a fact in the product comes from."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), blank=True, max_length=500)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class EditionQuerySet(models.QuerySet):
    def real(self) -> "EditionQuerySet":
        """Editions of the programme, not synthetic demo or benchmark data."""
        return self.filter(is_synthetic=False)

    def default_first(self) -> "EditionQuerySet":
        """Real editions before synthetic ones, newest first, each with `has_data`: whether
        anything is recorded of it (members, surveys or published MID figures)."""
        recorded = (
            Q(memberships__isnull=False) | Q(surveys__isnull=False) | Q(networks__mid_figures__isnull=False)
        )
        has_data = Exists(Edition.objects.filter(recorded, pk=OuterRef("pk")))
        return self.annotate(has_data=has_data).order_by("is_synthetic", "-start_year", "name")

    def recorded_counts(self, edition: "Edition", **more) -> dict[str, int]:
        """`named_member_count` and `meeting_count` recorded for the edition, and any `more`
        counting subqueries of the edition (None counts as 0); one query."""
        # Members of any of its networks, and those whose network no source states.
        members = (
            Edition.objects.filter(pk=OuterRef("pk"))
            .annotate(n=Count("memberships__member", distinct=True))
            .values("n")
        )
        meetings = (
            Meeting.objects.filter(edition=OuterRef("pk"))
            .order_by()
            .values("edition")
            .annotate(n=Count("pk"))
            .values("n")
        )
        row = (
            self.filter(pk=edition.pk)
            .annotate(named_member_count=Subquery(members), meeting_count=Subquery(meetings), **more)
            .values("named_member_count", "meeting_count", *more)
            .get()
        )
        return {key: value or 0 for key, value in row.items()}

    def compared(self) -> "EditionQuerySet":
        """Editions with what is on record of each, for comparing them side by side; one query,
        one counting subquery per figure (no join of every table against every other):

        network_count, leaders_named, networks_with_member_count, named_member_count,
        members_without_network, recorded_mid_count, document_count, mid_figure_count,
        survey_count, response_count, meeting_count, plan_count, recommendation_count.
        """

        def count(model: str, edition: str, condition: Q | None = None, members: bool = False) -> Coalesce:
            # The rows of one table that belong to the edition, counted straight from that
            # table's index on its edition (or its parent's): no join through the edition,
            # and no DISTINCT but for members, who may belong to two networks.
            rows = (
                apps.get_model(model)
                .objects.filter(condition or Q(), **{edition: OuterRef("pk")})
                .order_by()
                .values(edition)
                .annotate(n=Count("member", distinct=True) if members else Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(rows), 0)

        return self.annotate(
            network_count=count("networks.Network", "edition"),
            leaders_named=count("networks.Network", "edition", Q(leader__isnull=False)),
            networks_with_member_count=count(
                "networks.Network", "edition", Q(published_member_count__isnull=False)
            ),
            named_member_count=count("cities.Membership", "edition", members=True),
            members_without_network=count("cities.Membership", "edition", Q(network__isnull=True)),
            recorded_mid_count=count("cities.Mid", "edition", ~Q(status="not-reported")),
            document_count=count("cities.Mid", "edition", ~Q(document="") | ~Q(document_url="")),
            mid_figure_count=count("networks.NetworkMidFigure", "network__edition"),
            survey_count=count("surveys.Survey", "edition"),
            response_count=count("surveys.Response", "survey__edition"),
            meeting_count=count("networks.Meeting", "edition"),
            plan_count=count("networks.ImprovementPlan", "network__edition"),
            recommendation_count=count("networks.Recommendation", "plan__network__edition"),
        ).select_related("member_count_source", "figures_source")

    def chosen(self, slug: str | None) -> "Edition | None":
        """The edition with `slug`, or the default one when no slug is given: the most recent
        real edition with data; one query."""
        editions = self.default_first()
        if slug:
            return editions.filter(slug=slug).first()
        return editions.order_by("is_synthetic", "-has_data", "-start_year", "name").first()


class Edition(models.Model):
    """One edition of the programme (the 2017–2019 pilot, PIM 2, …); added as data."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    published_member_count = models.PositiveSmallIntegerField(
        _("published number of members"), null=True, blank=True
    )
    member_count_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the number of members"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_network_meeting_count = models.PositiveSmallIntegerField(
        _("published number of network meetings"), null=True, blank=True
    )
    figures_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the published figures"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_synthetic = models.BooleanField(
        _("synthetic demo data"),
        default=False,
        help_text=_("Generated for trying the product; never real programme data."),
    )
    hand_in_deadline = models.DateField(_("deadline for handing in the MID"), null=True, blank=True)
    completion_deadline = models.DateField(_("deadline for a complete MID"), null=True, blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["is_synthetic", "-start_year", "name"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="edition_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> str:
        return f"{self.start_year}–{self.end_year}" if self.end_year else f"{self.start_year}–"

    @property
    def unnamed_member_count(self) -> int | None:
        """Members the published total has but no source names; needs `compared()` or
        `recorded_counts()` figures on the object."""
        if self.published_member_count is None:
            return None
        return max(self.published_member_count - self.named_member_count, 0)


class Theme(models.TextChoices):
    AIR_QUALITY = "air-quality", _("Air quality")
    URBAN_MOBILITY = "urban-mobility", _("Urban mobility")
    REVITALISATION = "revitalisation", _("Revitalisation")
    DIGITAL_CITY = "digital-city", _("Digital city")
    PPP = "ppp", _("Public-private partnership")
    GREEN_CITY = "green-city", _("Green city")
    ENERGY_EFFICIENCY = "energy-efficiency", _("Energy-efficient city")
    COMPACT_CITY = "compact-city", _("Compact city")
    AFFORDABLE_HOUSING = "affordable-housing", _("Affordable housing")
    OTHER = "other", _("Other")


class NetworkQuerySet(models.QuerySet):
    def in_edition(self, edition: Edition) -> "NetworkQuerySet":
        return self.filter(edition=edition)

    def with_member_counts(self) -> "NetworkQuerySet":
        """Annotate `named_member_count`: members recorded in the database. A subquery, not a
        join: other counting subqueries beside it would otherwise run once per membership."""
        members = Network.objects.filter(pk=OuterRef("pk")).annotate(n=Count("memberships")).values("n")
        return self.annotate(named_member_count=Coalesce(Subquery(members), 0))

    def with_leader(self) -> "NetworkQuerySet":
        return self.select_related(
            "edition__figures_source", "leader", "leader_source", "member_count_source"
        )


class Network(models.Model):
    """A thematic network of one edition, led by one of its members."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="networks"
    )
    theme = models.CharField(_("theme"), max_length=40, choices=Theme.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    leader = models.ForeignKey(
        "cities.Member",
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_networks",
        help_text=_("Empty when no source names the leader."),
    )
    leader_source = models.ForeignKey(
        Source,
        verbose_name=_("source naming the leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_member_count = models.PositiveSmallIntegerField(
        _("published number of members"), null=True, blank=True
    )
    member_count_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the number of members"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="network_slug_unique_in_edition"),
            models.UniqueConstraint(fields=["edition", "name"], name="network_name_unique_in_edition"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", args=[self.edition.slug, self.slug])

    @property
    def unnamed_member_count(self) -> int | None:
        """Members the published count has but no source names; needs `with_member_counts()`."""
        if self.published_member_count is None:
            return None
        return max(self.published_member_count - self.named_member_count, 0)


class MidThread(models.Model):
    """One of a network's main MID threads, as the network summarised them."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="mid_threads"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["network", "position"]
        verbose_name = _("main MID thread")
        verbose_name_plural = _("main MID threads")
        constraints = [
            models.UniqueConstraint(fields=["network", "position"], name="mid_thread_position_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class MidFigureMetric(models.TextChoices):
    DRAFTS_HANDED_IN = "drafts-handed-in", _("MID drafts handed in")
    COMPLETE_AFTER_REVIEW = "complete-after-review", _("Complete MIDs after review")


class NetworkMidFigure(models.Model):
    """A published, dated network-level count of MIDs ("MID – stan prac").

    Published only as network totals, so these stay network figures: they are never
    spread onto particular members, whose own status is what they record.
    """

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="mid_figures"
    )
    metric = models.CharField(_("figure"), max_length=40, choices=MidFigureMetric.choices)
    value = models.PositiveSmallIntegerField(_("value"))
    out_of = models.PositiveSmallIntegerField(_("out of"), null=True, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = models.CharField(
        _("precision of the date"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT)

    class Meta:
        ordering = ["network", "metric"]
        verbose_name = _("published MID figure")
        verbose_name_plural = _("published MID figures")
        constraints = [
            # A figure the source gives without a date is one figure too: NULLs are not distinct.
            models.UniqueConstraint(
                fields=["network", "metric", "as_of"], name="network_mid_figure_unique", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=Q(out_of__isnull=True) | Q(value__lte=models.F("out_of")),
                name="network_mid_figure_value_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.get_metric_display()} = {self.value}"


class MeetingKind(models.TextChoices):
    NETWORK_MEETING = "network-meeting", _("Network meeting")
    ALL_NETWORK_WORKSHOP = "all-network-workshop", _("Workshop of all networks")
    STUDY_VISIT = "study-visit", _("Study visit")
    LOCAL_PARTNERSHIP = "local-partnership", _("Local partnership meeting")


class MeetingQuerySet(models.QuerySet):
    def in_edition(self, edition: Edition) -> "MeetingQuerySet":
        return self.filter(edition=edition)

    def with_places(self) -> "MeetingQuerySet":
        return self.select_related("network", "host", "source")

    def chronological(self) -> "MeetingQuerySet":
        return self.order_by("starts_on", "title")


class Meeting(models.Model):
    """A network meeting, a workshop of all networks, a study visit or a local partnership meeting."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="meetings"
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("Empty for events of all networks."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=300)
    host = models.ForeignKey(
        "cities.Member",
        verbose_name=_("host member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the date"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="meeting_ends_after_it_starts",
            ),
            models.UniqueConstraint(fields=["edition", "kind", "title", "starts_on"], name="meeting_unique"),
        ]
        indexes = [
            # The network page's timeline and the dashboard's meeting counts.
            models.Index(fields=["edition", "network", "starts_on"], name="meeting_timeline_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ImprovementPlan(models.Model):
    """A network's improvement plan (Plan Ulepszeń) with its recommendations."""

    network = models.OneToOneField(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="improvement_plan"
    )
    title = models.CharField(_("title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_on_precision = models.CharField(
        _("precision of the date"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    summary = models.TextField(_("summary"), blank=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """A numbered recommendation of an improvement plan for urban policy."""

    plan = models.ForeignKey(
        ImprovementPlan,
        verbose_name=_("improvement plan"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="recommendation_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="recommendation_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class EditionRecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation for the next editions")
    NEXT_STEP = "next-step", _("Next step")


class EditionRecommendation(models.Model):
    """A recommendation an edition made for the editions after it, or a next step it named."""

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="recommendations_for_future",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=EditionRecommendationKind.choices,
        default=EditionRecommendationKind.RECOMMENDATION,
    )
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["edition", "kind", "position"]
        verbose_name = _("recommendation for future editions")
        verbose_name_plural = _("recommendations for future editions")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind", "position"], name="edition_recommendation_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
