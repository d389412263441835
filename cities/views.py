"""Pages of members: the filtered list and its exports, the member card, the map; the
city editor's pages (their members, MID and details) and where each role starts."""

import json
from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cities import invitations, notifications, workflow
from cities.cards import card_member, member_card
from cities.editing import EditConflict, save_mid
from cities.exports import members_csv, members_xlsx, membership_rows
from cities.filters import MembershipFilter
from cities.followup import Deadlines
from cities.forms import MailPreferenceForm, MemberDetailsForm, MidForm
from cities.maps import ColourBy, map_groups
from cities.models import Member, Membership, Mid, MidStatus
from cities.workflow import TransitionError
from networks.selection import chosen_edition_and_all
from pim import map_svg
from pim.auth import load_user_first
from pim.downloads import cached_download
from pim.filtering import active_filters, paginate, without_page
from pim.fragments import SharedFragment
from pim.streaming import started

MEMBERS_PER_PAGE = 25
# Beyond this many members the map's table alternative points to the members list and its
# export (which hold the same data) instead of repeating thousands of rows in the page.
MAP_TABLE_LIMIT = 200


def _filtered_memberships(request: HttpRequest) -> MembershipFilter:
    queryset = Membership.objects.with_mid().order_by("shown_name", "-edition__start_year")
    return MembershipFilter(request.GET, queryset=queryset)


def member_list(request: HttpRequest) -> HttpResponse:
    """The filtered, sorted, paged list; shared by everyone (pim/fragments.py): only a valid
    page is stored, so a page found in the cache is a 200 for these data."""
    fragment = SharedFragment.of(request, "members", parts=("content",))
    if fragment.hit:
        return render(request, "cities/member_list.html", {"fragment": fragment})
    filterset = _filtered_memberships(request)
    valid = filterset.is_valid()
    page = paginate(request, filterset.qs if valid else Membership.objects.none(), MEMBERS_PER_PAGE)
    chosen = filterset.form.cleaned_data if valid else {}
    # Filtered by edition alone, the rows are the members the sources name: the page says
    # how many of the edition's published member count that is (no query: the row count).
    only_edition = bool(chosen.get("edition")) and not any(
        value for key, value in chosen.items() if key not in ("edition", "o")
    )
    return render(
        request,
        "cities/member_list.html",
        {
            "fragment": fragment if valid else None,
            "filterset": filterset,
            "only_edition": chosen.get("edition") if only_edition else None,
            "page": page,
            "active_filters": active_filters(filterset),
            "query_without_page": without_page(request.GET),
            "current_order": request.GET.get("o", ""),
        },
        status=200 if valid else 400,
    )


def member_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The filtered members list as a file; the same for everyone (no column is kept from
    anyone who may see the list), so kept until the data change (pim/downloads.py)."""
    return cached_download(request, lambda: _member_file(request, file_format), vary=(file_format,))


def _member_file(request: HttpRequest, file_format: str) -> HttpResponse:
    filterset = _filtered_memberships(request)
    if not filterset.is_valid():
        return HttpResponse(
            _("The filters are not valid: %(errors)s") % {"errors": filterset.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = membership_rows(filterset.qs)
    if file_format == "xlsx":
        return members_xlsx(rows, "czlonkowie-pim.xlsx")
    excel = file_format == "excel-csv"
    return members_csv(
        started(rows), "czlonkowie-pim-excel.csv" if excel else "czlonkowie-pim.csv", excel=excel
    )


def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's card. Its public parts are shared (pim/fragments.py) by everyone with
    the same right to edit the member; the coordinators and internal notes are rendered
    for each request and only for those who may see them."""
    load_user_first(request)  # before card_member() reads the data version
    member, whole = card_member(slug)
    can_edit = request.user.has_perm("cities.edit_member", member)
    fragment = SharedFragment.of(request, "member-card", parts=("card", "sources"), vary=(can_edit,))
    if not fragment.hit and not whole:
        member = get_object_or_404(Member.objects.select_related("voivodeship_source"), slug=slug)
    return render(
        request,
        "cities/member_detail.html",
        {
            "fragment": fragment,
            "member": member,
            **({} if fragment.hit else member_card(member)),
            "show_internal_notes": request.user.has_perm("cities.view_internal_notes"),
            "can_edit": can_edit,
            **invitations.coordinators_context(request.user, member),
        },
    )


@cache
def poland_geometry() -> dict:
    """Outline and voivodeship borders (static/geo/poland.json), read once per process."""
    path = settings.BASE_DIR / "static" / "geo" / "poland.json"
    return json.loads(path.read_text("utf-8"))


def member_map(request: HttpRequest) -> HttpResponse:
    """Members on a map of Poland, coloured by network, MID status or editions (?colour=)."""
    colour_by = request.GET.get("colour") or ColourBy.NETWORK
    if colour_by not in ColourBy.values:
        message = _("Unknown colouring “%(value)s”: choose one of %(choices)s.")
        return HttpResponse(
            message % {"value": colour_by, "choices": ", ".join(ColourBy.values)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    fragment = SharedFragment.of(request, "map", parts=("description", "breadcrumbs", "content"))
    if fragment.hit:
        return render(request, "cities/member_map.html", {"fragment": fragment})
    edition, editions = chosen_edition_and_all(request)
    groups, without_coordinates = map_groups(edition, colour_by)
    titles = {
        ColourBy.NETWORK: _("Members of %(edition)s by network"),
        ColourBy.STATUS: _("Members of %(edition)s by the MID status recorded"),
        ColourBy.EDITION: _("Members of every edition by the editions they took part in"),
    }
    source_line = _("Seats of the members named in the sources; borders: Natural Earth (public domain).")
    return render(
        request,
        "cities/member_map.html",
        {
            "fragment": fragment,
            "edition": edition,
            "editions": editions,
            "colour_by": colour_by,
            "colourings": ColourBy.choices,
            "groups": groups,
            "map": map_svg.members_map(groups, poland_geometry()),
            "chart_title": titles[colour_by] % {"edition": edition.name},
            "source_line": source_line,
            "without_coordinates": without_coordinates,
            "member_count": sum(len(located) for _, located in groups) + len(without_coordinates),
            "table_limit": MAP_TABLE_LIMIT,
        },
    )


@login_required
def mid_edit(request: HttpRequest, slug: str, edition_slug: str) -> HttpResponse:
    """The member's editor (or an admin) updates the MID and takes the city's steps; a
    concurrent save is caught; the ministry's comments and the deadlines are shown."""
    mid = get_object_or_404(
        Mid.objects.select_related("member", "edition"), member__slug=slug, edition__slug=edition_slug
    )
    if not request.user.has_perm("cities.edit_mid", mid):
        raise PermissionDenied(_("You may edit only the MIDs of your own member."))
    conflict = None
    if request.method == "POST":
        form = MidForm(request.POST, request.FILES, instance=mid, user=request.user)
        if form.is_valid():
            try:
                save_mid(
                    mid.pk,
                    form.cleaned_data["version"],
                    form.submitted_values(),
                    form.cleaned_data["status"],
                    form.cleaned_data["status_on"],
                    request.user,
                    form.cleaned_data["comment"],
                )
            except EditConflict as error:
                conflict = error
                # The editor's values stay in the form; saving again overwrites knowingly.
                form.data = form.data.copy()
                form.data["version"] = error.current.version
            except (TransitionError, PermissionDenied) as error:
                form.add_error("status", str(error))
            else:
                messages.success(request, _("The MID is saved."))
                return redirect(mid.member)
    else:
        form = MidForm(instance=mid, user=request.user)
    steps = workflow.step_records(mid)
    deadlines = Deadlines.of(mid.edition)
    return render(
        request,
        "cities/mid_edit.html",
        {
            "mid": mid,
            "member": mid.member,
            "form": form,
            "conflict": conflict,
            "steps": steps,
            "returned": steps[0] if steps and mid.status == MidStatus.RETURNED else None,
            "deadlines": deadlines,
            "overdue": deadlines.overdue(mid.status),
            "status_order": [MidStatus(status).label for status in workflow.MAIN_LINE],
        },
        status=409 if conflict else 200,
    )


@login_required
def member_edit(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member, slug=slug)
    if not request.user.has_perm("cities.edit_member", member):
        raise PermissionDenied(_("You may edit only your own member's details."))
    form = MemberDetailsForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The details are saved."))
        return redirect(member)
    return render(request, "cities/member_edit.html", {"member": member, "form": form})


def mid_document(request: HttpRequest, slug: str, edition_slug: str) -> FileResponse:
    """The uploaded MID document, served as a download (MIDs are public results)."""
    mid = get_object_or_404(Mid, member__slug=slug, edition__slug=edition_slug)
    if not mid.document:
        raise Http404("No document.")
    return FileResponse(
        mid.document.open("rb"),
        as_attachment=True,
        filename=f"MID-{slug}-{edition_slug}.pdf",
        content_type="application/pdf",
    )


@login_required
def my_members(request: HttpRequest) -> HttpResponse:
    """The members this user edits, with their MIDs to update."""
    members = request.user.edited_members.prefetch_related(
        Prefetch("mids", queryset=Mid.objects.select_related("edition").order_by("-edition__start_year"))
    ).order_by("name")
    return render(request, "cities/my_members.html", {"members": members})


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where a login leads: admins to the admin site, ministry staff to their review
    queue, everyone else to the members they edit."""
    if request.user.is_superuser:
        return redirect("admin:index")
    if request.user.has_perm("cities.follow_up"):
        return redirect("cities:follow-up")
    return redirect("cities:my-members")


@login_required
def mail_preference(request: HttpRequest) -> HttpResponse:
    """The user's choice: each notification at once, or one digest a day."""
    current = "daily" if notifications.wants_daily_digest(request.user) else "now"
    form = MailPreferenceForm(request.POST or None, initial={"delivery": current})
    if request.method == "POST" and form.is_valid():
        notifications.set_daily_digest(request.user, form.cleaned_data["delivery"] == "daily")
        messages.success(request, _("Your choice is saved."))
        return redirect("cities:mail-preference")
    return render(request, "cities/mail_preference.html", {"form": form})
