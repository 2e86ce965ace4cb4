"""Lists split over numbered pages (home, question, entity), with bounded page links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..site import numbered_url


@dataclass(frozen=True)
class Pager:
    """Page `number` of `count` of a list whose first page is at `base`."""

    number: int
    count: int
    base: str

    def url(self, number: int) -> str:
        return numbered_url(self.base, number)

    @property
    def newer(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    def window(self) -> list[int | None]:
        """Page numbers to show: first, last and two either side; None marks a gap. Bounded,
        so no page grows with the number of pages."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        result: list[int | None] = []
        for n in shown:
            if result and n - (result[-1] or 0) > 1:
                result.append(None)
            result.append(n)
        return result


def paginate(items: Sequence, per_page: int, base: str) -> list[tuple[Pager, Sequence]]:
    count = max(1, -(-len(items) // per_page))
    return [(Pager(n, count, base), items[(n - 1) * per_page: n * per_page]) for n in range(1, count + 1)]
