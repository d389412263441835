"""The ministry's pages of the MID workflow: reviewing a handed-in MID, and the follow-up
page ("Do przeglądu / Do przypomnienia") with its one-click reminders."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cities import followup, workflow
from cities.editing import EditConflict, review_mid
from cities.forms import ReviewForm
from cities.models import Member, Mid, MidStatus
from networks.models import Edition, Network
from networks.selection import chosen_edition_and_all
from pim.filtering import paginate

REVIEW_ROWS = 100
REMIND_PER_PAGE = 50


def _follow_up_url(edition: Edition) -> str:
    return f"{reverse('cities:follow-up')}?edition={edition.slug}"


@login_required
def mid_review(request: HttpRequest, slug: str, edition_slug: str) -> HttpResponse:
    """Ministry staff (or an admin) accept a handed-in MID or return it with a comment,
    judging the version they see: a MID that changed meanwhile is not reviewed blind."""
    mid = get_object_or_404(
        Mid.objects.select_related("member", "edition", "updated_by"),
        member__slug=slug,
        edition__slug=edition_slug,
    )
    if not request.user.has_perm("cities.review_mid", mid):
        raise PermissionDenied(_("Only ministry staff and admins review MIDs."))
    conflict = None
    form = ReviewForm(request.POST or None, initial={"version": mid.version})
    if request.method == "POST" and form.is_valid():
        try:
            review_mid(
                mid.pk,
                form.cleaned_data["version"],
                form.target(),
                form.cleaned_data["on"],
                form.cleaned_data["comment"],
                request.user,
            )
        except EditConflict as error:
            conflict, mid = error, error.current
            # The reviewer's comment stays; deciding again now judges the current version.
            form.data = form.data.copy()
            form.data["version"] = mid.version
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
        else:
            done = (
                _("%(member)s: the MID is accepted as complete; its editors are told.")
                if form.target() == MidStatus.COMPLETE
                else _("%(member)s: the MID is returned to the city with your comment; its editors are told.")
            )
            messages.success(request, done % {"member": mid.member.name})
            return redirect(_follow_up_url(mid.edition))
    deadlines = followup.Deadlines.of(mid.edition)
    return render(
        request,
        "cities/mid_review.html",
        {
            "mid": mid,
            "member": mid.member,
            "form": form,
            "conflict": conflict,
            "steps": workflow.step_records(mid),
            "awaiting_review": mid.status == MidStatus.DRAFT,
            "deadlines": deadlines,
            "overdue": deadlines.overdue(mid.status),
        },
        status=409 if conflict else 200,
    )


def _chosen_network(request: HttpRequest, networks: list[Network]) -> Network | None:
    slug = request.GET.get("network")
    if not slug:
        return None
    network = next((network for network in networks if network.slug == slug), None)
    if network is None:
        raise Http404("No such network in this edition.")
    return network


@login_required
def follow_up(request: HttpRequest) -> HttpResponse:
    """MIDs waiting for review (oldest first) and members to remind, per network, with the
    edition's deadlines; a fixed number of queries at any scale."""
    if not request.user.has_perm("cities.follow_up"):
        raise PermissionDenied(_("The follow-up is for ministry staff and admins."))
    edition, editions = chosen_edition_and_all(request)
    networks = list(Network.objects.in_edition(edition))
    network = _chosen_network(request, networks)
    deadlines = followup.Deadlines.of(edition)
    waiting = list(followup.waiting_for_review(edition, network)[: REVIEW_ROWS + 1])
    page = paginate(request, followup.to_remind(edition, network), REMIND_PER_PAGE)
    for row in [*waiting, *page.object_list]:
        row.overdue = deadlines.overdue(row.mid_status)
    counts = followup.counts_by_network(edition)
    for option in networks:
        option.counts = counts.get(option.pk, {"waiting": 0, "to_remind": 0})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cities/follow_up.html",
        {
            "edition": edition,
            "editions": editions,
            "networks": networks,
            "network": network,
            "deadlines": deadlines,
            "waiting": waiting[:REVIEW_ROWS],
            "more_waiting": len(waiting) > REVIEW_ROWS,
            "page": page,
            "query_without_page": query.urlencode(),
            "stale_days": settings.FOLLOW_UP_STALE_DAYS,
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, slug: str, edition_slug: str) -> HttpResponse:
    """One click: mail the member's editors a reminder about the edition's MID (rate-limited)."""
    if not request.user.has_perm("cities.follow_up"):
        raise PermissionDenied(_("Only ministry staff and admins send reminders."))
    member = get_object_or_404(Member, slug=slug)
    edition = get_object_or_404(Edition, slug=edition_slug)
    try:
        reminder = followup.remind(member, edition, request.user)
    except followup.ReminderRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(member)s: a reminder is on its way to %(count)d editor.",
                "%(member)s: a reminder is on its way to %(count)d editors.",
                reminder.recipient_count,
            )
            % {"member": member.name, "count": reminder.recipient_count},
        )
    # Back to the same page of the list the click came from.
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = _follow_up_url(edition)
    return redirect(back)
