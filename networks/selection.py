"""Which edition a page shows: the one `?edition=slug` names, or the default one.

Shared by every app's pages, exports and the API, so that the same address means the
same edition everywhere.
"""

from django.http import Http404, HttpRequest

from networks.models import Edition


def edition_or_404(request: HttpRequest) -> Edition:
    """The edition chosen by `?edition=slug`, or the default one; one query."""
    edition = Edition.objects.chosen(request.GET.get("edition"))
    if edition is None:
        raise Http404("No such edition.")
    return edition


def editions_for_switcher() -> list[Edition]:
    """Every edition, in the order the edition picker lists them; one query."""
    return list(Edition.objects.default_first().select_related("figures_source", "member_count_source"))


def chosen_edition_and_all(request: HttpRequest) -> tuple[Edition, list[Edition]]:
    """The edition `?edition=slug` chooses (or the default one) and every edition for the
    switcher, in one query; 404 for an unknown slug."""
    editions = editions_for_switcher()
    slug = request.GET.get("edition")
    if slug:
        edition = next((e for e in editions if e.slug == slug), None)
    else:  # the most recent real edition with data, as Edition.objects.chosen() picks it
        edition = next((e for e in editions if e.has_data and not e.is_synthetic), None) or next(
            iter(editions), None
        )
    if edition is None:
        raise Http404("No such edition.")
    return edition, editions
