"""The overview: the most cited tools, platforms and organisations, and portraits per year."""

from __future__ import annotations

from collections import Counter

from ..charts import bar_chart, column_chart
from ..names import fold
from ..registry import KINDS
from ..site import OVERVIEW, src_of
from .output import Page
from .renderer import Renderer


def overview_page(r: Renderer) -> list[Page]:
    catalogue = r.catalogue
    charts = {kind: bar_chart([(e.name, len(e.references)) for e in
                               sorted(catalogue.entities.get(kind, ()), key=lambda e: (-len(e.references), fold(e.name)))[:12]])
              for kind in ("tools", "platforms", "organizations")}
    years = Counter(p.published.year for p in catalogue.portraits)
    timeline = column_chart([(str(year), years.get(year, 0)) for year in range(min(years), max(years) + 1)])
    return [r.page("overview.md.j2", src_of(OVERVIEW), OVERVIEW, charts=charts, timeline=timeline,
                   totals={kind: len(catalogue.entities.get(kind, ())) for kind in KINDS})]
