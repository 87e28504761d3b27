"""Presenter mode: a slideshow of a story the presenter builds, for a 16:9 projector and a clicker.

Opened with the URL parameter ``present=1``. The story (pair, level, year, steps and their order: indicator maps,
mismatch, clusters, trend, an industry's specialisation, any other or uploaded indicator;
:mod:`report.story`) lives in the URL, so a copied link reopens the same slideshow; the ⚙ popover edits it and
downloads it as a PPTX deck or the one-page PDF briefing. Slide 1 shows the headline numbers as large cards,
the others one picture each, drawn by :func:`report.deck.step_figure` with ``slide=True`` (no title in the
picture, the map full height, 18 pt legend), so they need no network and match the deck.

Every slide fits the window (1280×720 to 1920×1080) without scrolling: the picture's height is capped by CSS at
the window height minus the title bar. A clicker sends → / ← / PageDown / PageUp / Space: a small script added
to the page once (through an ``st.iframe`` of the same origin, since ``st.html`` does not run scripts) clicks the ‹ / › buttons on those keys; it needs no network either.
"""

from __future__ import annotations

import html
import logging

import streamlit as st

from analysis.defaults import STUDY_LEVELS
from analysis.errors import AtlasError
from analysis.labels import role_names
from lang import error_text, pick, say, t
from report.briefing import Briefing, briefing, briefing_pdf, card_headlines
from report.deck import Step, deck_pptx, headline_cards, short_label, step_figure, step_title
from report.static_map import figure_bytes, png_size
from report.story import DEFAULT_STORY, MAX_STEPS, PARAMS, STEP_TOKENS, Story, story_from_params, story_steps
from report.story_check import check_pair, check_step, file_stem, resolve_story
from ui import data, keys, memory
from ui.choices import labeller, pair_picker
from ui.streamlit_words import select_all
from ui.text import md

_LOG = logging.getLogger(__name__)

STEP = keys.STEP
"""URL parameter of the slide shown (0 = the headline numbers)."""
SLIDE_DPI = 150
"""Resolution of the slide pictures: 1920 × 1080 px, a 1080p projector's pixels."""

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding: 0.4rem 1.2rem 0 1.2rem !important;
  max-width: 100% !important;}
[data-testid="stMain"] {overflow: hidden;}
[data-testid="stMain"]::before {box-shadow: none !important;}  /* no focus frame round the slide after a key */
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] {gap: 0.5rem;}
.ries-title {font-size: clamp(1.2rem, 3.6vh, 2.6rem) !important; font-weight: 700; line-height: 1.25; margin: 0;
  white-space: normal; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
  overflow: hidden;}
.st-key-present_prev button p, .st-key-present_next button p {font-size: clamp(1.4rem, 3.6vh, 2.4rem);
  line-height: 1;}
.ries-counter {font-size: clamp(1.35rem, 3vh, 1.8rem) !important; text-align: center; color: #444;}
[data-testid="stImage"] img {max-height: calc(100vh - 5.2rem - 1vh); width: auto !important; max-width: 100%;
  object-fit: contain; display: block; margin: 0 auto;}
.ries-cards {display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.2rem;
  margin-top: 1.5vh;}
.ries-card {background: #f3f1f7; border-radius: 0.8rem; padding: 1.6vh 1.4rem;}
.ries-card .v {font-size: clamp(2.6rem, 10vh, 7rem) !important; font-weight: 800; color: #3f007d; line-height: 1.05;}
.ries-card .l {font-size: clamp(1.5rem, 3.3vh, 2.3rem) !important; line-height: 1.25; white-space: normal;}
.ries-card .d {font-size: clamp(1.35rem, 3vh, 1.9rem) !important; color: #555; line-height: 1.25;}
.ries-sub {font-size: clamp(1.35rem, 3vh, 2rem) !important; color: #444; margin: 0.3vh 0 0 0;}
.ries-quiet {margin-top: 1.5vh !important; color: #666;}
.st-key-present_keys, [data-testid="stLayoutWrapper"]:has(> .st-key-present_keys) {position: absolute !important;
  width: 1px; height: 1px; overflow: hidden; opacity: 0; pointer-events: none;}  /* its wrapper too: no gap */
/* the ⚙ menu: as tall as the window allows, so Apply and the downloads are reachable at 720p */
[data-testid="stPopoverBody"] {max-height: calc(100vh - 4.5rem) !important; overflow-y: auto !important;}
[data-testid="stPopoverBody"] [data-testid="stVerticalBlock"] {gap: 0.6rem;}
</style>
"""

_KEYS_JS = """
<script>
(function () {
  const win = window.parent, doc = win.document;
  if (win.__riesPresenterKeys) return;  // added once per page; the buttons are looked up at each key press
  const s = doc.createElement('script');
  s.textContent = `
    window.__riesPresenterKeys = function (e) {
      const t = e.target;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      if (!document.querySelector('.st-key-present_next')) return;  // not in presenter mode
      let key = null;
      if (e.key === 'ArrowRight' || e.key === 'PageDown' || (e.key === ' ' && !e.shiftKey)) key = 'present_next';
      if (e.key === 'ArrowLeft' || e.key === 'PageUp' || (e.key === ' ' && e.shiftKey)) key = 'present_prev';
      if (!key) return;
      e.preventDefault(); e.stopPropagation();
      const b = document.querySelector('.st-key-' + key + ' button');
      if (b && !b.disabled) { b.click(); b.blur(); }
    };
    document.addEventListener('keydown', window.__riesPresenterKeys, true);
  `;
  doc.head.appendChild(s);
})();
</script>
"""


def _story() -> tuple[Story, list[str]]:
    """The story of the link, made showable on this session's store (:func:`report.story_check.resolve_story`),
    and one note per thing the link asked for that could not be given."""
    story, problems = story_from_params({k: st.query_params.get(k) for k in PARAMS.values() if k in st.query_params},
                                        DEFAULT_STORY)
    story, notes = resolve_story(data.store(), story, DEFAULT_STORY)
    return story, [*problems, *notes]


@st.cache_resource(show_spinner=False, max_entries=16)
def _bundled_briefing(x: str, y: str, level: str, year: int | None) -> Briefing:
    return briefing(data.store(), x, y, level, year)


@st.cache_data(show_spinner=False, max_entries=64)
def _bundled_png(story: Story, index: int, lang: str) -> bytes:
    return _png(_briefing(story), story, index, lang)


def _png(b: Briefing, story: Story, index: int, lang: str) -> bytes:
    return figure_bytes(step_figure(b, story_steps(b.store, story, b.year)[index], lang, slide=True), "png",
                        dpi=SLIDE_DPI)


_MEMO_KEPT = 2 * MAX_STEPS + 4
"""Briefings and slide pictures a session keeps (a whole story in both languages); the oldest go first."""


def _session_memo(name: str, args: tuple, compute):
    """Results on a store with this session's uploads stay in this session (never in process-wide caches),
    the last :data:`_MEMO_KEPT` of them."""
    memo = st.session_state.setdefault("_presenter_memo", {})
    key = (name, data.store().key, *args)
    if key in memo:
        memo[key] = memo.pop(key)  # most recent last
    else:
        memo[key] = compute()
        while len(memo) > _MEMO_KEPT:
            memo.pop(next(iter(memo)))
    return memo[key]


def _briefing(story: Story) -> Briefing:
    """The briefing of the story's pair, level and year on this session's store."""
    args = (story.x, story.y, story.level, story.year)
    if data.store().key == "bundled":
        return _bundled_briefing(*args)
    return _session_memo("briefing", args, lambda: briefing(data.store(), *args))


def slide_png(story: Story, index: int, lang: str) -> bytes:
    """The picture of step ``index`` (0-based, without the headline slide) of ``story`` as a PNG."""
    if data.store().key == "bundled":
        return _bundled_png(story, index, lang)
    return _session_memo("png", (story, index, lang), lambda: _png(_briefing(story), story, index, lang))


def deck(story: Story, lang: str, progress=None) -> bytes:
    """The story as a PPTX deck, on this session's store (its uploads included)."""
    b = _briefing(story)
    return deck_pptx(b, lang, steps=story_steps(b.store, story, b.year), progress=progress)


def pdf(story: Story, lang: str) -> bytes:
    """The story's one-page briefing as PDF."""
    return briefing_pdf(_briefing(story), lang)


def _go(index: int) -> None:
    st.query_params[STEP] = str(index)


def _apply(story: Story) -> None:
    for key, value in story.to_params().items():
        st.query_params[key] = value
    if PARAMS["year"] not in story.to_params() and PARAMS["year"] in st.query_params:
        del st.query_params[PARAMS["year"]]
    st.query_params[STEP] = "0"


def _leave() -> None:
    for key in (keys.PRESENT, STEP):
        if key in st.query_params:
            del st.query_params[key]


def _extensive(level: str) -> list[str]:
    """Extensive indicators with data at ``level`` (bundled and uploaded), in catalogue order."""
    st_ = data.store()
    cat, avail = st_.catalogue, st_.available(level)
    return [i for i in cat.index if cat.at[i, "nature"] == "extensive" and i in avail]


def _industries(level: str) -> list[str]:
    """Industries of the level's specialisation data in every measure (value added, the business survey's workers
    …: the ``spec:<id>`` steps), none when it has none."""
    from analysis.specialisation import measures_for, set_for

    out: list[str] = []
    for measure in measures_for(level):
        try:
            out += list(set_for(level, measure=measure).industries)
        except AtlasError:
            continue
    return out


def _option_names(store, ids: list[str], lang: str) -> dict[str, str]:
    """Each indicator's short label, or its full label where two short ones read the same (the 2010- and
    2020-base manufacturing value added were both "Manufacturing value added, nominal" in the lists)."""
    full = {i: store.label(i, lang) if i in store.catalogue.index else i for i in dict.fromkeys(ids)}
    short = {i: short_label(v) for i, v in full.items()}
    seen: dict[str, int] = {}
    for v in short.values():
        seen[v] = seen.get(v, 0) + 1
    return {i: short[i] if seen[short[i]] == 1 else full[i] for i in full}


def _builder(story: Story, lang: str) -> None:
    """The ⚙ popover: pick level, pair, year and steps (in order); apply writes them to the URL.

    Every step is checked against the pair and year before Apply (:func:`report.story_check.check_step`): the ones
    they can support are offered, the others are listed greyed out, each with its reason in one line; a pair
    that cannot be compared at all says why and cannot be applied.
    """
    store = data.store()
    # level, suggested pair and year above, X and Y under them (the year's list follows the pair): one row less,
    # so Apply stays on a 720-px screen
    top1, top_pair, top2 = st.columns([1, 2, 1])
    c1, c2 = st.columns(2)
    level = top1.selectbox(t("level", lang), list(STUDY_LEVELS), index=list(STUDY_LEVELS).index(story.level),
                         format_func=lambda v: t(f"level_{v}", lang), key="story_level")
    ids = _extensive(level)
    if not ids:
        st.warning(t("story_none", lang))
        return
    names = _option_names(store, [*ids, *_industries(level)], lang)

    def name(i: str) -> str:
        return names.get(i, i)

    for key, value in (("story_x", story.x), ("story_y", story.y)):  # the story's pair until one is picked
        if st.session_state.get(key) not in ids:
            st.session_state[key] = value if value in ids else ids[0 if key == "story_x" else min(1, len(ids) - 1)]
    pair_picker(level, lang, top_pair, "story_x", "story_y", "story_pair")  # the level's pairs in the planner's words
    x = c1.selectbox("X", ids, format_func=name, key="story_x")
    y = c2.selectbox("Y", ids, format_func=name, key="story_y")
    common, problem = check_pair(store, x, y, level)  # the comparison's rules, said with the names
    years: list[int | None] = [None, *sorted(common, reverse=True)]
    year = top2.selectbox(t("year", lang), years,
                        index=years.index(story.year) if story.year in years else 0,
                        format_func=lambda v: t("story_latest", lang) if v is None else str(v),
                        key="story_year", disabled=problem is not None)
    if problem is not None:
        st.warning(md(t("story_pair_problem", lang) + ": " + say(problem, lang)))
        st.button(t("story_apply", lang), key="story_apply", type="primary", disabled=True)
        return
    shown_year = year if year is not None else common[-1]
    words = {"x": f"X: {name(x)}", "y": f"Y: {name(y)}", "mismatch": t("story_step_mismatch", lang),
             "clusters": t("story_step_clusters", lang), "trend": t("story_step_trend", lang)}
    candidates = [*STEP_TOKENS, *(f"map:{i}" for i in ids if i not in (x, y)),
                  *(f"spec:{i}" for i in _industries(level))]
    checks = {c: check_step(store, x, y, level, shown_year, c) for c in candidates}
    offered = [c for c in candidates if checks[c].ok]

    def word(s: str) -> str:
        if s in words:
            return words[s]
        if s.startswith("spec:"):
            return t("story_step_spec", lang, name=name(s[5:]))
        return t("story_step_map", lang, name=name(s[4:]))

    steps = st.multiselect(t("story_steps", lang), offered,
                           default=[s for s in story.steps if s in offered][:MAX_STEPS],
                           format_func=word, placeholder=t("choose", lang), key="story_steps",
                           max_selections=MAX_STEPS, help=t("story_max_steps", lang, most=MAX_STEPS),
                           select_all=select_all(lang))
    left_out = [c for c in candidates if not checks[c].ok]
    if left_out:  # greyed out, each with its reason in one line (names only, the page's language), in a box
        st.caption(f"**{md(t('story_cannot', lang))}**")  # that scrolls, so Apply stays on a 720-px screen
        with st.container(height=min(110, 26 * len(left_out) + 12), border=False, key="story_cannot"):
            st.caption("  \n".join(f"~~{md(word(c))}~~ — {md(say(checks[c].reason, lang))}" for c in left_out))
    new = Story(x, y, level, year, tuple(steps) or tuple(s for s in story.steps if s in offered) or ("mismatch",))
    st.button(t("story_apply", lang), key="story_apply", on_click=_apply, args=(new,), type="primary")


_FILES = {"pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "present_pptx"),
          "pdf": ("application/pdf", "present_pdf")}


def _make(kind: str, story: Story, lang: str) -> bytes:
    """Build the PPTX (a progress bar, a step at a time) or the PDF in this run, on this session's store."""
    if kind == "pdf":
        with st.spinner(t("present_making", lang)):
            return pdf(story, lang)
    bar = st.progress(0.0, text=t("present_making", lang))

    def step(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=t("present_making_step", lang, done=done + 1, total=total))

    data_ = deck(story, lang, progress=step)
    bar.empty()
    return data_


def _downloads(story: Story, b: Briefing, lang: str) -> None:
    """A button that makes each file in this session (uploads included) with its progress, then the download,
    named by level, pair and year in the page's language; a failure is one sentence here, never a greyed-out
    button or a line in the server log alone."""
    stem = f"{file_stem(b.store, story.level, story.x, story.y, b.year, lang)}_{lang}"
    # side by side: one row, so Apply stays on a 720-px screen with a link's warnings above
    for (kind, (mime, label)), slot in zip(_FILES.items(), st.columns(len(_FILES)), strict=True):
        with slot:
            key = (kind, story, lang, data.store().key)
            made = memory.get(f"present_{kind}")
            if made is None or made[0] != key:
                if not st.button(t(f"present_make_{kind}", lang), key=f"present_make_{kind}"):
                    continue
                try:
                    made = (key, _make(kind, story, lang))
                except AtlasError as exc:
                    st.error(md(error_text(exc, lang, labeller(lang))))
                    continue
                except Exception:  # a bug: logged with its traceback, said in one sentence here
                    _LOG.exception("making the %s of %s failed", kind, story)
                    st.error(t("present_failed", lang))
                    continue
                memory.put(f"present_{kind}", made)
                st.rerun()  # the button that made it gives way to the download (the popover stays open)
            st.download_button("⬇️ " + t(label, lang), made[1], f"{stem}.{kind}", mime, key=f"present_{kind}",
                               on_click="ignore", type="primary")


def _cards(story: Story, lang: str) -> None:
    b = _briefing(story)
    pair = role_names(b.labels["x"], b.labels["y"])
    sub = t("present_sub", lang, year=b.year, x=pick(pair["a"], lang), y=pick(pair["b"], lang))
    cards = "".join(
        f"<div class='ries-card'><div class='v'>{html.escape(v)}</div><div class='l'>{html.escape(label)}</div>"
        f"<div class='d'>{html.escape(detail)}</div></div>"
        for v, label, detail in headline_cards(b, lang))
    shown = {h.key for h in card_headlines(b)}  # a statistic that is not significant is no card: said under them
    quiet = "".join(f"<p class='ries-sub ries-quiet'>{html.escape(t('present_quiet', lang, label=h.label(lang), value=h.text, detail=h.detail(lang)))}</p>"
                    for h in b.headlines if h.key not in shown)
    st.markdown(f"<p class='ries-sub'>{html.escape(sub)}</p><div class='ries-cards'>{cards}</div>{quiet}",
                unsafe_allow_html=True)


def render(lang: str) -> None:
    """Draw the current slide with its title bar (‹ n / N ›, ⚙ story, ✕) and the keyboard script."""
    st.markdown(_CSS, unsafe_allow_html=True)
    story, problems = _story()
    said = [say(p, lang) for p in problems]  # one sentence each, in the page's language: never an id
    try:
        b = _briefing(story)
        steps = story_steps(b.store, story, b.year)
    except AtlasError:  # the default story itself cannot be told (its data replaced?): one sentence
        _, problem = check_pair(data.store(), story.x, story.y, story.level)
        st.error(md(say(problem, lang) if problem is not None else t("present_step_failed", lang)))
        st.button(t("story_reset", lang), key="story_reset", on_click=_apply,
                  args=(DEFAULT_STORY,))
        st.button("✕ " + t("present_off", lang), key="present_off", on_click=_leave)
        return
    n = len(steps) + 1
    try:
        index = int(st.query_params.get(STEP, "0"))
    except ValueError:
        index = 0
    index = min(max(index, 0), n - 1)
    title = t("present_cover", lang, year=b.year) if index == 0 else step_title(steps[index - 1], lang)
    head, prev, counter, nxt, gear, close = st.columns([10, 0.7, 1.1, 0.7, 0.7, 0.7], vertical_alignment="center")
    head.markdown(f"<div class='ries-title' title='{html.escape(title)}'>{html.escape(title)}</div>",
                  unsafe_allow_html=True)
    prev.button("‹", key="present_prev", disabled=index == 0, on_click=_go, args=(index - 1,), width="stretch")
    counter.markdown(f"<div class='ries-counter' data-testid='ries-step'>{index + 1} / {n}</div>",
                     unsafe_allow_html=True)
    nxt.button("›", key="present_next", disabled=index == n - 1, on_click=_go, args=(index + 1,), width="stretch")
    with gear.popover("⚙", width="stretch"):
        if said:  # one box (two boxes pushed Apply off a 720-px screen)
            st.warning("  \n".join(md(p) for p in said))
        _downloads(story, b, lang)
        _builder(story, lang)
    close.button("✕", key="present_off", on_click=_leave, width="stretch",
                 help=t("present_off", lang))
    try:
        if index == 0:
            _cards(story, lang)
        else:
            # the picture's own width (1920 px at 150 dpi): width="stretch" let Streamlit shrink it to 1460 px
            # (its content-width cap), so on a 1920×1080 projector the slide used 76 % of the width and its
            # legend lost a quarter of its size; the CSS fits it to the window (height cap, max-width 100 %)
            st.image(slide_png(story, index - 1, lang), width=png_size(SLIDE_DPI)[0])
    except AtlasError:  # checked before (report.story_check); should a picture still fail: one sentence, no error
        st.warning(t("present_step_failed", lang))
    # once per link, over the slide: after it is drawn (a toast shown while the briefing was computed was gone
    # before the slide appeared)
    if said and st.session_state.get("_story_problems_said") != (lang, *said):
        st.session_state["_story_problems_said"] = (lang, *said)
        for p in said:
            st.toast(md(p), icon="⚠️", duration="long")
    with st.container(key="present_keys"):
        st.iframe(_KEYS_JS, height=1)  # same-origin frame that runs the script (st.html does not run scripts)


__all__ = ["STEP", "Step", "deck", "pdf", "render", "slide_png"]
