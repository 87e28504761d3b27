"""Words of the presenter's story (issue 25 items 3, 5, 6): why a step cannot be shown, what a link asked for that
the atlas could not give, slide headings with their year, the files' names. Kept apart from the rest of the
catalogue so parallel edits of :mod:`lang.catalogue` merge; :data:`STORY` is merged into
:data:`lang.catalogue.STRINGS`.

The reasons are :class:`geo.notes.Note` entries (``note_<key>``): their English text is made by
:mod:`report.story_check` and the Korean one here, from the same fields. Fields hold names in both languages
(``name_ko`` / ``name_en``, ``x_ko`` …), never an indicator id, so no sentence on the page, a slide or a file
shows one. Korean templates avoid particles right after a filled-in name (은/는 depend on the name's last sound).
"""

from __future__ import annotations

__all__ = ["STORY"]

STORY: dict[str, tuple[str, str]] = {
    # ---- story (issue 25 items 3, 5): begin --------------------------------------------------------------------
    # why a step cannot be shown (report.story_check.check_step): one line each, greyed out in the builder
    "note_step_trend_one_year": ("{x_ko} 대 {y_ko}: {year}년까지 같은 지역으로 비교할 수 있는 해가 {year}년 하나뿐이라 "
                                 "추세를 그릴 수 없습니다.", "{detail}"),
    "note_step_no_clusters": ("{year}년에는 {x_ko} 또는 {y_ko}의 값이 모든 지역에서 같아 공간군집이 없습니다.",
                              "{detail}"),
    "note_step_map_no_year": ("{year}년 이전에 모든 {level_word}의 값이 있는 해가 없습니다.", "{detail}"),
    "note_step_map_no_level": ("{level_word} 자료가 없습니다.", "{detail}"),
    "note_step_unknown_indicator": ("지도 단계 하나가 이 아틀라스(또는 이 세션의 업로드)에 없는 지표를 가리킵니다.",
                                    "{detail}"),
    "note_step_spec_not_industry": ("{level_word} 산업 특화 자료의 산업이 아닙니다.", "{detail}"),
    "note_step_spec_no_year": ("{year}년 이전에 {level_word} 입지계수를 계산할 수 있는 해가 없습니다.", "{detail}"),
    "note_step_spec_no_level": ("{level_word}에는 산업 특화 자료가 없습니다.", "{detail}"),
    "note_step_unknown": ("알 수 없는 단계입니다.", "{detail}"),
    # why a pair cannot be told at all (the builder's Apply is greyed out with it)
    "note_story_pair_unknown": ("이야기의 지표를 이 아틀라스(또는 이 세션의 업로드)에서 찾을 수 없습니다.", "{detail}"),
    "note_story_pair_same": ("X와 Y가 같은 지표입니다. 서로 다른 두 지표를 고르세요.", "{detail}"),
    "note_story_pair_intensive": ("{name_ko}: 비율·밀도 지표라 전국 대비 비중을 비교할 수 없습니다. 총량 지표를 "
                                  "고르세요.", "{detail}"),
    "note_story_pair_base_years": ("{x_ko}의 기준연도({bx})와 {y_ko}의 기준연도({by})가 달라 비교할 수 없습니다. "
                                   "기준연도가 같은 두 지표를 고르세요.", "{detail}"),
    "note_story_pair_views": ("{x_ko}의 시군구 구분과 {y_ko}의 시군구 구분이 달라 비교할 수 없습니다.", "{detail}"),
    "note_story_pair_no_year": ("{x_ko} 대 {y_ko}: 두 지표 모두 모든 {level_word}의 값이 있는 해가 없어 비교할 수 "
                                "없습니다.", "{detail}"),
    "note_story_pair_no_level": ("{name_ko}: {level_word} 자료가 없습니다.", "{detail}"),
    # what a link asked for that could not be given (one sentence each, on the page and in the ⚙ menu)
    "note_story_link_unknown": ("링크의 지표를 이 아틀라스(또는 이 세션의 업로드)에서 찾을 수 없어 기본 이야기를 "
                                "보여 줍니다.", "{detail}"),
    "note_story_link_pair": ("링크의 두 지표는 비교할 수 없어 기본 이야기를 보여 줍니다: {reason}", "{detail}"),
    "note_story_link_year": ("링크의 연도 {asked}년에는 {x_ko} 대 {y_ko}를 비교할 수 없어 {year}년을 보여 줍니다.",
                             "{detail}"),
    "note_story_link_steps": ("링크의 단계 {n}개는 이 이야기에서 보여 줄 수 없어 뺐습니다: {steps_ko}.", "{detail}"),
    "note_story_link_level": ("링크의 공간 단위를 알 수 없어 {level_word}를 보여 줍니다.", "{detail}"),
    "note_story_link_bad_year": ("링크의 연도를 읽을 수 없어 최신 공통 연도를 보여 줍니다.", "{detail}"),
    "note_story_link_bad_steps": ("링크의 단계 {n}개를 알 수 없어 뺐습니다.", "{detail}"),
    # the builder
    "story_step_unknown": ("알 수 없는 단계", "unknown step"),
    "story_cannot": ("쓸 수 없는 단계", "Steps this story cannot show"),
    "story_pair_problem": ("이 쌍으로는 이야기를 만들 수 없습니다", "This pair cannot be told"),
    "present_step_failed": ("이 단계는 그릴 수 없습니다. ⚙에서 단계를 바꿔 보세요.",
                            "This step cannot be drawn; change the steps in ⚙."),
    "present_quiet": ("{label} = {value}, {detail}: 유의하지 않아 헤드라인 숫자로 쓰지 않습니다.",
                      "{label} = {value}, {detail}: not significant, so not a headline number."),
    # slide headings name their year (report.deck.step_title)
    "step_title_year": ("{title} ({years}년)", "{title}, {years}"),
    "step_title_span": ("{title} ({first}–{last}년)", "{title}, {first}–{last}"),
    # the trend slide (report.trend_figure)
    "trend_hoover_title": ("불일치: 후버 지수 (0 = 같은 분포)", "Mismatch: Hoover index (0 = same)"),
    "trend_share_title": ("수도권 비중 (%)", "Capital region's share (%)"),
    # the cluster slide's notes: the test's cut-off, permutations and seed
    "notes_crit": ("p ≤ {crit}, {n}회 순열, 시드 {seed}", "p ≤ {crit}, {n} perm., seed {seed}"),
    # the files' names: level, pair and year (report.story_check.file_stem)
    "file_stem": ("RIES_{level}_{x}_대_{y}_{year}", "RIES_{level}_{x}_vs_{y}_{year}"),
    # ---- story: end ---------------------------------------------------------------------------------------------
}
"""Story entries: key → (Korean, English), merged into :data:`lang.catalogue.STRINGS`."""
