"""MID statuses over time, read from the history django-simple-history keeps of every MID.

Each history row holds a MID's state from its `history_date` until the next row of the same
MID (`superseded_on`, from a window function over one index scan of the edition's rows); a
MID's state at a month's end is the row whose span covers it. Joining the handful of months
against those spans replaces a lateral DISTINCT ON per month, whose row estimates (a
thousand months per series) also made PostgreSQL compile the query just in time: a cost of
tens of milliseconds for a few thousand rows.
"""

from django.db import connection

from cities.models import MidStatus
from networks.models import Edition, Network

# At most this many months are shown: the most recent ones.
MONTHS = 24
# The per-network comparison shows fewer months than one network's own chart: one bar per
# network and month has to stay readable on A4.
NETWORK_MONTHS = 6

# The edition's history rows (of the network's members when one is given), each with the
# moment the MID's next row replaced it (NULL for its latest), and the months shown: the
# last %(months)s, from the month of the first row kept. MATERIALIZED: the month bounds are
# computed once, not for every pair of month and row.
SPANS = """
WITH spans AS (
    SELECT h.member_id, h.status, h.history_type, h.history_date,
           lead(h.history_date) OVER (PARTITION BY h.id ORDER BY h.history_date, h.history_id)
               AS superseded_on
    FROM cities_historicalmid h
    WHERE h.edition_id = %(edition)s
      AND (%(network)s::bigint IS NULL OR h.member_id IN (
          SELECT member_id FROM cities_membership WHERE network_id = %(network)s))
),
months AS MATERIALIZED (
    SELECT n, date_trunc('month', now()) - make_interval(months => n) AS month,
           date_trunc('month', now()) - make_interval(months => n - 1) AS month_end
    FROM generate_series(0, %(months)s - 1) AS n
    WHERE date_trunc('month', now()) - make_interval(months => n)
          >= (SELECT date_trunc('month', min(history_date)) FROM spans)
)
"""

# A MID counts in a month when its row at the month's end is not its deletion.
AT_MONTH_END = """
    s.history_date < months.month_end
    AND (s.superseded_on IS NULL OR s.superseded_on >= months.month_end)
    AND s.history_type <> '-'
"""

STATUSES_SQL = f"""
{SPANS}
SELECT 'status', to_char(months.month, 'YYYY-MM'), s.status, count(*)
FROM months JOIN spans s ON {AT_MONTH_END}
GROUP BY 2, 3
"""

# Per network of the edition, the MIDs with a status recorded; the months start at the
# first row of a member of a network.
NETWORKS_SQL = f"""
SELECT 'network', to_char(months.month, 'YYYY-MM'), m.network_id::text,
       count(*) FILTER (WHERE s.status <> 'not-reported')
FROM spans s
JOIN cities_membership m
  ON m.member_id = s.member_id AND m.edition_id = %(edition)s AND m.network_id IS NOT NULL
JOIN months ON months.n < %(network_months)s AND {AT_MONTH_END}
WHERE months.month_end > (
    SELECT min(f.history_date) FROM spans f
    WHERE f.member_id IN (
        SELECT member_id FROM cities_membership
        WHERE edition_id = %(edition)s AND network_id IS NOT NULL))
GROUP BY 2, 3
"""


def _read(sql: str, edition: Edition, network: Network | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            sql + "ORDER BY 2",
            {
                "edition": edition.pk,
                "network": network.pk if network else None,
                "months": MONTHS,
                "network_months": NETWORK_MONTHS,
            },
        )
        return cursor.fetchall()


def _by_status(rows) -> list[tuple[str, dict[str, int]]]:
    months: dict[str, dict[str, int]] = {}
    for _kind, month, status, count in rows:
        months.setdefault(month, dict.fromkeys(MidStatus.values, 0))[status] = count
    return list(months.items())


def _by_network(rows) -> list[tuple[str, dict[int, int]]]:
    months: dict[str, dict[int, int]] = {}
    for _kind, month, network_id, count in rows:
        months.setdefault(month, {})[int(network_id)] = count
    return list(months.items())


def statuses_by_month(edition: Edition, network: Network | None = None) -> list[tuple[str, dict[str, int]]]:
    """[("YYYY-MM", {status: MIDs in it at the month's end})…] for the edition's MIDs (of
    the network's members when given), oldest month first, every status present, from the
    month of the first record kept; one query. Empty when no history is kept."""
    return _by_status(_read(STATUSES_SQL, edition, network))


def recorded_by_network_and_month(edition: Edition) -> list[tuple[str, dict[int, int]]]:
    """[("YYYY-MM", {network id: MIDs with a status recorded (anything but "not recorded")
    at the month's end})…] for the edition's networks, oldest month first, the last
    NETWORK_MONTHS months at most; one query. Empty when no history is kept."""
    return _by_network(_read(SPANS + NETWORKS_SQL, edition))


def edition_history(edition: Edition) -> tuple[list, list]:
    """statuses_by_month(edition) and recorded_by_network_and_month(edition) together, from
    one scan of the edition's history; one query."""
    rows = _read(f"{STATUSES_SQL} UNION ALL {NETWORKS_SQL}", edition)
    return (
        _by_status(row for row in rows if row[0] == "status"),
        _by_network(row for row in rows if row[0] == "network"),
    )
