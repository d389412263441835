"""MID statuses over time, read from the history django-simple-history keeps of every MID."""

from django.db import connection

from cities.models import MidStatus
from networks.models import Edition, Network

# At most this many months are shown: the most recent ones.
MONTHS = 24

SQL = """
WITH scoped AS (
    SELECT h.id, h.status, h.history_type, h.history_date, h.history_id
    FROM cities_historicalmid h
    WHERE h.edition_id = %(edition)s
      AND (%(network)s::bigint IS NULL OR h.member_id IN (
          SELECT member_id FROM cities_membership WHERE network_id = %(network)s))
),
months AS (
    SELECT generate_series(
        greatest(date_trunc('month', min(history_date)),
                 date_trunc('month', now()) - make_interval(months => %(months)s - 1)),
        date_trunc('month', now()), interval '1 month') AS month
    FROM scoped
)
SELECT to_char(months.month, 'YYYY-MM'), latest.status, count(*)
FROM months CROSS JOIN LATERAL (
    SELECT DISTINCT ON (s.id) s.status, s.history_type
    FROM scoped s
    WHERE s.history_date < months.month + interval '1 month'
    ORDER BY s.id, s.history_date DESC, s.history_id DESC
) latest
WHERE latest.history_type <> '-'
GROUP BY 1, 2
ORDER BY 1
"""


def statuses_by_month(edition: Edition, network: Network | None = None) -> list[tuple[str, dict[str, int]]]:
    """[("YYYY-MM", {status: MIDs in it at the month's end})…] for the edition's MIDs (of
    the network's members when given), oldest month first, every status present, from the
    month of the first record kept; one query. Empty when no history is kept."""
    with connection.cursor() as cursor:
        cursor.execute(
            SQL, {"edition": edition.pk, "network": network.pk if network else None, "months": MONTHS}
        )
        rows = cursor.fetchall()
    months: dict[str, dict[str, int]] = {}
    for month, status, count in rows:
        months.setdefault(month, dict.fromkeys(MidStatus.values, 0))[status] = count
    return list(months.items())


BY_NETWORK_SQL = """
WITH scoped AS (
    SELECT m.network_id, h.id, h.status, h.history_type, h.history_date, h.history_id
    FROM cities_historicalmid h
    JOIN cities_membership m
      ON m.member_id = h.member_id AND m.edition_id = h.edition_id AND m.network_id IS NOT NULL
    WHERE h.edition_id = %(edition)s
),
months AS (
    SELECT generate_series(
        greatest(date_trunc('month', min(history_date)),
                 date_trunc('month', now()) - make_interval(months => %(months)s - 1)),
        date_trunc('month', now()), interval '1 month') AS month
    FROM scoped
)
SELECT to_char(months.month, 'YYYY-MM'), latest.network_id,
       count(*) FILTER (WHERE latest.status <> 'not-reported')
FROM months CROSS JOIN LATERAL (
    SELECT DISTINCT ON (s.network_id, s.id) s.network_id, s.status, s.history_type
    FROM scoped s
    WHERE s.history_date < months.month + interval '1 month'
    ORDER BY s.network_id, s.id, s.history_date DESC, s.history_id DESC
) latest
WHERE latest.history_type <> '-'
GROUP BY 1, 2
ORDER BY 1
"""

# The per-network comparison shows fewer months than one network's own chart: one bar per
# network and month has to stay readable on A4.
NETWORK_MONTHS = 6


def recorded_by_network_and_month(edition: Edition) -> list[tuple[str, dict[int, int]]]:
    """[("YYYY-MM", {network id: MIDs with a status recorded (anything but "not recorded")
    at the month's end})…] for the edition's networks, oldest month first, the last
    NETWORK_MONTHS months at most; one query. Empty when no history is kept."""
    with connection.cursor() as cursor:
        cursor.execute(BY_NETWORK_SQL, {"edition": edition.pk, "months": NETWORK_MONTHS})
        rows = cursor.fetchall()
    months: dict[str, dict[int, int]] = {}
    for month, network_id, count in rows:
        months.setdefault(month, {})[network_id] = count
    return list(months.items())
