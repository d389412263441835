"""What the library, the search and the reports read; pages and tests use only these."""

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cities.models import Membership, Mid
from networks.models import ImprovementPlan


def library_mids() -> QuerySet[Mid]:
    """Every MID with member, edition, the id of its network in that edition (`network_pk`;
    None when no source says which), `has_document` and `document_date`, the date of the
    furthest step reached; one query, newest edition first."""
    membership = Membership.objects.filter(
        member=OuterRef("member"), edition=OuterRef("edition"), network__isnull=False
    ).order_by("network__position")
    return (
        Mid.objects.select_related("member", "edition")
        .annotate(
            network_pk=Subquery(membership.values("network")[:1]),
            # The steps come in order, so the latest date stamped is the furthest step's.
            document_date=Coalesce("implementation_started_on", "completed_on", "draft_handed_in_on"),
            has_document=Q(~Q(document="") | ~Q(document_url="")),
        )
        .order_by("-edition__start_year", "member__name")
    )


def library_plans(edition=None, network=None) -> QuerySet[ImprovementPlan]:
    """Improvement plans with network, edition and source, of the edition or network
    when given; one query."""
    plans = ImprovementPlan.objects.select_related("network__edition", "source").order_by(
        "-network__edition__start_year", "network__position"
    )
    if edition is not None:
        plans = plans.filter(network__edition=edition)
    if network is not None:
        plans = plans.filter(network=network)
    return plans
