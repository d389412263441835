"""Helpers shared by the list pages that use django-filter."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, QueryDict


def active_filters(filterset, ignore: tuple[str, ...] = ("o", "page")) -> list[tuple[str, str]]:
    """(label, value as shown) of every filter the user set, for "filtered by …" text."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    described = []
    for name, value in filterset.form.cleaned_data.items():
        if name in ignore or value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        # Only a plain choice is looked up: a model choice's value is its object, and reading
        # a model choice field's choices runs its query again.
        shown = (
            dict(getattr(field, "choices", []) or []).get(value, value) if isinstance(value, str) else value
        )
        described.append((str(field.label), str(shown)))
    return described


def paginate(request, items, per_page: int) -> Page:
    """The requested page of `items`; a page number that is not a page is a 404."""
    try:
        return Paginator(items, per_page).page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error


def without_page(query: QueryDict) -> str:
    """The query string minus its page number: what export links and sort links keep."""
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()
