"""Which edition a page shows: the one `?edition=slug` names, or the default one.

Shared by every app's pages, exports and the API, so that the same address means the
same edition everywhere.
"""

import copy

from django.http import Http404, HttpRequest
from django.utils.translation import get_language

from networks.models import Edition
from pim import data_version

# The switcher's editions as last read by this process: ((data version, language), editions).
# Every page lists them; they change only when the data does, so the version names them.
_switcher_memo: tuple[tuple[int, str], list[Edition]] | None = None


def edition_or_404(request: HttpRequest) -> Edition:
    """The edition chosen by `?edition=slug`, or the default one; one query."""
    edition = Edition.objects.chosen(request.GET.get("edition"))
    if edition is None:
        raise Http404("No such edition.")
    return edition


def editions_for_switcher() -> list[Edition]:
    """Every edition, in the order the edition picker lists them; one query, none when this
    process read them for the current data version and language (copies: a page may
    annotate its edition without touching another request's)."""
    global _switcher_memo
    key = (data_version.current(), get_language())
    memo = _switcher_memo
    if memo is None or memo[0] != key:
        editions = list(
            Edition.objects.default_first().select_related("figures_source", "member_count_source")
        )
        memo = _switcher_memo = (key, editions)
    return [copy.copy(edition) for edition in memo[1]]


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
