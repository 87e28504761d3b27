"""What a story can show, checked before anything is drawn: a story that cannot embarrass (issue 25 item 3).

A presenter's story (:class:`report.story.Story`) names a pair, a level, a year and steps. Not every step can be
shown for every pair and year: a trend needs two comparable years, the clusters need x and y to vary, an
indicator's map needs a complete year, an industry's location quotients need the level's specialisation data.
:func:`check_step` says, for one step, the year its slide shows or why it cannot be shown (an
:class:`analysis.notes.Note` said in the page's language by :func:`lang.say`, with names in both languages and no
id); :func:`check_story` does it for a whole story; :func:`resolve_story` turns a story read from a link into one
that can be shown, with one sentence per thing it had to change. The builder greys out the steps that cannot be
shown; the slides and the deck are made of the others only, so no slide ever holds an error.

A ``map:<id>`` step shows the indicator's latest complete year not after the story's year (named on its slide); a
``spec:<id>`` step the latest year of the level's industry data not after it.

Examples
--------
>>> from analysis.store import bundled
>>> from report.story import Story
>>> check = check_story(bundled(), Story("rd_expenditure_from_share", "gva_manufacturing_nominal_b2020",
...                                      steps=("x", "trend")))
>>> check.year, [s.token for s in check.steps if s.ok], str(check.steps[1].reason)[:45]
(2022, ['x'], 'R&D expenditure and Manufacturing value added')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from analysis.compare import comparable_years, trend_years
from analysis.errors import AtlasError
from analysis.labels import role_names, short_label
from analysis.notes import Note
from analysis.store import Store
from lang import LANGS, t

__all__ = ["StepCheck", "StoryCheck", "check_pair", "check_step", "check_story", "file_stem", "resolve_story",
           "step_name"]


@dataclass(frozen=True)
class StepCheck:
    """Whether one step of a story can be shown, and of which year.

    Attributes
    ----------
    token : str
        The step token (``x``, ``trend``, ``map:<id>`` …).
    year : int or None
        The year its slide shows (None when it cannot be shown).
    since : int or None
        The first year of a trend step (its slide shows ``since``–``year``).
    reason : Note or None
        Why it cannot be shown (None when it can), said by :func:`lang.say`.
    """

    token: str
    year: int | None
    since: int | None = None
    reason: Note | None = None

    @property
    def ok(self) -> bool:
        """True when the step can be shown."""
        return self.reason is None


@dataclass(frozen=True)
class StoryCheck:
    """A story's steps checked against its pair and year.

    Attributes
    ----------
    year : int or None
        The year compared (the story's, or the latest comparable one); None when the pair cannot be compared.
    problem : Note or None
        Why the pair cannot be compared at this level at all (then every step is left out).
    steps : tuple of StepCheck
        One per step of the story, in its order.
    """

    year: int | None
    problem: Note | None
    steps: tuple[StepCheck, ...]

    @property
    def shown(self) -> tuple[StepCheck, ...]:
        """The steps that can be shown, in the story's order."""
        return tuple(s for s in self.steps if s.ok)

    @property
    def left_out(self) -> tuple[StepCheck, ...]:
        """The steps that cannot be shown, with their reasons."""
        return tuple(s for s in self.steps if not s.ok)


def _names(store: Store, indicator: str) -> dict[str, str]:
    """The short label of ``indicator`` in both languages, as note fields ``name_ko`` / ``name_en``."""
    return {f"name_{lang}": short_label(store.label(indicator, lang)) for lang in LANGS}


def _pair_names(store: Store, x: str, y: str) -> dict[str, str]:
    """x's and y's names as note fields (``x_ko``, ``x_en``, ``y_ko``, ``y_en``): short unless they read the same."""
    names = role_names(*((store.label(i, "ko"), store.label(i, "en")) for i in (x, y)))
    return {f"{role}_{lang}": names[key][n] for role, key in (("x", "a"), ("y", "b")) for n, lang in enumerate(LANGS)}


def _known(store: Store, indicator: str) -> bool:
    return indicator in store.catalogue.index


def check_pair(store: Store, x: str, y: str, level: str) -> tuple[list[int], Note | None]:
    """The years x and y can be compared in at ``level`` (ascending), or why they cannot be compared at all.

    The reasons are those of :func:`analysis.compare.compare` (one extensive indicator each, one base year, one
    si-gun-gu view, a year in which both cover every region), said with the indicators' names.
    """
    if x == y:
        return [], Note("story_pair_same", "X and Y are the same indicator; pick two different ones.")
    for i in (x, y):
        if not _known(store, i):
            return [], Note("story_pair_unknown", "an indicator of the story is not in this atlas (or in this "
                                                  "session's uploads).")
    names = _pair_names(store, x, y)
    for i in (x, y):
        if i not in store.available(level):
            n = _names(store, i)
            return [], Note("story_pair_no_level", "{name_en} has no {level} data.", level=level, **n)
        if str(store.row(i)["nature"]) != "extensive":
            n = _names(store, i)
            return [], Note("story_pair_intensive", "{name_en} is a rate or density: shares of a national total "
                                                    "need amounts or counts.", **n)
    bx, by = str(store.row(x)["base_year"]), str(store.row(y)["base_year"])
    if "none" not in (bx, by) and bx != by:
        return [], Note("story_pair_base_years", "{x_en} is in base year {bx} and {y_en} in base year {by}: "
                                                 "pick two indicators of one base year.", bx=bx, by=by, **names)
    if store.autonomous(x, level) != store.autonomous(y, level):
        return [], Note("story_pair_views", "{x_en} and {y_en} are on different si-gun-gu views.", **names)
    years = comparable_years(store, x, y, level)
    if not years:
        return [], Note("story_pair_no_year", "{x_en} and {y_en} have no year in which both cover every {level} "
                                              "region.", level=level, **names)
    return years, None


def _varies(store: Store, indicator: str, level: str, year: int) -> bool:
    values = store.get(indicator, level, year).dropna().to_numpy(float)
    return bool(len(values) and np.ptp(values) > 0)


def _latest(years: list[int], year: int) -> int | None:
    before = [y for y in years if y <= year]
    return before[-1] if before else None


def _spec_years(store: Store, industry: str, level: str) -> list[int]:
    from analysis.region_profile import profile_years

    have = set(store.years(industry, level)) if industry in store.available(level) else set()
    return [y for y in profile_years(store, level) if y in have]


def check_step(store: Store, x: str, y: str, level: str, year: int, token: str) -> StepCheck:
    """Whether the step ``token`` of a story of x against y at ``level`` in ``year`` can be shown.

    ``year`` must be a comparable year of the pair (:func:`check_pair`).

    Returns
    -------
    StepCheck
        The year its slide shows, or the reason it cannot be shown.
    """
    if token in ("x", "y", "mismatch"):
        return StepCheck(token, year)
    if token == "clusters":
        if _varies(store, x, level, year) and _varies(store, y, level, year):
            return StepCheck(token, year)
        return StepCheck(token, None, reason=Note(
            "step_no_clusters", "in {year} {x_en} or {y_en} is the same in every region: there are no clusters.",
            year=year, **_pair_names(store, x, y)))
    if token == "trend":
        _, years, _ = trend_years(store, x, y, level, year)
        years = [v for v in years if v <= year]
        if len(years) >= 2:
            return StepCheck(token, year, since=years[0])
        return StepCheck(token, None, reason=Note(
            "step_trend_one_year", "{x_en} and {y_en} compare on the same regions in {year} only (up to {year}): "
            "no trend to show.", year=year, **_pair_names(store, x, y)))
    if token.startswith("map:"):
        ind = token[4:]
        if not _known(store, ind):
            return StepCheck(token, None, reason=Note(
                "step_unknown_indicator", "a map step names an indicator that is not in this atlas (or in this "
                                          "session's uploads)."))
        if ind not in store.available(level):
            return StepCheck(token, None, reason=Note("step_map_no_level", "no {level} data.",
                                                      level=level, **_names(store, ind)))
        shown = _latest(store.complete_years(ind, level), year)
        if shown is None:
            return StepCheck(token, None, reason=Note(
                "step_map_no_year", "no year up to {year} with a value for every {level} region.",
                year=year, level=level, **_names(store, ind)))
        return StepCheck(token, shown)
    if token.startswith("spec:"):
        ind = token[5:]
        from analysis.specialisation import set_for

        try:
            industries = set_for(level).industries
        except AtlasError:
            return StepCheck(token, None, reason=Note("step_spec_no_level", "{level} has no industry data for "
                                                                            "specialisation.", level=level))
        if not _known(store, ind):
            return StepCheck(token, None, reason=Note(
                "step_unknown_indicator", "a specialisation step names an industry that is not in this atlas."))
        if ind not in industries:
            return StepCheck(token, None, reason=Note(
                "step_spec_not_industry", "not an industry of the {level} specialisation data.",
                level=level, **_names(store, ind)))
        shown = _latest(_spec_years(store, ind, level), year)
        if shown is None:
            return StepCheck(token, None, reason=Note(
                "step_spec_no_year", "no year up to {year} has the {level} location quotients.",
                year=year, level=level, **_names(store, ind)))
        return StepCheck(token, shown)
    return StepCheck(token, None, reason=Note("step_unknown", "unknown step."))


def check_story(store: Store, story) -> StoryCheck:
    """Check every step of ``story`` (:class:`report.story.Story`) against its pair and year.

    The year is the story's when the pair can be compared in it, else the latest comparable year.
    """
    years, problem = check_pair(store, story.x, story.y, story.level)
    if problem is not None:
        return StoryCheck(None, problem, tuple(StepCheck(s, None, reason=problem) for s in story.steps))
    year = story.year if story.year in years else years[-1]
    return StoryCheck(year, None, tuple(check_step(store, story.x, story.y, story.level, year, s)
                                        for s in story.steps))


def step_name(store: Store, token: str, lang: str) -> str:
    """A step in words (the builder's list, the link's sentence): never an id.

    >>> from analysis.store import bundled
    >>> step_name(bundled(), "trend", "ko"), step_name(bundled(), "map:population_registered", "en")
    ('추세 (후버 지수)', 'Map: Registered population')
    """
    if token in ("mismatch", "clusters", "trend"):
        return t(f"story_step_{token}", lang)
    if token in ("x", "y"):
        return token.upper()
    for prefix, key in (("map:", "story_step_map"), ("spec:", "story_step_spec")):
        if token.startswith(prefix):
            ind = token[len(prefix):]
            name = short_label(store.label(ind, lang)) if _known(store, ind) else t("story_step_unknown", lang)
            return t(key, lang, name=name)
    return t("story_step_unknown", lang)


def resolve_story(store: Store, story, default) -> tuple[object, list[Note]]:
    """The story a link asked for, made showable: what cannot be shown is replaced or left out, each with a note.

    * an indicator the store does not know, or a pair that cannot be compared at the level: the default story
      (its pair, level and year; the link's steps are kept where they can be shown);
    * a year in which the pair cannot be compared: the latest comparable one;
    * steps that cannot be shown: left out (none left: the default steps that can be shown).

    Parameters
    ----------
    store : Store
    story, default : report.story.Story

    Returns
    -------
    (Story, list of Note)
        A story whose every step can be shown, and one note per change (said by :func:`lang.say`).
    """
    notes: list[Note] = []
    years, problem = check_pair(store, story.x, story.y, story.level)
    if problem is not None:
        if not (_known(store, story.x) and _known(store, story.y)):
            notes.append(Note("story_link_unknown", "an indicator of the link is not in this atlas (or in this "
                                                    "session's uploads): the default story is shown."))
        else:
            notes.append(Note("story_link_pair", "the link's two indicators cannot be compared: {reason} The "
                                                 "default story is shown.", reason=problem))
        story = replace(story, x=default.x, y=default.y, level=default.level, year=default.year)
        years, problem = check_pair(store, story.x, story.y, story.level)
        if problem is not None:  # the default itself (an upload replaced it?): nothing to show
            return story, notes
    if story.year is not None and story.year not in years:
        notes.append(Note("story_link_year", "{x_en} and {y_en} cannot be compared in {asked}: {year} is shown.",
                          asked=story.year, year=years[-1], **_pair_names(store, story.x, story.y)))
        story = replace(story, year=None)
    check = check_story(store, story)
    if check.left_out:
        left = tuple(s.token for s in check.left_out)
        notes.append(Note("story_link_steps", "{n} step(s) of the link cannot be shown in this story and were left "
                                              "out: {steps_en}.", n=len(left),
                          **{f"steps_{lang}": ", ".join(step_name(store, s, lang) for s in left) for lang in LANGS}))
    kept = tuple(s.token for s in check.shown)
    if not kept:
        kept = tuple(s.token for s in check_story(store, replace(story, steps=default.steps)).shown)
    return replace(story, steps=kept), notes


_UNSAFE = re.compile(r'[\\/:*?"<>|,;\x00-\x1f\s]+')


def file_stem(store: Store, level: str, x: str, y: str, year: int, lang: str) -> str:
    """A download's name: level, pair (short labels in the page's language) and year, safe on Windows.

    >>> from analysis.store import bundled
    >>> file_stem(bundled(), "sido", "rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", 2022, "en")
    'RIES_sido_R&D-expenditure_vs_Manufacturing-value-added-nominal_2022'
    >>> file_stem(bundled(), "sigungu", "gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015",
    ...           2020, "ko")
    'RIES_시군구_사업서비스업-부가가치_대_제조업-부가가치_2020'
    """
    names = role_names(*((store.label(i, "ko"), store.label(i, "en")) for i in (x, y)))

    def safe(text: str, most: int = 40) -> str:
        return _UNSAFE.sub("-", text).strip("-.,")[:most].strip("-.,") or "-"

    side = LANGS.index(lang)
    return t("file_stem", lang, level=safe(t(f"codes_level_{level}", lang)), x=safe(names["a"][side]),
             y=safe(names["b"][side]), year=year)
