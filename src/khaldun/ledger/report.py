"""A situation report: one self-contained HTML file (charts embedded as PNG) a person would rather read than query.

Totals by type and area, a map of the incidents, each claimant's toll series, the contested incidents with each
side's figures, and every line linked to its sources. All text from articles is escaped.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..io.exports import claim_line, country_display
from ..model import Incident, TollPoint, thousands

if TYPE_CHECKING:
    from .facade import Ledger

STYLE = """body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #eee;padding:.2rem .6rem;text-align:left}
td.n{text-align:right}.muted{color:#666}.contested{border-left:4px solid #b44;padding-left:.6rem;margin:.8rem 0}
img{max-width:100%}blockquote{margin:.2rem 0 .2rem 1rem;color:#444;font-size:.9em}"""


def _figure(size: tuple[float, float]):
    """A new matplotlib figure drawn off-screen (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size)


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def map_image(incidents: list[Incident]) -> str | None:
    """Incidents as points sized by the killed figure, on longitude/latitude axes (no tiles: works offline)."""
    placed = [i for i in incidents if i.latitude is not None]
    if not placed:
        return None
    fig, ax = _figure((7, 5))
    for contested in (False, True):
        pts = [i for i in placed if i.contested == contested]
        if pts:
            ax.scatter([i.longitude for i in pts], [i.latitude for i in pts], s=[20 + 8 * min(i.killed or 0, 50) for i in pts],
                       alpha=.6, c="#b44" if contested else "#357", label="contested figures" if contested else "incident")
    for name, _count in Counter(i.location for i in placed if i.location).most_common(8):
        first = next(i for i in placed if i.location == name)
        ax.annotate(name, (first.longitude, first.latitude), fontsize=8, xytext=(4, 4), textcoords="offset points")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(alpha=.3)
    ax.legend(loc="best", fontsize=8)
    return _png(fig)


def toll_chart(claimant: str, series: dict[str, list[TollPoint]]) -> str | None:
    fig, ax = _figure((7, 3))
    drawn = False
    for scope, points in series.items():
        pts = [p for p in points if p.as_of and p.killed is not None]
        if not pts:
            continue
        ax.plot([p.as_of for p in pts], [p.killed for p in pts], marker="o", label=scope[:40])
        for p in pts:
            if p.decrease or p.jump:
                ax.annotate("decrease" if p.decrease else "jump", (p.as_of, p.killed), fontsize=7, color="#b44")
        drawn = True
    if not drawn:
        import matplotlib.pyplot as plt

        plt.close(fig)
        return None
    ax.set_title(f"Killed, as claimed by {claimant}", fontsize=10)
    ax.legend(fontsize=7)
    ax.grid(alpha=.3)
    fig.autofmt_xdate()
    return _png(fig)


def _link(claim) -> str:
    label = html.escape(claim.outlet or claim.article_id)
    if claim.url and claim.url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(claim.url, quote=True)}">{label}</a>'
    return label


def _sources(incident: Incident) -> str:
    return ", ".join(dict.fromkeys(_link(c) for c in incident.claims))


def _ranges(incident: Incident) -> str:
    """The claims' ranges of the figures the incident has ("killed 7–12; wounded 3–5"), never "None–None"."""
    parts = [f"{word} {thousands(low)}–{thousands(high)}" if low != high else f"{word} {thousands(low)}"
             for word, low, high in (("killed", incident.killed_low, incident.killed_high),
                                     ("wounded", incident.wounded_low, incident.wounded_high)) if low is not None]
    return "; ".join(parts) or "no figure"


def render(incidents: list[Incident], points: list[TollPoint], title: str, since: dt.date | None, until: dt.date | None) -> str:
    e = html.escape
    period = f"{since or 'the start'} to {until or 'now'}"
    out = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{e(title)}</title><style>{STYLE}</style></head><body>",
           f"<h1>{e(title)}</h1><p class=muted>{e(period)} · {len(incidents)} incident(s) from "
           f"{len({a for i in incidents for a in i.article_ids})} article(s) · generated {dt.date.today()} by khaldun. "
           "Figures are claims: each is shown with who makes it.</p>"]
    killed = sum(i.killed or 0 for i in incidents)
    out.append(f"<p>Incidents: <b>{len(incidents)}</b>; killed by the lowest claimed figure per incident: <b>{thousands(killed)}</b>; "
               f"incidents with contested figures: <b>{sum(i.contested for i in incidents)}</b>.</p>")
    by_type: dict[str, list[Incident]] = defaultdict(list)
    for i in incidents:
        by_type[f"{i.event_type} / {i.sub_event_type}"].append(i)
    out.append("<h2>By type</h2><table><tr><th>type</th><th>incidents</th><th>killed (lowest)</th><th>killed (highest claimed)</th></tr>")
    for name, group in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
        out.append(f"<tr><td>{e(name)}</td><td class=n>{len(group)}</td><td class=n>{thousands(sum(i.killed or 0 for i in group))}</td>"
                   f"<td class=n>{thousands(sum(i.killed_high or 0 for i in group))}</td></tr>")
    out.append("</table>")
    by_area: dict[str, list[Incident]] = defaultdict(list)
    for i in incidents:
        by_area[", ".join(x for x in (i.admin1, country_display(i.country)) if x) or "unplaced"].append(i)
    out.append("<h2>By area</h2><table><tr><th>area</th><th>incidents</th><th>killed (lowest)</th></tr>")
    for name, group in sorted(by_area.items(), key=lambda kv: -len(kv[1]))[:25]:
        out.append(f"<tr><td>{e(name)}</td><td class=n>{len(group)}</td><td class=n>{thousands(sum(i.killed or 0 for i in group))}</td></tr>")
    out.append("</table>")
    image = map_image(incidents)
    if image:
        out.append(f'<h2>Map</h2><img alt="map of the incidents" src="{image}">')
    series: dict[str, dict[str, list[TollPoint]]] = defaultdict(lambda: defaultdict(list))
    for p in points:
        if (since is None or (p.as_of and p.as_of >= since)) and (until is None or (p.as_of and p.as_of <= until)):
            series[p.claimant or "the outlets"][p.scope].append(p)
    if series:
        out.append("<h2>Cumulative tolls, per claimant</h2>")
        for claimant, scopes in series.items():
            chart = toll_chart(claimant, scopes)
            out.append(f"<h3>{e(claimant)}</h3>")
            if chart:
                out.append(f'<img alt="toll series of {e(claimant, quote=True)}" src="{chart}">')
            out.append("<table><tr><th>as of</th><th>scope</th><th>killed</th><th>wounded</th><th>source</th><th></th></tr>")
            for scope, pts in scopes.items():
                for p in pts:
                    flag = "decrease" if p.decrease else "jump" if p.jump else ""
                    out.append(f"<tr><td>{p.as_of or ''}</td><td>{e(scope)}</td><td class=n>{thousands(p.killed)}</td>"
                               f"<td class=n>{thousands(p.wounded)}</td><td>{e(p.article_id)}</td><td>{flag}</td></tr>")
            out.append("</table>")
    contested = [i for i in incidents if i.contested]
    out.append(f"<h2>Contested incidents ({len(contested)})</h2>")
    if not contested:
        out.append("<p class=muted>No incident has sources whose figures disagree.</p>")
    for i in contested:
        out.append(f"<div class=contested><b>{e(str(i.event_date or 'undated'))} · {e(i.sub_event_type)} · {e(i.location or 'unplaced')}</b> "
                   f"<span class=muted>({e(i.id)}; {_ranges(i)})</span><ul>")
        for c in i.claims:
            if c.killed is not None or c.wounded is not None:
                out.append(f"<li>{e(claim_line(c))} — {_link(c)}<blockquote>{e(c.evidence)}</blockquote></li>")
        out.append("</ul></div>")
    out.append("<h2>All incidents</h2><table><tr><th>date</th><th>type</th><th>place</th><th>killed</th><th>wounded</th><th>claims</th><th>sources</th></tr>")
    for i in incidents:
        out.append(f"<tr><td>{e(str(i.event_date or ''))}</td><td>{e(i.sub_event_type)}</td><td>{e(i.location or '')}</td>"
                   f"<td class=n>{thousands(i.killed)}</td><td class=n>{thousands(i.wounded)}</td>"
                   f"<td class=n>{len(i.claims)}</td><td>{_sources(i)}</td></tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def write_report(ledger: "Ledger", path: Path, since: dt.date | None = None, until: dt.date | None = None,
                 title: str = "Situation report") -> None:
    incidents = ledger.incident_list(since=since, until=until)
    Path(path).write_text(render(incidents, ledger.toll_series(), title, since, until), encoding="utf-8")
