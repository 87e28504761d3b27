"""A presenter's story: which pair, level, year and steps, in which order, as URL parameters.

A story is small and plain (ids, a level, a year, step tokens) so it lives in the page's URL and a copied link
reopens the same slideshow. :func:`story_steps` turns it into the :class:`report.deck.Step` sequence that the
presenter page shows and :func:`report.deck.deck_pptx` writes.

Step tokens: ``x`` and ``y`` (the map of each indicator), ``mismatch`` (ln M map), ``clusters`` (bivariate LISA of
x against the neighbours' y), ``trend`` (Hoover index over the comparable years), ``map:<id>`` (the map of any
other indicator, an uploaded one included) and ``spec:<industry id>`` (the location quotients of one industry of
the level's specialisation data: where the region is specialised).

Examples
--------
>>> s = Story("rd_expenditure_from_share", "gva_manufacturing_nominal_b2020", steps=("mismatch", "x"))
>>> s.to_params()["psteps"]
'mismatch,x'
>>> story_from_params(s.to_params(), DEFAULT_STORY)[0] == s
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from analysis.defaults import STUDY_LEVELS
from analysis.labels import role_names
from analysis.notes import Note
from analysis.store import Store
from report.deck import Step, specialisation_step, steps_for, titles

__all__ = ["DEFAULT_STORY", "MAX_STEPS", "PARAMS", "PREFIXES", "STEP_TOKENS", "Story", "story_from_params",
           "story_steps"]

MAX_STEPS = 30
"""Most steps a story shows: each is a map drawn for the page and the deck; links asking for 300 and 2,000 steps
held the server for minutes with the download buttons greyed out (issue 30). A longer link keeps the first 30 and
says so."""

STEP_TOKENS: tuple[str, ...] = ("x", "y", "mismatch", "clusters", "trend")
"""Step tokens other than ``map:<id>``, in their default order."""

PARAMS: dict[str, str] = {"x": "px", "y": "py", "level": "plevel", "year": "pyear", "steps": "psteps"}
"""Story field → URL parameter (``p`` for presenter, so they never clash with the tabs' own parameters, e.g. the
Specialisation tab's ``slevel``/``syear``)."""


@dataclass(frozen=True)
class Story:
    """What the presenter shows.

    Attributes
    ----------
    x, y : str
        Indicator ids compared (x first: its surplus is orange on the mismatch map).
    level : str
        One of :data:`analysis.defaults.STUDY_LEVELS`.
    year : int or None
        Year compared (None: the latest year both have).
    steps : tuple of str
        Step tokens in the order shown (see the module docstring).
    """

    x: str
    y: str
    level: str = "sido"
    year: int | None = None
    steps: tuple[str, ...] = ("x", "y", "mismatch", "clusters")

    def to_params(self) -> dict[str, str]:
        """The story as URL parameters (``px``, ``py``, ``plevel``, ``pyear``, ``psteps``)."""
        out = {PARAMS["x"]: self.x, PARAMS["y"]: self.y, PARAMS["level"]: self.level,
               PARAMS["steps"]: ",".join(self.steps)}
        if self.year is not None:
            out[PARAMS["year"]] = str(self.year)
        return out


DEFAULT_STORY = Story("rd_expenditure_from_share", "gva_manufacturing_nominal_b2020")
"""The story shown when the URL names none: R&D against manufacturing, sido, latest common year."""


PREFIXES: tuple[str, ...] = ("map:", "spec:")
"""Step tokens that name an indicator (``map:<id>``) or an industry (``spec:<id>``)."""


def _valid_token(token: str) -> bool:
    return token in STEP_TOKENS or any(token.startswith(p) and len(token) > len(p) for p in PREFIXES)


def story_from_params(params: Mapping[str, str], default: Story = DEFAULT_STORY) -> tuple[Story, list[str]]:
    """Read a story from URL parameters; what cannot be read falls back to ``default``, with a message.

    Parameters
    ----------
    params : mapping
        ``st.query_params`` or any str → str mapping.
    default : Story
        Used for every missing or unreadable field.

    Returns
    -------
    (Story, list of Note)
        The story and one note per parameter ignored (empty when the link was fine), said in the page's language
        by :func:`lang.say` without the link's text (the English keeps it).
    """
    problems: list[str] = []
    story = default
    x, y = params.get(PARAMS["x"]), params.get(PARAMS["y"])
    if x:
        story = replace(story, x=str(x))
    if y:
        story = replace(story, y=str(y))
    level = params.get(PARAMS["level"])
    if level:
        if level in STUDY_LEVELS:
            story = replace(story, level=str(level))
        else:
            problems.append(Note("story_link_level", "level {asked} ignored: choose one of {levels}.",
                                 asked=repr(str(level)[:40]), levels=", ".join(STUDY_LEVELS), level=story.level))
    year = params.get(PARAMS["year"])
    if year:
        try:
            story = replace(story, year=int(year))
        except ValueError:
            problems.append(Note("story_link_bad_year", "year {asked} ignored: not a year.",
                                 asked=repr(str(year)[:40])))
    steps = params.get(PARAMS["steps"])
    if steps is not None:
        tokens = [t.strip() for t in str(steps).split(",") if t.strip()]
        bad = [t for t in tokens if not _valid_token(t)]
        good = tuple(t for t in tokens if _valid_token(t))
        if bad:
            shown = ", ".join(repr(b[:40]) for b in bad[:5]) + (f" (+{len(bad) - 5:,})" if len(bad) > 5 else "")
            problems.append(Note("story_link_bad_steps", "steps {steps} ignored: use {tokens}, map:<indicator id> or "
                                 "spec:<industry id>.", steps=shown, tokens=", ".join(STEP_TOKENS), n=len(bad)))
        if len(good) > MAX_STEPS:
            problems.append(Note("story_too_many_steps", "the link asks for {n} steps; a story shows at most {most}: "
                                 "the first {most} are kept.", n=f"{len(good):,}", most=MAX_STEPS))
            good = good[:MAX_STEPS]
        if good:
            story = replace(story, steps=good)
    return story, problems


def story_steps(store: Store, story: Story, year: int | None = None) -> tuple[Step, ...]:
    """The slides of a story, in its order (headings from the store's labels, uploads included), each with the
    year it shows; steps the pair or year cannot support (:func:`report.story_check.check_story`) are left out.

    ``year`` is the year the slides show (the briefing's, when the story says "latest"); with it, an indicator
    whose share of the national total cannot be computed that year is mapped by its values. A ``map:`` step shows
    the indicator's latest complete year not after it, a ``spec:`` step the latest year of the industry data.

    Raises
    ------
    DataError
        An unknown indicator id of the pair (the message names it).
    """
    from report.story_check import check_story

    year = story.year if year is None else year
    base = steps_for(store, story.x, story.y, story.level, year)
    by_token = {"x": base[0], "y": base[1], "mismatch": base[2], "clusters": base[3]}
    check = check_story(store, replace(story, year=year))
    out: list[Step] = []
    for c in check.shown:
        token = c.token
        if token in by_token:
            out.append(replace(by_token[token], year=c.year))
        elif token == "trend":
            names = role_names(*((store.label(i, "ko"), store.label(i, "en")) for i in (story.x, story.y)))
            out.append(Step("trend", *titles("step_trend", x=names["a"], y=names["b"]), year=c.year, since=c.since))
        elif token.startswith("map:"):
            out.append(replace(steps_for(store, token[4:], story.y, story.level, c.year)[0], year=c.year))
        elif token.startswith("spec:"):
            out.append(replace(specialisation_step(store, token[5:]), year=c.year))
    return tuple(out)
