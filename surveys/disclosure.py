"""Which breakdowns of a survey's results may be shown without revealing a small group.

A breakdown (all respondents, one network, one role, or a network and a role together)
is a set of respondents, and every figure shown for it (each answer's count and share,
"no answer or not shown" included, means, n) is a sum over that set. Anyone can add and
subtract the figures of the breakdowns we show. Whatever they compute that way weighs
each respondent by a number that depends only on which shown breakdowns the respondent
is in. So the respondents fall into *atoms*, groups that are in exactly the same shown
breakdowns, and only unions of atoms can ever be isolated by adding and subtracting.

The rule: a breakdown is shown only if it has at least 5 respondents and, with it,
every atom of the shown breakdowns has none or at least 5 respondents. That holds a
breakdown's complement within the total to 0 or ≥ 5 (complementary suppression), what
the withheld categories of a dimension add up to likewise (secondary suppression: the
next smallest category is withheld too), and a network-and-role cell to the same test
against its row, its column and everything else shown. The decision reads respondent
counts only, never answers, so which breakdowns are withheld says nothing about answers.
"""

import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

# Fewer respondents than this in any group whose answers can be computed could identify people.
MINIMUM_RESPONDENTS = 5

# (network slug or None, role) of a respondent; None: no network this survey's filter offers.
Cell = tuple[str | None, str]


@dataclass(frozen=True)
class Breakdown:
    """The respondents a page, export or API call asks about: all of them, those of one
    network (slug), of one role, or of both."""

    network: str | None = None
    role: str | None = None

    def __post_init__(self):
        # "" (a filter left at "All") means no filter; a role enum member is its value, so
        # equal breakdowns share one cache key however they were written.
        for name in ("network", "role"):
            value = getattr(self, name)
            object.__setattr__(self, name, str(value) if value else None)

    def covers(self, cell: Cell) -> bool:
        network, role = cell
        return (self.network is None or self.network == network) and (self.role is None or self.role == role)

    @property
    def is_total(self) -> bool:
        return self.network is None and self.role is None

    def parameters(self) -> dict[str, str]:
        """The breakdown as query parameters (the filters' names), without empty ones."""
        return {name: value for name, value in (("network", self.network), ("role", self.role)) if value}


class Disclosure(models.TextChoices):
    SHOWN = "shown", _("Shown")
    EMPTY = "empty", _("No responses")
    TOO_FEW = "too-few", _("Withheld: fewer than 5 respondents")
    SUBTRACTION = "subtraction", _("Withheld: would reveal a smaller group by subtraction")


@dataclass(frozen=True)
class DisclosurePlan:
    """The respondents of every (network, role) cell of a survey, the verdict on every
    breakdown that has respondents (those without any are EMPTY), and what the pages
    name the cells by: network names and the provenances of each cell's responses."""

    counts: Mapping[Cell, int]
    verdicts: Mapping[Breakdown, Disclosure]
    network_names: Mapping[str, str] = field(default_factory=dict)
    provenances: Mapping[Cell, frozenset[str]] = field(default_factory=dict)

    def respondents(self, breakdown: Breakdown) -> int:
        return sum(n for cell, n in self.counts.items() if breakdown.covers(cell))

    def provenances_of(self, breakdown: Breakdown) -> frozenset[str]:
        covered = [kinds for cell, kinds in self.provenances.items() if breakdown.covers(cell)]
        return frozenset().union(*covered)

    def verdict(self, breakdown: Breakdown) -> Disclosure:
        return self.verdicts.get(breakdown, Disclosure.EMPTY)

    def shown(self, breakdown: Breakdown) -> bool:
        return self.verdict(breakdown) == Disclosure.SHOWN

    def shown_breakdowns(self) -> list[Breakdown]:
        """Every breakdown with figures to show: the total first, then by network, by role,
        and network-and-role cells, each in the order the plan considered them."""
        return [breakdown for breakdown, verdict in self.verdicts.items() if verdict == Disclosure.SHOWN]


def _candidates(counts: Mapping[Cell, int]) -> list[Breakdown]:
    """The breakdowns with respondents, in the order they are given the chance to be shown:
    one-filter breakdowns before cells (they serve more readers), larger before smaller
    (so the smallest categories are the ones withheld), then networks before roles."""
    networks: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    for (network, role), n in counts.items():
        if network is not None:
            networks[network] += n
        roles[role] += n
    marginals = [(n, 0, Breakdown(network=slug)) for slug, n in networks.items()]
    marginals += [(n, 1, Breakdown(role=role)) for role, n in roles.items()]
    cells = [(n, 2, Breakdown(*cell)) for cell, n in counts.items() if cell[0] is not None]

    def order(item):
        n, dimension, breakdown = item
        return (-n, dimension, breakdown.network or "", breakdown.role or "")

    return [breakdown for _, _, breakdown in sorted(marginals, key=order) + sorted(cells, key=order)]


def plan_disclosure(
    counts: Mapping[Cell, int],
    network_names: Mapping[str, str] | None = None,
    provenances: Mapping[Cell, frozenset[str]] | None = None,
) -> DisclosurePlan:
    """The verdict on every breakdown of a survey with these respondents per cell.

    Pure and cheap: each breakdown considered costs a pass over the cells it covers (a
    network's roles, a role's networks, or one cell), not over the whole table.
    """
    counts = {cell: n for cell, n in counts.items() if n > 0}
    total = sum(counts.values())
    verdicts: dict[Breakdown, Disclosure] = {}
    if total == 0:
        return DisclosurePlan(counts, verdicts, dict(network_names or {}), dict(provenances or {}))
    verdicts[Breakdown()] = Disclosure.SHOWN if total >= MINIMUM_RESPONDENTS else Disclosure.TOO_FEW
    by_network: dict[str | None, list[Cell]] = {}
    by_role: dict[str, list[Cell]] = {}
    for cell in counts:
        by_network.setdefault(cell[0], []).append(cell)
        by_role.setdefault(cell[1], []).append(cell)
    # Every respondent is in one atom while only the total is shown.
    atom_of = dict.fromkeys(counts, 0)
    atom_size = {0: total}
    new_atoms = itertools.count(1)
    for breakdown in _candidates(counts):
        if breakdown.network is not None and breakdown.role is not None:
            covered = [(breakdown.network, breakdown.role)]
        elif breakdown.network is not None:
            covered = by_network[breakdown.network]
        else:
            covered = by_role[breakdown.role]
        inside: Counter[int] = Counter()
        for cell in covered:
            inside[atom_of[cell]] += counts[cell]
        if sum(inside.values()) < MINIMUM_RESPONDENTS:
            verdicts[breakdown] = Disclosure.TOO_FEW
            continue
        # Showing the breakdown splits each atom it touches into the part inside and the
        # part outside; both must be empty or have at least the minimum.
        if not all(_safe(n) and _safe(atom_size[atom] - n) for atom, n in inside.items()):
            verdicts[breakdown] = Disclosure.SUBTRACTION
            continue
        split = {}
        for atom, n in inside.items():
            if n == atom_size[atom]:  # wholly inside: the atom does not split
                split[atom] = atom
            else:
                split[atom] = next_atom = next(new_atoms)
                atom_size[atom] -= n
                atom_size[next_atom] = n
        for cell in covered:
            atom_of[cell] = split[atom_of[cell]]
        verdicts[breakdown] = Disclosure.SHOWN
    return DisclosurePlan(counts, verdicts, dict(network_names or {}), dict(provenances or {}))


def _safe(respondents: int) -> bool:
    return respondents == 0 or respondents >= MINIMUM_RESPONDENTS
