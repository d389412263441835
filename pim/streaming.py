"""Streamed downloads that either complete or fail with an error status."""

from collections.abc import Iterable, Iterator
from itertools import chain, islice


def started(rows: Iterable) -> Iterator:
    """The same rows, the first of them already fetched (running the query, for a queryset).

    A streamed response sends its status before its body: a database that fails before the
    first row would otherwise give a 200 with the header row only. Fetched in the view, the
    failure is the 503 it should be; a failure later cuts the download short, which the
    client sees as an incomplete transfer, never as a complete file.
    """
    rows = iter(rows)
    return chain(list(islice(rows, 1)), rows)
