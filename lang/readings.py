"""Words of the readings (issue 25 items 1–2): the sentences under each view, the compare-with-year control and the
glossary, in one block kept apart from the rest of the catalogue so parallel edits of :mod:`lang.catalogue` merge.

:data:`READINGS` is merged into :data:`lang.catalogue.STRINGS` (so :func:`lang.t` finds every key); the sentences
are put together by :mod:`report.readings` from the numbers of :mod:`analysis.readings` and
:mod:`analysis.change`. Korean templates avoid particles right after a filled-in name (와/과, 은/는 depend on
the name's last sound): names are followed by ``의``, ``도``, ``만``, ``에서`` or punctuation.

:data:`GLOSSARY` is the short glossary (Hoover, Theil, ln M, LISA, Gi*, LQ, shift-share, Markov; Moran's I too),
reachable as help from each view (:func:`glossary_text`) and written to ``docs/glossary.md``
(:func:`glossary_markdown`).
"""

from __future__ import annotations

__all__ = ["GLOSSARY", "READINGS", "glossary_markdown", "glossary_text"]

READINGS: dict[str, tuple[str, str]] = {
    # ---- readings (issue 25): begin ---------------------------------------------------------------------------
    # the change of the Hoover index between two years (analysis.change.HooverChange)
    "rd_change_head_fell": ("{y0}→{y1}년 {x} 대 {y}의 불일치(후버 지수)가 줄었습니다: {h0:.3f} → {h1:.3f} "
                            "({d:+.3f}).",
                            "From {y0} to {y1} the mismatch of {x} against {y} (Hoover index) fell: {h0:.3f} → "
                            "{h1:.3f} ({d:+.3f})."),
    "rd_change_head_rose": ("{y0}→{y1}년 {x} 대 {y}의 불일치(후버 지수)가 커졌습니다: {h0:.3f} → {h1:.3f} "
                            "({d:+.3f}).",
                            "From {y0} to {y1} the mismatch of {x} against {y} (Hoover index) rose: {h0:.3f} → "
                            "{h1:.3f} ({d:+.3f})."),
    "rd_change_head_flat": ("{y0}→{y1}년 {x} 대 {y}의 불일치(후버 지수)는 거의 변하지 않았습니다: {h0:.3f} → "
                            "{h1:.3f} ({d:+.3f}).",
                            "From {y0} to {y1} the mismatch of {x} against {y} (Hoover index) barely changed: "
                            "{h0:.3f} → {h1:.3f} ({d:+.3f})."),
    "rd_change_capital": ("수도권 비중: {x} {cx0:.1f}% → {cx1:.1f}%, {y} {cy0:.1f}% → {cy1:.1f}%.",
                          "Capital region's share: {x} {cx0:.1f}% → {cx1:.1f}%, {y} {cy0:.1f}% → {cy1:.1f}%."),
    "rd_change_parts_x": ("변화의 대부분({xp:+.3f})은 {x}의 지역 분포가 바뀐 데서 나옵니다. {y}의 분포 변화 몫은 "
                          "{yp:+.3f}입니다.",
                          "Most of it ({xp:+.3f}) comes from where {x} went; the shift of {y} accounts for {yp:+.3f}."),
    "rd_change_parts_y": ("변화의 대부분({yp:+.3f})은 {y}의 지역 분포가 바뀐 데서 나옵니다. {x}의 분포 변화 몫은 "
                          "{xp:+.3f}입니다.",
                          "Most of it ({yp:+.3f}) comes from where {y} went; the shift of {x} accounts for {xp:+.3f}."),
    "rd_change_parts_opposing": ("두 분포의 변화가 서로 반대로 작용했습니다: {x}의 이동 {xp:+.3f}, {y}의 이동 "
                                 "{yp:+.3f} (음수 = 불일치 감소).",
                                 "The two shifts pulled in opposite directions: where {x} went {xp:+.3f}, where {y} "
                                 "went {yp:+.3f} (negative = less mismatch)."),
    "rd_change_where": ("{name}의 비중은 {up_place}에서 가장 많이 늘고({up:+.2f}%p) {down_place}에서 가장 많이 "
                        "줄었습니다({down:+.2f}%p).",
                        "{name}'s share rose most in {up_place} ({up:+.2f} pp) and fell most in {down_place} "
                        "({down:+.2f} pp)."),
    "rd_change_mover": ("가장 크게 움직인 곳은 {place}: {x} {dx:+.2f}%p, {y} {dy:+.2f}%p.",
                        "Biggest mover: {place}, {x} {dx:+.2f} pp, {y} {dy:+.2f} pp."),
    "rd_change_method": ("분해: 2요인 섀플리 방식 (두 지표가 각각 움직였을 때의 후버 지수 변화를 두 순서로 평균), "
                         "두 해 모두 있는 {n}개 지역.",
                         "Split: two-factor Shapley rule (the Hoover change when each indicator moves, averaged over "
                         "both orders), over the {n} regions both years cover."),
    # the Mismatch tab's compare-with-year control
    "rd_compare": ("비교 연도", "Compare with year"),
    "rd_compare_none": ("비교 안 함", "none"),
    "rd_compare_help": ("고른 연도와 비교합니다: 지표 카드에 변화(Δ)를 보이고, ln M 구간과 산점도 축을 두 해에 같게 "
                        "고정합니다.",
                        "Compare with the chosen year: the cards show the change (Δ), and the ln M classes and the "
                        "scatter's axes are fixed over both years."),
    "rd_delta_since": ("{year}년 대비", "vs {year}"),
    "rd_fixed_classes": ("{y0}·{y1}년 공통 구간", "classes fixed over {y0} and {y1}"),
    "rd_change_title": ("{y0}→{y1} 변화 읽기", "Reading the change {y0}→{y1}"),
    "rd_movers": ("가장 크게 움직인 지역", "Regions that moved most"),
    "col_delta_share_x": ("X 비중 변화 (%p)", "Δ share of X (pp)"),
    "col_delta_share_y": ("Y 비중 변화 (%p)", "Δ share of Y (pp)"),
    "col_place": ("지역", "Region"),
    # cluster maps (analysis.readings.ClusterReading): one line per class shown
    "rd_cluster_title": ("지도 읽기", "Reading the map"),
    "rd_cluster_line": ("{colour} = {meaning} — {n}곳 중 {count}곳, 우연일 확률 {chance} 이하",
                        "{colour} = {meaning}: {count} of {n}, at most {chance} likely by chance"),
    "rd_cluster_line_ns": ("{colour} = 뚜렷한 패턴 없음 — {n}곳 중 {count}곳",
                           "{colour} = no clear pattern: {count} of {n}"),
    "rd_cluster_none": ("유의한 군집이 없습니다: 모든 지역이 우연한 배치와 구별되지 않습니다 (우연일 확률 {chance} "
                        "기준).",
                        "No significant cluster: no region stands out from a random arrangement (at {chance} "
                        "chance)."),
    "rd_colour_HH": ("빨강", "Red"),
    "rd_colour_LL": ("파랑", "Blue"),
    "rd_colour_LH": ("연파랑", "Light blue"),
    "rd_colour_HL": ("연분홍", "Pink"),
    "rd_colour_hot": ("빨강", "Red"),
    "rd_colour_cold": ("파랑", "Blue"),
    "rd_colour_ns": ("회색", "Grey"),
    "rd_unit_sido": ("시도", "province"),
    "rd_unit_sigungu": ("시군구", "si-gun-gu"),
    "rd_unit_emd": ("읍면동", "eup-myeon-dong"),
    "rd_meaning_univariate_HH": ("이 {unit}·이웃 모두 {a} 높은 곳", "{a} high in this {unit} and in its neighbours"),
    "rd_meaning_univariate_LL": ("이 {unit}·이웃 모두 {a} 낮은 곳", "{a} low in this {unit} and in its neighbours"),
    "rd_meaning_univariate_LH": ("이 {unit}만 {a} 낮고 이웃은 높은 곳", "{a} low in this {unit}, high in its neighbours"),
    "rd_meaning_univariate_HL": ("이 {unit}만 {a} 높고 이웃은 낮은 곳", "{a} high in this {unit}, low in its neighbours"),
    "rd_meaning_bivariate_HH": ("이 {unit}의 {a} 높고 이웃의 {b}도 높은 곳",
                                "{a} high in this {unit}, {b} high in its neighbours"),
    "rd_meaning_bivariate_LL": ("이 {unit}의 {a} 낮고 이웃의 {b}도 낮은 곳",
                                "{a} low in this {unit}, {b} low in its neighbours"),
    "rd_meaning_bivariate_LH": ("이 {unit}의 {a} 낮고 이웃의 {b} 높은 곳",
                                "{a} low in this {unit}, {b} high in its neighbours"),
    "rd_meaning_bivariate_HL": ("이 {unit}의 {a} 높고 이웃의 {b} 낮은 곳",
                                "{a} high in this {unit}, {b} low in its neighbours"),
    "rd_meaning_mismatch_HH": ("이 {unit}·이웃 모두 {a} 비중이 {b} 비중보다 큰 곳",
                               "{a}'s share above {b}'s in this {unit} and in its neighbours"),
    "rd_meaning_mismatch_LL": ("이 {unit}·이웃 모두 {b} 비중이 {a} 비중보다 큰 곳",
                               "{b}'s share above {a}'s in this {unit} and in its neighbours"),
    "rd_meaning_mismatch_LH": ("이 {unit}만 {b} 비중이 크고 이웃은 {a} 비중이 큰 곳",
                               "{b}'s share larger in this {unit}, {a}'s in its neighbours"),
    "rd_meaning_mismatch_HL": ("이 {unit}만 {a} 비중이 크고 이웃은 {b} 비중이 큰 곳",
                               "{a}'s share larger in this {unit}, {b}'s in its neighbours"),
    "rd_meaning_getis_ord_hot": ("{a} 높은 값이 이 {unit} 둘레에 모인 곳 (핫스팟)",
                                 "high {a} gathered around this {unit} (hot spot)"),
    "rd_meaning_getis_ord_cold": ("{a} 낮은 값이 이 {unit} 둘레에 모인 곳 (콜드스팟)",
                                  "low {a} gathered around this {unit} (cold spot)"),
    # global Moran's I in words (analysis.readings.MoranReading), the statistic in a detail line
    "rd_moran_moran_clustered": ("{name}: 공간적으로 모여 있습니다 — 비슷한 값의 지역끼리 이웃합니다.",
                                 "{name}: clustered — similar values sit next to each other."),
    "rd_moran_moran_dispersed": ("{name}: 흩어져 있습니다 — 서로 다른 값의 지역이 이웃합니다 (바둑판 모양).",
                                 "{name}: dispersed — unlike values sit next to each other (a checkerboard)."),
    "rd_moran_moran_none": ("{name}: 뚜렷한 공간 패턴이 없습니다 — 우연한 배치와 구별되지 않습니다.",
                            "{name}: no clear pattern — not distinguishable from a random arrangement."),
    "rd_moran_moran_bv_clustered": ("{a} 높은 지역의 이웃은 {b}도 높은 경향이 있습니다.",
                                    "Regions with high {a} tend to have neighbours with high {b}."),
    "rd_moran_moran_bv_dispersed": ("{a} 높은 지역의 이웃은 {b} 낮은 경향이 있습니다.",
                                    "Regions with high {a} tend to have neighbours with low {b}."),
    "rd_moran_moran_bv_none": ("이 지역의 {a}·이웃의 {b} 사이에 뚜렷한 공간 관계가 없습니다.",
                               "No clear link between a region's {a} and its neighbours' {b}."),
    "rd_moran_moran_diff_clustered": ("변화가 공간적으로 모여 있습니다 — 늘어난 곳끼리, 줄어든 곳끼리 이웃합니다.",
                                      "The change is clustered: regions that gained sit next to each other, as do "
                                      "those that lost."),
    "rd_moran_moran_diff_dispersed": ("변화가 흩어져 있습니다 — 늘어난 곳 옆에 줄어든 곳이 있습니다.",
                                      "The change is dispersed: gains sit next to losses."),
    "rd_moran_moran_diff_none": ("변화에 뚜렷한 공간 패턴이 없습니다.", "No clear spatial pattern in the change."),
    "rd_moran_detail": ("모란 I = {I:.3f} (패턴이 없을 때 기대값 {EI:.3f}), z = {z:.2f}, p = {p:.3f} · {perms}회 순열, "
                        "시드 {seed}, {n}개 지역",
                        "Moran's I = {I:.3f} (expected {EI:.3f} with no pattern), z = {z:.2f}, p = {p:.3f} · {perms} "
                        "permutations, seed {seed}, {n} regions"),
    "rd_moran_small_n": ("지역이 {n}곳뿐이라 검정력이 약합니다: 참고용으로 읽으십시오.",
                         "Only {n} regions: the test is weak, read it as indicative."),
    # the scorecard: do the neighbours share a top specialisation? (analysis.readings.NeighbourReading)
    "rd_neighbours_title": ("이웃도 특화되어 있나? (상위 특화 산업, 유의하지 않은 것 포함)",
                            "Do the neighbours share it? (top specialisations, significant or not)"),
    "rd_neighbours_shared": ("{industry} 입지계수 {lq:.2f}: 이웃 {n}곳은 {low:.2f}–{high:.2f} (평균 {mean:.2f}) — "
                             "이웃도 이 산업에 특화되어 있습니다.",
                             "{industry} LQ {lq:.2f}: its {n} neighbours {low:.2f}–{high:.2f} (mean {mean:.2f}) — "
                             "the neighbours share this specialisation."),
    "rd_neighbours_partly": ("{industry} 입지계수 {lq:.2f}: 이웃 {n}곳은 {low:.2f}–{high:.2f} (평균 {mean:.2f}) — "
                             "{k}곳만 특화(1 이상)되어 있어 이웃은 대체로 이 특화를 공유하지 않습니다.",
                             "{industry} LQ {lq:.2f}: its {n} neighbours {low:.2f}–{high:.2f} (mean {mean:.2f}) — "
                             "only {k} of them specialised (LQ ≥ 1): the neighbours mostly do not share it."),
    "rd_neighbours_not_shared": ("{industry} 입지계수 {lq:.2f}: 이웃 {n}곳은 {low:.2f}–{high:.2f} (평균 {mean:.2f}) "
                                 "— 특화된 이웃이 없습니다: 이 지역만의 특화입니다.",
                                 "{industry} LQ {lq:.2f}: its {n} neighbours {low:.2f}–{high:.2f} (mean {mean:.2f}) "
                                 "— no neighbour is specialised: the specialisation is the region's own."),
    "rd_neighbours_alone": ("{industry} 입지계수 {lq:.2f}: 비교할 이웃이 없습니다.",
                            "{industry} LQ {lq:.2f}: no neighbour to compare with."),
    "rd_lisa_significant": ("LISA: {quadrant} (p = {p:.3g}, 유의함)", "LISA: {quadrant} (p = {p:.3g}, significant)"),
    "rd_lisa_not_significant": ("LISA: {quadrant} — 유의하지 않음 (p = {p:.3g}): 우연으로도 나올 수 있는 배치",
                                "LISA: {quadrant} — not significant (p = {p:.3g}): could be chance"),
    "rd_quadrant_HH": ("이 지역·이웃 모두 전체 평균보다 높음", "above the all-region average here and around"),
    "rd_quadrant_LL": ("이 지역·이웃 모두 전체 평균보다 낮음", "below the all-region average here and around"),
    "rd_quadrant_LH": ("이 지역은 전체 평균보다 낮고 이웃은 높음", "below the all-region average here, above it around"),
    "rd_quadrant_HL": ("이 지역은 전체 평균보다 높고 이웃은 낮음", "above the all-region average here, below it around"),
    # the Change tab's change between two years (analysis.readings.DifferenceReading)
    "rd_diff_head": ("{before}→{after}년: {up}곳에서 늘고 {down}곳에서 줄었습니다.",
                     "{before}→{after}: up in {up} regions, down in {down}."),
    "rd_diff_extremes": ("가장 많이 늘어난 곳은 {gain} ({gv:+,.2f}{unit}), 가장 많이 줄어든 곳은 {loss} "
                         "({lv:+,.2f}{unit}).",
                         "Largest rise: {gain} ({gv:+,.2f}{unit}); largest fall: {loss} ({lv:+,.2f}{unit})."),
    # the glossary as help
    "gl_title": ("용어 설명", "Glossary"),
    # refusals of a change (analysis.change, DataError with a Note); English: the note itself
    "note_change_same_year": ("변화를 보려면 서로 다른 두 해가 필요합니다 (둘 다 {year}년). {year}년과 비교할 수 있는 "
                              "연도: {years}.", "{detail}"),
    "note_change_not_complete": ("{other}년에는 {x_label}·{y_label} 자료가 같은 지역을 모두 갖추고 있지 않습니다",
                                 "{detail}"),
    "note_change_not_comparable": ("{other}년은 {year}년과 비교할 수 없습니다 ({why}). {year}년과 비교할 수 있는 "
                                   "연도: {years}.", "{detail}"),
    # the Change tab's reading of the Markov transitions (analysis.transitions.reading)
    "rd_markov_moves": ("{span}년 {n}개 지역의 {steps}회 이동 중 {stay:.0%}는 같은 분위에 머물렀고, {up:.0%}는 위로, "
                        "{down:.0%}는 아래로 옮겼습니다.",
                        "Over {span}, {n} regions made {steps} year-to-year steps: {stay:.0%} stayed in their share "
                        "class, {up:.0%} moved up and {down:.0%} moved down."),
    "rd_markov_too_few": ("이웃의 분위별로 비교하기에는 이동 횟수가 너무 적습니다.",
                          "Too few transitions per neighbour class to compare regions with rich and poor neighbours."),
    "rd_markov_rich_up": ("이웃 지역의 비중이 높은 지역(상위 분위)이 더 자주 위로 이동했습니다: {hi:.0%} 대 {lo:.0%} "
                          "(피셔 정확검정 p = {p:.3f}).",
                          "Regions with rich neighbours (top lag class) moved up more often than regions with poor "
                          "neighbours: {hi:.0%} of their steps against {lo:.0%} (Fisher's exact p = {p:.3f})."),
    "rd_markov_poor_up": ("이웃 지역의 비중이 낮은 지역이 오히려 더 자주 위로 이동했습니다: {lo:.0%} 대 {hi:.0%} "
                          "(피셔 정확검정 p = {p:.3f}).",
                          "Regions with poor neighbours moved up more often than regions with rich neighbours: "
                          "{lo:.0%} of their steps against {hi:.0%} (Fisher's exact p = {p:.3f})."),
    "rd_markov_unclear": ("이웃의 분위에 따른 상향 이동의 차이는 뚜렷하지 않습니다: 이웃 비중 상위 {hi:.0%} "
                          "({k_hi}/{n_hi}), 하위 {lo:.0%} ({k_lo}/{n_lo}), 피셔 정확검정 p = {p:.2f}.",
                          "No clear difference in moving up between regions with rich neighbours ({hi:.0%}, "
                          "{k_hi} of {n_hi} steps) and poor neighbours ({lo:.0%}, {k_lo} of {n_lo}); Fisher's exact "
                          "p = {p:.2f}."),
    "rd_markov_q_differ": ("이웃의 분위에 따라 전이행렬이 다른지에 대한 검정(Q = {q:.1f}, p = {p:.3f}): 이웃이 중요합니다.",
                           "Homogeneity test (Q = {q:.1f}, p = {p:.3f}): the transitions differ by the neighbours' "
                           "class."),
    "rd_markov_q_same": ("이웃의 분위에 따라 전이행렬이 다른지에 대한 검정(Q = {q:.1f}, p = {p:.3f}): 차이를 확인할 수 "
                         "없습니다.",
                         "Homogeneity test (Q = {q:.1f}, p = {p:.3f}): no evidence that the transitions differ by the "
                         "neighbours' class."),
    "rd_markov_tau_still": ("{y0}년과 {y1}년 순위의 켄달 τ = {tau:.2f} — 순위가 거의 바뀌지 않았습니다.",
                            "Kendall's τ between the ranks of {y0} and {y1} is {tau:.2f}: the ranking barely changed."),
    "rd_markov_tau": ("{y0}년과 {y1}년 순위의 켄달 τ = {tau:.2f}.",
                      "Kendall's τ between the ranks of {y0} and {y1} is {tau:.2f}."),
    # ---- readings (issue 25): end -----------------------------------------------------------------------------
}
"""Key → (Korean, English) of the readings; merged into :data:`lang.catalogue.STRINGS`."""


GLOSSARY: dict[str, tuple[str, str, str, str]] = {
    "hoover": (
        "후버 지수", "Hoover index",
        "두 지표의 지역 분포가 얼마나 다른지: X가 Y처럼 분포하려면 옮겨야 할 X의 비율 (½ Σ|X 비중 − Y 비중|). "
        "0 = 같은 분포, 1 = 전혀 겹치지 않음.",
        "How different two regional distributions are: the share of X that would have to move for X to be "
        "distributed like Y (½ Σ|share X − share Y|). 0 = the same distribution, 1 = no overlap."),
    "theil": (
        "타일 지수", "Theil index",
        "불평등·불일치의 엔트로피 척도. 한 지표의 타일 지수는 수도권·비수도권 사이의 몫과 각 권역 안의 몫으로 "
        "나뉩니다. 타일(KL) 불일치는 Σ X 비중 · ln(X 비중 / Y 비중) (0 = 같은 분포).",
        "An entropy measure of inequality or mismatch. One indicator's Theil index splits into a part between the "
        "capital region and the rest and a part within each; the Theil (KL) mismatch is Σ share X · ln(share X / "
        "share Y) (0 = the same distribution)."),
    "lnm": (
        "ln M (불일치 비)", "ln M (mismatch ratio)",
        "한 지역의 X 비중 ÷ Y 비중의 자연로그. 0보다 크면 X가 상대적으로 많고(주황), 작으면 Y가 많습니다(보라). "
        "+0.69는 X 비중이 Y 비중의 두 배라는 뜻입니다.",
        "The natural log of a region's share of X divided by its share of Y. Above 0 the region has relatively "
        "more X (orange), below 0 more Y (purple); +0.69 means X's share is twice Y's."),
    "moran": (
        "모란 I", "Moran's I",
        "비슷한 값이 이웃끼리 모여 있는 정도 (전역). 기대값(−1/(n−1))보다 크고 p가 작으면 모여 있음, 작으면 흩어져 "
        "있음. p는 지역 값을 무작위로 섞은 순열검정에서 나옵니다.",
        "How much similar values sit next to each other (global). Above its expectation (−1/(n−1)) with a small p: "
        "clustered; below: dispersed. p comes from a permutation test that shuffles the regions' values."),
    "lisa": (
        "LISA (국지 모란)", "LISA (local Moran)",
        "지역마다 자신과 이웃의 값을 비교해 군집(고-고, 저-저)과 이상지역(고-저, 저-고)을 찾습니다. 순열검정의 "
        "p가 기준 이하인 지역만 색칠하고 나머지는 회색(유의하지 않음)입니다.",
        "Compares each region's value with its neighbours' to find clusters (high-high, low-low) and outliers "
        "(high-low, low-high). Only regions whose permutation p is at or below the cut-off are coloured; the rest "
        "are grey (not significant)."),
    "gi": (
        "Gi* (게티스-오드)", "Gi* (Getis-Ord)",
        "한 지역과 이웃의 합이 전체에 비해 유난히 큰 곳(핫스팟)과 작은 곳(콜드스팟)을 찾습니다.",
        "Finds where a region and its neighbours together hold unusually much (hot spot) or little (cold spot)."),
    "lq": (
        "입지계수 (LQ)", "Location quotient (LQ)",
        "지역 안에서 한 산업이 차지하는 비중 ÷ 전국에서 그 산업의 비중. 1보다 크면 전국보다 그 산업에 특화되어 "
        "있습니다 (예: 2.70 = 전국 수준의 2.7배).",
        "An industry's share of the region's economy divided by its share of the national economy. Above 1 the "
        "region is specialised in it (e.g. 2.70 = 2.7 times the national level)."),
    "shift_share": (
        "변이-할당 분석", "Shift-share analysis",
        "한 지역 산업의 성장을 전국 성장 요인, 산업 구성 요인(전국에서 빨리 크는 산업이 많은가), 지역 경쟁력 "
        "요인(같은 산업이 전국보다 빨리 컸는가)으로 나눕니다.",
        "Splits a region's growth into a national component, an industry-mix component (does it hold industries "
        "that grew fast nationally?) and a competitive component (did its industries grow faster than nationally?)."),
    "markov": (
        "마르코프 전이", "Markov transitions",
        "지역이 해마다 비중의 분위(상·중·하) 사이를 옮겨 다닌 빈도를 확률로 나타낸 표. 공간 마르코프는 이웃의 "
        "분위별로 나누어 이웃이 이동에 영향을 주는지 봅니다.",
        "A table of how often regions moved between share classes from year to year, as probabilities. Spatial "
        "Markov splits it by the neighbours' class to see whether neighbours shape the moves."),
}
"""Term → (Korean name, English name, Korean text, English text): the glossary."""


def glossary_text(terms: tuple[str, ...] | list[str], lang: str) -> str:
    """The glossary entries of ``terms`` in ``lang`` as Markdown, one paragraph each (a help popover's text).

    Examples
    --------
    >>> glossary_text(["lq"], "en").startswith("**Location quotient (LQ)**")
    True
    """
    i = ("ko", "en").index(lang)
    return "\n\n".join(f"**{GLOSSARY[k][i]}**: {GLOSSARY[k][2 + i]}" for k in terms)


def glossary_markdown() -> str:
    """The whole glossary as a Markdown page in both languages (``docs/glossary.md``)."""
    lines = ["# Glossary / 용어 설명", "",
             "Generated from `lang/readings.py` (`python -m lang.readings > docs/glossary.md`); the app shows the "
             "same entries as help beside each view.", ""]
    for ko, en, text_ko, text_en in GLOSSARY.values():
        lines += [f"## {en} / {ko}", "", text_en, "", text_ko, ""]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - writes the docs page
    print(glossary_markdown())
