"""Altair charts for the page (Vega is bundled with Streamlit, so charts work offline)."""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from lang import t
from lang.numbers import money_eok, money_unit
from report.briefing import TREND_SERIES  # the same series, words and colours as the briefing
from ui.colors import CAPITAL_COLOR, OTHER_COLOR, SELECTED_COLOR

AXIS_TITLE_WIDTH = 48
"""Characters per line of an axis title; a longer one (an indicator's full English name) wraps instead of
squeezing the plot (Vega draws a list of lines one under the other)."""


def axis_title(text: str, width: int = AXIS_TITLE_WIDTH) -> str | list[str]:
    """``text`` as one axis-title line, or as lines of at most ``width`` characters.

    >>> axis_title("Lag of R&D")
    'Lag of R&D'
    >>> axis_title("Spatial lag of professional, scientific and technical services value added (nominal)", 40)
    ['Spatial lag of professional, scientific', 'and technical services value added', '(nominal)']
    """
    lines = textwrap.wrap(text, width) or [text]
    return lines[0] if len(lines) == 1 else lines


def _tip(field: str, key: str, lang: str, **kw) -> alt.Tooltip:
    """A tooltip line of ``field`` titled by the catalogue's ``key`` (never the column id)."""
    return alt.Tooltip(field, title=t(key, lang), **kw)


def share_scatter(table: pd.DataFrame, x_label: str, y_label: str, selected: str | None, *,
                  lang: str, top: float | None = None) -> alt.LayerChart:
    """Share of x against share of y (in %), with the 45° line, capital-region points and the selected region.

    X is on the horizontal axis and Y on the vertical one, as everywhere else (X is the first indicator picked):
    regions below the diagonal have more of X than of Y (ln M > 0, an X surplus).

    ``table`` has columns ``name``, ``share_x``, ``share_y`` (fractions) and ``capital`` (bool), index = code.
    ``top`` (a fraction) fixes both axes' upper end, e.g. the largest share over two years compared.
    """
    df = table.reset_index().rename(columns={"index": "code"})
    df["sx"] = df["share_x"] * 100
    df["sy"] = df["share_y"] * 100
    groups = [t("capital", lang), t("noncapital", lang)]
    df["group"] = df["capital"].map({True: groups[0], False: groups[1]})
    big = set(df.nlargest(6, "sx")["code"]) | set(df.nlargest(6, "sy")["code"]) | set(df.loc[df["capital"], "code"])
    df["label"] = [n if c in big else "" for c, n in zip(df["code"], df["name"], strict=True)]
    df["selected"] = df["code"] == selected
    top = float(max(df["sx"].max(), df["sy"].max(), (top or 0.0) * 100) * 1.08)
    diag = alt.Chart(pd.DataFrame({"a": [0, top], "b": [0, top]})).mark_line(
        strokeDash=[5, 4], color="#888").encode(x="a:Q", y="b:Q")
    pts = alt.Chart(df).mark_circle(size=110, opacity=0.9).encode(
        x=alt.X("sx:Q", title=axis_title(f"X: {x_label} (%)"), scale=alt.Scale(domain=[0, top])),
        y=alt.Y("sy:Q", title=axis_title(f"Y: {y_label} (%)"), scale=alt.Scale(domain=[0, top])),
        color=alt.Color("group:N", scale=alt.Scale(domain=groups, range=[CAPITAL_COLOR, OTHER_COLOR]), title=None,
                        legend=alt.Legend(orient="bottom")),
        tooltip=[_tip("name:N", "chart_region", lang), _tip("sx:Q", "chart_share_x", lang, format=".2f"),
                 _tip("sy:Q", "chart_share_y", lang, format=".2f")],
    )
    labels = alt.Chart(df).mark_text(align="left", dx=7, fontSize=11).encode(x="sx:Q", y="sy:Q", text="label:N")
    sel = alt.Chart(df[df["selected"]]).mark_circle(size=420, fill=None, stroke=SELECTED_COLOR,
                                                   strokeWidth=3).encode(x="sx:Q", y="sy:Q")
    return (diag + pts + labels + sel).properties(height=430)


def moran_scatter(table: pd.DataFrame, x_label: str, lag_label: str, selected: str | None,
                  colors: dict[str, str], slope: float, *, words: dict[str, str], lang: str) -> alt.LayerChart:
    """Moran scatter plot: standardised value against its spatial lag, coloured by cluster.

    ``table`` has columns ``z``, ``lag``, ``cluster``, ``name``; index = code. ``slope`` is Moran's I (the
    slope of the lag on the standardised value for row-standardised weights), drawn through the origin.
    ``words`` names each cluster code in the page's language (legend and tooltip show the words, not codes).
    """
    df = table.reset_index().rename(columns={"index": "code"})
    df["selected"] = df["code"] == selected
    df["word"] = [words.get(c, c) for c in df["cluster"]]
    colors = {k: v for k, v in colors.items() if k in set(df["cluster"])}
    base = alt.Chart(df)
    pts = base.mark_circle(size=90, opacity=0.9, stroke="#555", strokeWidth=0.4).encode(
        x=alt.X("z:Q", title=axis_title(x_label)), y=alt.Y("lag:Q", title=axis_title(lag_label)),
        color=alt.Color("word:N", scale=alt.Scale(domain=[words.get(k, k) for k in colors],
                                                 range=list(colors.values())), title=None),
        tooltip=[_tip("name:N", "chart_region", lang), _tip("z:Q", "chart_z", lang, format=".2f"),
                 _tip("lag:Q", "chart_lag", lang, format=".2f"), _tip("word:N", "chart_cluster", lang)],
    )
    lo, hi = float(df["z"].min()), float(df["z"].max())
    fit = alt.Chart(pd.DataFrame({"z": [lo, hi], "lag": [slope * lo, slope * hi]})).mark_line(
        color="#333").encode(x="z:Q", y="lag:Q")
    rules = alt.Chart(pd.DataFrame({"v": [0]})).mark_rule(color="#aaa")
    sel = alt.Chart(df[df["selected"]]).mark_circle(size=380, fill=None, stroke=SELECTED_COLOR,
                                                   strokeWidth=3).encode(x="z:Q", y="lag:Q")
    return (rules.encode(x="v:Q") + rules.encode(y="v:Q") + pts + fit + sel).properties(height=400)


def trend(frame: pd.DataFrame, y_title: str, legend: bool = True, *, lang: str) -> alt.Chart:
    """Lines over years; ``frame`` has columns ``year``, ``value``, ``series``."""
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom") if legend else None),
        tooltip=[_tip("series:N", "chart_series", lang), _tip("year:O", "chart_year", lang),
                 _tip("value:Q", "chart_value", lang, format=",.3f")],
    ).properties(height=260)


def lq_bars(frame: pd.DataFrame, selected_label: str = "", *, lang: str) -> alt.LayerChart:
    """Horizontal bars of location quotients with the national reference (LQ = 1) as a rule.

    ``frame`` has columns ``label``, ``lq``, ``color`` (its LQ class's, :func:`geo.classify.lq_classification`)
    and ``cluster`` (text, may be empty).
    """
    df = frame.dropna(subset=["lq"]).copy()
    order = df.sort_values("lq", ascending=False)["label"].tolist()
    bars = alt.Chart(df).mark_bar(stroke="#888888", strokeWidth=0.5).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("lq:Q", title="LQ", scale=alt.Scale(zero=True)),
        color=alt.Color("color:N", scale=None),
        tooltip=[_tip("label:N", "chart_industry", lang), alt.Tooltip("lq:Q", title="LQ", format=".2f"),
                 _tip("cluster:N", "chart_cluster", lang)],
    )
    text = alt.Chart(df).mark_text(align="left", dx=3, fontSize=11).encode(
        y=alt.Y("label:N", sort=order), x="lq:Q", text=alt.Text("lq:Q", format=".2f"))
    rule = alt.Chart(pd.DataFrame({"v": [1.0]})).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="v:Q")
    return (bars + text + rule).properties(height=max(160, 22 * len(df)), title=selected_label)


def shift_share_bars(frame: pd.DataFrame, names: dict[str, str], *, lang: str) -> alt.Chart:
    """Stacked bars of the shift-share components per industry.

    ``frame`` is long: ``label``, ``component`` (keys of ``names``), ``value`` (KRW million), drawn in the
    scorecard's unit (억원 / KRW bn: :func:`lang.numbers.money_eok`).
    """
    df = frame.dropna(subset=["value"]).copy()
    df["component_name"] = df["component"].map(names)
    div, unit = money_unit(lang)
    df["text"] = [money_eok(v, lang) for v in df["value"]]
    df["value"] = df["value"] / div
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("value:Q", title=unit),
        color=alt.Color("component_name:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=list(names.values()), range=["#9e9e9e", "#1f78b4", "#e66101"])),
        tooltip=[_tip("label:N", "chart_industry", lang), _tip("component_name:N", "chart_component", lang),
                 _tip("text:N", "chart_value", lang)],
    ).properties(height=max(160, 22 * df["label"].nunique()))
def transition_heat(probabilities: pd.DataFrame, counts: pd.DataFrame, title: str | list[str] = "",
                    size: int = 230, *, lang: str) -> alt.LayerChart:
    """A transition matrix as a heat table: rows = class in t, columns = class in t+1, cell = probability.

    Empty rows (no transition observed) stay blank; each cell's tooltip gives the count.
    """
    p = probabilities.copy()
    p.index.name, p.columns.name = "from", "to"
    df = p.stack(future_stack=True).rename("p").reset_index()
    c = counts.copy()
    c.index.name, c.columns.name = "from", "to"
    df["n"] = c.stack(future_stack=True).to_numpy()
    order = [str(v) for v in probabilities.index]
    df["from"], df["to"] = df["from"].astype(str), df["to"].astype(str)
    df["text"] = [("" if pd.isna(v) else f"{v:.2f}") for v in df["p"]]
    df["dark"] = df["p"].fillna(0) > 0.55
    # short class names (Q1, 고-고) stand upright over their column; longer ones (High-High) slant so none is hidden
    angle = 0 if max((len(v) for v in order), default=0) <= 3 else -40
    base = alt.Chart(df).encode(
        x=alt.X("to:N", sort=order, title="t+1",
                axis=alt.Axis(orient="top", labelAngle=angle, labelOverlap=False, labelAlign="center" if angle == 0
                              else "left")),
        y=alt.Y("from:N", sort=order, title="t", axis=alt.Axis(titleAngle=0, titleAlign="right")),
    )
    cells = base.mark_rect(stroke="#fff").encode(
        color=alt.Color("p:Q", scale=alt.Scale(domain=[0, 1], scheme="blues"), legend=None),
        tooltip=[_tip("from:N", "chart_from", lang), _tip("to:N", "chart_to", lang),
                 _tip("p:Q", "chart_prob", lang, format=".3f"), _tip("n:Q", "chart_count", lang)],
    )
    text = base.mark_text(fontSize=12).encode(
        text="text:N", color=alt.condition("datum.dark", alt.value("white"), alt.value("#222")))
    return (cells + text).properties(width=size, height=size, title=title)


def mismatch_trend(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Hoover, the capital region's shares of X and Y and Moran's I of ln M over the years (one compare() a
    year); ``frame`` is :attr:`analysis.compare.Trend.frame`."""
    cols = [c for c in TREND_SERIES if c in frame.columns]
    long = frame[cols].reset_index().melt("year", var_name="key", value_name="value").dropna()
    long["series"] = long["key"].map(lambda k: t(f"trend_{k}", lang))
    names = [t(f"trend_{c}", lang) for c in cols]
    return alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=t("trend_axis", lang)),
        color=alt.Color("series:N", title=None, sort=names,
                        scale=alt.Scale(domain=names, range=[TREND_SERIES[c] for c in cols]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[_tip("series:N", "chart_series", lang), _tip("year:O", "chart_year", lang),
                 _tip("value:Q", "chart_value", lang, format=",.3f")],
    ).properties(height=280)
