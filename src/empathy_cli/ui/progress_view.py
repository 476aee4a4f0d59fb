"""`empathy progress` on screen: bars and sparklines drawn with Rich, plain text when piped.

On a terminal: coloured bars (█) and sparklines (▁▂▃▄▅▆▇█). Plain (piped, NO_COLOR,
TERM=dumb): the same lines with `#` bars and the numbers themselves instead of
sparklines, so the output greps and diffs well. No plotting library.
"""

from __future__ import annotations

from typing import Any, Optional

from .. import i18n
from ..text import clean
from ..vocab import STAGES

SPARKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 20


def t(key: str, **values: object) -> str:
    return i18n.t(f"progress.{key}", **values)


def spark(values: list[float], top: Optional[float] = None) -> str:
    """A sparkline of `values` (scaled to `top`, else to the largest value)."""
    if not values:
        return ""
    high = top if top is not None else max(values)
    if high <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, int(round(v / high * (len(SPARKS) - 1))))] for v in values)


def bar(value: float, top: float, fancy: bool) -> str:
    filled = 0 if top <= 0 else int(round(BAR_WIDTH * min(value, top) / top))
    return ("█" if fancy else "#") * filled + ("░" if fancy else ".") * (BAR_WIDTH - filled)


def _num(value: Any) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def render(data: dict[str, Any]) -> None:
    from rich.text import Text

    from .console import console, fancy, styled

    out = console()
    is_fancy = fancy()

    def heading(text: str) -> None:
        out.print()
        out.print(styled(text, "bold cyan") if is_fancy else Text(f"== {text} =="))

    def row(label: str, value: float, top: float, note: str, style: str = "green") -> None:
        line = Text(f"  {clean(label)[:28]:<28} ") + styled(bar(value, top, is_fancy), style) + Text(f" {note}")
        out.print(line)

    def series(label: str, values: list[float], top: Optional[float] = None) -> Text:
        shown = spark(values, top) if is_fancy else " ".join(_num(v) for v in values)
        return Text(f"    {label}: ") + styled(shown, "magenta")

    scope = [t("title")]
    if data.get("since"):
        scope.append(t("since", date=data["since"]))
    if data.get("lang"):
        scope.append(t("lang", lang=data["lang"]))
    out.print(styled(" · ".join(scope), "bold") if is_fancy else Text(" · ".join(scope)))

    r = data["rehearsals"]
    heading(t("rehearsals"))
    if not r["count"]:
        out.print(Text("  " + t("rehearsals.none")))
    else:
        out.print(Text("  " + t("rehearsals.summary", count=r["count"], average=_num(r["average"]))))
        out.print(series(t("trend"), r["scores"], 100))
        out.print(Text("  " + t("by_stage")))
        for stage, info in r["by_stage"].items():
            label = i18n.t(f"common.stage.{stage}") if stage in STAGES else stage
            row(label, info["average"] or 0, 100, f"{_num(info['average'])} ({info['count']}×)", _score_style(info["average"]))
        out.print(Text("  " + t("by_scenario")))
        for sc in r["by_scenario"]:
            row(
                f"{sc['scenario']} ({sc['lang']})",
                sc["average"] or 0,
                100,
                t("scenario.line", count=sc["count"], average=_num(sc["average"]), best=_num(sc["best"]), last=_num(sc["last"])),
                _score_style(sc["average"]),
            )
            if sc["count"] > 1:
                out.print(series(t("trend"), sc["scores"], 100))

    d = data["drill"]
    heading(t("drill"))
    if not d["reviews"] and not d["cards_seen"]:
        out.print(Text("  " + t("drill.none")))
    else:
        out.print(Text("  " + t("drill.summary", seen=d["cards_seen"], due=d["due"], reviews=d["reviews"], streak=d["streak"])))
        retention = t("drill.retention", value=f"{round(d['retention'] * 100)}%") if d["retention"] is not None else t("drill.retention_none")
        out.print(Text("  " + retention))
        out.print(Text("  " + t("drill.outcomes", **d["outcomes"])))
        out.print(series(t("drill.days", days=len(d["per_day"])), [p["reviews"] for p in d["per_day"]]))

    e = data["encounters"]
    heading(t("encounters"))
    if not e["count"]:
        out.print(Text("  " + t("encounters.none")))
    else:
        out.print(Text("  " + t("encounters.summary", count=e["count"], complete=e["complete"])))
        top = max([*e["by_outcome"].values(), *e["by_level"].values(), 1])
        out.print(Text("  " + t("by_outcome")))
        for outcome, n in e["by_outcome"].items():
            label = t(f"outcome.{outcome}") if f"outcome.{outcome}" in _keys() else outcome
            row(label, n, top, str(n), "blue")
        out.print(Text("  " + t("by_level")))
        for level, n in e["by_level"].items():
            row(t("level.none") if level == "none" else level, n, top, str(n), {"red": "red", "amber": "yellow"}.get(level, "green"))


def _score_style(value: Optional[float]) -> str:
    if value is None:
        return "dim"
    return "green" if value >= 70 else ("yellow" if value >= 40 else "red")


def _keys() -> set[str]:
    from ..i18n import progress

    return set(progress.EN)
