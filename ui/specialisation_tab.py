"""The Specialisation tab: an industry's location quotients on the map with its clusters of specialisation, and
the selected region's scorecard (LQ bars, diversity, growth decomposition, mismatch position, clusters, peers,
industrial complexes).

Every number comes from :mod:`analysis.region_profile` (the call behind ``analysis profile`` and the scorecard
PDF); this module only draws. The measure (value added, or at sido the business survey's workers, establishments
and sales: :data:`analysis.specialisation.MEASURES`) is chosen here. The selection (``region``) is shared with
the other tabs; the tab's own settings live in the URL (``slevel``, ``smeasure``, ``syear``, ``sind``, ``sview``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import region_profile as rp
from analysis import specialisation as sp
from analysis.defaults import PERMUTATIONS, SEED, STUDY_LEVELS
from analysis.errors import AtlasError
from analysis.readings import specialisation_readings
from geo import mapkinds, maps
from geo.classify import lq_classification
from geo.names import place_name
from lang import both, col, error_text, heads, pick, t
from lang.numbers import count, format_value, money_eok, number, rank_text, unit_formatter
from report.readings import neighbour_lines
from report.scorecard import PEER_COLOR, SHIFT_SHARE_KEYS, STRUCTURE_KEYS, short_text
from ui import charts, data, glossary, mapview
from ui.choices import labeller
from ui.glossary import help_for
from ui.text import md
from ui.widgets import carry_level, ensure, level_chosen, remember

MAP_KEY = "map_spec"
VIEWS: tuple[str, ...] = ("lq", "clusters", "hotspots")


def tt(key: str, lang: str) -> str:
    """A string of this tab in ``lang`` (keys ``spec_*`` of the page's catalogue :mod:`lang`)."""
    return t(f"spec_{key}", lang)


def measures(level: str) -> list[str]:
    """Measures with an industry set and data at ``level`` (:data:`analysis.specialisation.MEASURES` order)."""
    out = []
    for measure in sp.measures_for(level):
        try:
            if rp.profile_years(data.store(), level, measure):
                out.append(measure)
        except AtlasError:
            continue
    return out


def levels() -> list[str]:
    """Levels with an industry set and data, coarse to fine."""
    return [level for level in STUDY_LEVELS if measures(level)]


def default_industry(iset: sp.IndustrySet) -> str:
    """Manufacturing (KSIC section C) of the set, else its first industry."""
    return next((i for i in iset.industries if iset.ksic.get(i) == "C"), iset.industries[0])


def _profile(code: str, level: str, year: int, excl_sido: bool, excl_cap: bool, measure: str) -> dict:
    """The region's profile on this session's store (same call as the CLI), as its JSON object."""
    return data.profile(code, level, year, exclude_same_sido=excl_sido, exclude_capital=excl_cap, measure=measure)


def _lq(level: str, year: int, measure: str = "value_added") -> pd.DataFrame:
    return rp.lq_table(data.store(), level, year, measure)  # cached in the store


def _clusters(level: str, year: int, industry: str, statistic: str = "lisa") -> pd.DataFrame:
    return rp.cluster_table(data.store(), level, year, industry, statistic=statistic).table  # cached in the store


def _label(ind: str, lang: str) -> str:
    return data.catalogue().at[ind, f"label_{lang}"] if ind in data.catalogue().index else ind


def _short(ind: str, lang: str) -> str:
    """Industry label without the trailing 'value added, nominal (… base)' (the scorecard's rule)."""
    return short_text(str(_label(ind, lang)))


def render(lang: str) -> None:
    """Draw the Specialisation tab."""
    lv = levels()
    if not lv:
        st.warning(tt("no_industry_data", lang))
        return
    c1, c5, c2, c3, c4 = st.columns([1.0, 1.0, 0.8, 2.4, 1.6])
    carry_level("slevel", lv)
    ensure("slevel", lv, "sigungu" if "sigungu" in lv else lv[0])
    level = c1.selectbox(t("level", lang), lv, key="slevel", on_change=level_chosen, args=("slevel",),
                         format_func=lambda x: t(f"level_{x}", lang))
    ms = measures(level)
    ensure("smeasure", ms, ms[0])
    measure = c5.selectbox(tt("measure", lang), ms, key="smeasure", help=tt("measure_help", lang),
                           format_func=lambda m: tt(f"measure_{m}", lang))
    years = rp.profile_years(data.store(), level, measure)
    ensure("syear", years, years[-1])
    year = int(c2.selectbox(t("year", lang), years, key="syear"))
    iset = sp.set_for(level, measure=measure)
    inds = list(iset.industries)
    ensure("sind", inds, default_industry(iset))
    industry = c3.selectbox(tt("industry", lang), inds, key="sind", format_func=lambda i: _short(i, lang))
    ensure("sview", list(VIEWS), "lq")
    view = c4.radio(tt("view", lang), list(VIEWS), key="sview", horizontal=True,
                    format_func=lambda v: tt(f"view_{v}", lang))
    remember("slevel", "smeasure", "syear", "sind", "sview")

    lq = _lq(level, year, measure)
    gdf = data.boundaries(level, autonomous=level == "sigungu")
    selected = st.session_state.get("region")
    selected = selected if selected in gdf.index else None
    ensure("s_excl_sido", [False, True], False)
    ensure("s_excl_cap", [False, True], False)
    prof = None
    if selected is not None and selected in lq.index:
        try:
            prof = _profile(selected, level, year, bool(st.session_state["s_excl_sido"]),
                            bool(st.session_state["s_excl_cap"]), measure)
        except AtlasError as exc:
            st.error(md(error_text(exc, lang, labeller(lang))))

    left, right = st.columns([1.1, 1])
    with left:
        m = _map(gdf, lq[industry], level, year, industry, view, lang, prof is not None)
        mapview.show(m, MAP_KEY, height=560, overlay=_selection_layer(gdf, selected, prof, lang))
        st.caption(f"{t('source', lang)}: {md(data.source_line(industry, level, year, lang))} · "
                   + tt("limits" if measure == "value_added" else "bs_limits", lang))
    with right:
        st.subheader(tt("scorecard", lang), help=help_for("lq", lang=lang))
        if st.session_state.get("region") and selected is None:
            st.info(tt("other_level", lang))
        elif prof is None:
            st.info(tt("pick", lang))
        else:
            _scorecard(prof, lang)
            _downloads(prof, lang)
    remember("s_excl_sido", "s_excl_cap")


def _downloads(prof: dict, lang: str) -> None:
    """The scorecard as a one-page PDF and as slides, built on click from the same profile call."""
    from report import scorecard

    def obj():
        return rp.region_profile(data.store(), prof["code"], prof["level"], prof["year"],
                                 exclude_same_sido=bool(st.session_state.get("s_excl_sido")),
                                 exclude_capital=bool(st.session_state.get("s_excl_cap")), measure=prof["measure"])

    stem = f"scorecard_{prof['code']}_{prof['year']}_{prof['measure']}_{lang}"
    d1, d2 = st.columns(2)
    d1.download_button(tt("scorecard_pdf", lang),
                       lambda: scorecard.scorecard_pdf(obj(), lang), f"{stem}.pdf", "application/pdf",
                       key="s_pdf", on_click="ignore")
    d2.download_button(tt("scorecard_pptx", lang),
                       lambda: scorecard.scorecard_pptx(obj(), lang), f"{stem}.pptx",
                       "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="s_pptx", on_click="ignore")


def _selection_layer(gdf, selected: str | None, prof: dict | None, lang: str):
    """The selected region's outline and its peers' outlines: the layer that follows the selection."""
    layer = maps.selection_outline(gdf, selected)
    if prof:
        maps.add_outlines(layer, gdf, [p["code"] for p in prof["peers"]], name=tt("peers", lang), color=PEER_COLOR)
    return layer


def _map(gdf, lq: pd.Series, level: str, year: int, industry: str, view: str, lang: str, peers: bool):
    """The LQ choropleth or the LISA / Gi* cluster map of one industry's LQ (:mod:`geo.mapkinds`; the selection
    is drawn over it)."""
    label = _short(industry, lang)
    extra = [maps.LegendItem(PEER_COLOR, tt("peers", lang))] if peers else []
    if view not in ("clusters", "hotspots"):
        m = mapkinds.lq_map(gdf, lq, label=label, year=year, lang=lang, extra_legend=extra,
                            capital=data.sido_outline(), assets_url=data.STATIC_URL)
    else:
        stat = "gi" if view == "hotspots" else "lisa"
        try:
            tab = _clusters(level, year, industry, stat)
        except AtlasError as exc:
            st.warning(md(error_text(exc, lang, labeller(lang))))
            tab = pd.DataFrame(columns=["cluster", "label_ko", "label_en", "p_sim"])
        note = t("spec_note_stats", lang, stat="Gi*" if stat == "gi" else "LISA",
                 perm=t("perm_short", lang, n=PERMUTATIONS, seed=SEED))
        lq_text = lq.reindex(gdf.index).map(lambda v: number("lq", v, lang))
        m = mapkinds.cluster_map(gdf, tab, title=f"{label} ({year})", year=year, lang=lang, note=note,
                                 layer_name=label, heading=tt("clusters", lang), rows={"LQ": lq_text},
                                 extra_legend=extra, capital=data.sido_outline(), assets_url=data.STATIC_URL)
    return m


def _scorecard(prof: dict, lang: str) -> None:
    """The selected region's scorecard from its profile object."""
    name = both(place_name(prof["code"], "ko"), place_name(prof["code"], "en"), lang)  # the naming rule
    what = (tt("value_base", lang).format(base=prof["value_base_year"]) if prof["measure"] == "value_added"
            else prof["measure_unit"][lang])
    st.markdown(f"### {name}\n`{prof['code']}` · {prof['year']} · " + md(what))
    frame = pd.DataFrame({
        "label": [_short(i, lang) for i in prof["lq"]],
        "lq": [prof["lq"][i] for i in prof["lq"]],
        "cluster": [prof["clusters"].get(i, {}).get("cluster", "") for i in prof["lq"]],
    })
    frame["color"] = lq_classification(frame["lq"].astype(float)).fills()
    st.caption(tt("lq_bars", lang))
    st.altair_chart(charts.lq_bars(frame, lang=lang), width="stretch")

    s = prof["structure"]
    st.markdown(f"**{tt('structure', lang)}**")
    if s and not s.get("missing") and not s.get("negative"):
        st.dataframe(pd.DataFrame({tt(k, lang): [number("index", s[k], lang)] for k in STRUCTURE_KEYS}),
                     hide_index=True, width="stretch", key="s_structure")
    else:
        st.caption(prof["structure_note"])

    ss = prof["shift_share"]
    st.markdown(f"**{tt('growth', lang)}**", help=help_for("shift_share", lang=lang))
    if ss:
        t_ = ss["totals"]  # value added in KRW million, said in 억원 (the scorecard's rule: lang.numbers.money_eok)
        say = (lambda v: money_eok(v, lang)) if prof["measure"] == "value_added" else (lambda v: count(v, lang))
        st.dataframe(pd.DataFrame({tt(k, lang): [say(t_[k])] for k in SHIFT_SHARE_KEYS}),
                     hide_index=True, width="stretch", key="s_growth")
        unit = "growth_unit" if prof["measure"] == "value_added" else f"growth_unit_{prof['measure']}"
        st.caption(f"{ss['year0']}→{ss['year1']} · "
                   + tt(unit, lang)
                   + number("share", ss["national_growth"], lang))
        long = pd.DataFrame([
            {"label": _short(i, lang), "component": k, "value": v[k]}
            for i, v in ss["industries"].items() for k in ("national", "industry_mix", "competitive")])
        names = {k: tt(k, lang) for k in ("national", "industry_mix", "competitive")}
        st.altair_chart(charts.shift_share_bars(long, names, lang=lang), width="stretch")
    else:
        st.caption(prof["shift_share_note"])

    mm = prof["mismatch"]
    if mm:
        st.markdown(f"**{tt('mismatch', lang)}**")
        st.markdown(f"{_short(mm['x'], lang)} {number('share_fine', mm['share_x'], lang)} · {_short(mm['y'], lang)} "
                    f"{number('share_fine', mm['share_y'], lang)} · ln M = {number('log_ratio', mm['log_ratio'], lang)}")

    # do the neighbours share the top specialisations? significant or not (the scorecard PDF says the same)
    st.markdown("**" + t("rd_neighbours_title", lang) + "**", help=help_for("lq", "lisa", lang=lang))
    lines = neighbour_lines(specialisation_readings(prof), lang, _short)
    st.markdown("\n".join(f"- {line}" for line in lines) or tt("no_clusters", lang))

    st.markdown(f"**{tt('clusters', lang)}**")
    sig = {i: c for i, c in prof["clusters"].items() if c["cluster"] != "ns"}
    if sig:
        label_col = f"label_{lang}"
        st.dataframe(pd.DataFrame([{tt("industry", lang): _short(i, lang), "LISA": c[label_col],
                                    "p": number("p", c["p_sim"], lang)} for i, c in sig.items()]),
                     hide_index=True, width="stretch")
    else:
        st.caption(tt("no_clusters", lang))

    _indicators(prof, lang)
    _complexes(prof, lang)

    st.markdown(f"**{tt('peers', lang)}**")
    e1, e2 = st.columns(2)
    e1.toggle(tt("excl_sido", lang), key="s_excl_sido")
    e2.toggle(tt("excl_cap", lang), key="s_excl_cap")
    st.dataframe(heads(pd.DataFrame([{
        "code": p["code"],
        tt("region", lang): place_name(p["code"], lang),  # "울산 북구", never "북구" alone
        tt("distance", lang): number("index", p["distance"], lang),
        tt("reasons", lang): ", ".join(_short(r["variable"], lang) for r in p["reasons"]),
    } for p in prof["peers"]]), lang), hide_index=True, width="stretch")
    weights = ", ".join(f"{_short(k, lang)} {v:g}" for k, v in prof["peer_weights"].items())
    st.caption(tt("peer_weights", lang) + weights)
    glossary.expander("lq", "shift_share", "lisa", "lnm", lang=lang)


def _indicators(prof: dict, lang: str) -> None:
    """The region's value, rank and share of the peer indicators beyond the industries (this session's uploads
    included): the profile's ``indicators``."""
    entries = prof.get("indicators") or {}
    if not entries:
        return
    st.markdown(f"**{tt('indicators', lang)}**")
    rows = []
    for ind, e in entries.items():
        label = e[col("label", lang)]
        try:  # the value in its unit, as the Map tab's tooltip says it (lang.numbers)
            value = unit_formatter(data.view(ind, prof["level"], int(e["year"]), "raw").unit, lang)(e["value"])
        except (AtlasError, ValueError):
            value = format_value(e["value"], "number", 1.0, lang)
        rows.append({
            t("indicator", lang): tt("uploaded", lang).format(label=label) if e["uploaded"] else label,
            t("year", lang): str(e["year"]),
            t("value", lang): value,
            t("rank", lang): "—" if e["rank"] is None else rank_text(e["rank"], e["n"], e["n"], lang),
            tt("share_total", lang): "—" if e["share_of_total_pct"] is None
            else number("share_fine", e["share_of_total_pct"] / 100, lang),
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="s_indicators")


def complex_rows(prof: dict, lang: str) -> pd.DataFrame:
    """The profile's ``complexes`` as the table the tab shows (suppressed employment said as such, never 0)."""
    rows = []
    for c in prof.get("complexes") or []:
        row = {"complex": c["name_ko"], "complex_type": c[f"type_{lang}"], "complex_status": c[f"status_{lang}"]}
        if prof["level"] == "sido":
            row["name"] = c[f"sigungu_name_{lang}"]
        row.update({"operating_firms": f"{c['operating_firms']:,}", "tenant_firms": f"{c['tenant_firms']:,}",
                    "employment": tt("suppressed", lang) if c["employment"] is None else f"{c['employment']:,}"})
        rows.append(row)
    return heads(pd.DataFrame(rows), lang)


def _complexes(prof: dict, lang: str) -> None:
    """The region's industrial complexes (KICOX 2023 Q4): a line of totals, the sums by type and the list."""
    cs = prof.get("complexes_summary")
    if cs is None:
        return
    st.markdown(f"**{tt('complexes', lang).format(year=cs['year'])}**")
    tot = cs["totals"]
    if not tot["count"]:
        st.caption(tt("complexes_none", lang))
        return
    emp = tt("suppressed", lang) if tot["employment"] is None else f"{tot['employment']:,}"
    line = tt("complexes_line", lang).format(n=tot["count"], firms=f"{tot['operating_firms']:,}", emp=emp)
    if tot["employment_suppressed"]:
        line += tt("complexes_lacks", lang).format(n=tot["employment_suppressed"])
    by_type = " · ".join(f"{_type_name(k, lang)} {v['count']}" for k, v in cs["by_type"].items())
    st.markdown(line + ("  \n" + by_type if by_type else ""))
    if cs["year"] != prof["year"]:
        st.caption(tt("complexes_year", lang).format(year=cs["year"], profile_year=prof["year"]))
    st.dataframe(complex_rows(prof, lang), hide_index=True, width="stretch", key="s_complexes", height=min(
        38 + 35 * len(prof["complexes"]), 320))


def _type_name(kind: str, lang: str) -> str:
    """A complex type in words (:data:`analysis.complexes.TYPES`)."""
    from analysis.complexes import TYPES

    return pick(TYPES[kind], lang)
