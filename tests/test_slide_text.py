"""Slides readable at the back of a room (issue 25 items 3, 5): every text of a slide picture at least 18 pt (legends)
and 16 pt (subtitles, notes, sources, axes) where it is shown — the presenter page at 1280×720 (measured in
Chromium) and the PPTX slide — and the trend slide drawn honestly (axes from 0, capital-region shares beside).

"pt equivalent": a 13.33 in slide shown across 1280 px puts 96 px in an inch, so 1 pt = 4/3 px on that screen; a
text drawn at ``s`` pt in the 12.8 × 7.2 in picture (150 dpi, 1920 px wide) and shown ``w`` px wide is
``s · 150/72 · w/1920`` px high, i.e. ``× 0.75`` pt equivalent.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.store import bundled
from report.static_map import FIGURE_INCHES, SLIDE_PT

SGG = ("gva_prof_business_services_nominal_b2015", "gva_manufacturing_nominal_b2015", "sigungu", 2020)
SIDO = ("gva_prof_sci_tech_services_nominal_b2020", "gva_manufacturing_nominal_b2020", "sido", 2023)
TOKENS = ("x", "mismatch", "clusters", "trend", "spec:gva_manufacturing_nominal_b2015")


@pytest.fixture(scope="module")
def sgg_slides():
    """Every kind of slide of a si-gun-gu story (the longest names and sources), drawn for a slide."""
    from report.briefing import briefing
    from report.deck import step_figure
    from report.story import Story, story_steps

    x, y, level, year = SGG
    b = briefing(bundled(), x, y, level, year, permutations=99)
    steps = story_steps(bundled(), Story(x, y, level, year, TOKENS), b.year)
    assert [s.kind for s in steps] == ["indicator", "mismatch", "clusters", "trend", "specialisation"]
    return b, steps, {(s.kind, lang): step_figure(b, s, lang, slide=True) for s in steps for lang in ("ko", "en")}


def _sizes(fig) -> tuple[list[float], list[float]]:
    """Font sizes (pt) of the legends' texts and of every other text drawn on ``fig`` (figure texts, and the titles,
    axis labels, tick labels and annotations of axes that are drawn; a map's axes are switched off)."""
    fig.draw(FigureCanvasAgg(fig).get_renderer())
    legends = [*fig.legends, *(a.get_legend() for a in fig.axes)]
    legend = [t for leg in legends if leg is not None for t in [leg.get_title(), *leg.get_texts()]]
    other = list(fig.texts)
    for ax in fig.axes:
        if ax.axison:
            other += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts,
                      *ax.get_xticklabels(), *ax.get_yticklabels()]
    def drawn(ts):
        return [float(t.get_fontsize()) for t in ts if t.get_visible() and t.get_text().strip()]
    return drawn(legend), drawn(other)


def test_every_slide_text_is_drawn_at_the_slide_sizes(sgg_slides):
    """No text of a slide picture is smaller than :data:`SLIDE_PT` (legend 21 pt, other text 18.5 pt): long
    names and sources wrap (and the map gives way), they are never shrunk."""
    _, _, figs = sgg_slides
    for key, fig in figs.items():
        legend, other = _sizes(fig)
        assert other, key
        assert min(other) >= SLIDE_PT["text"], (key, sorted(other)[:3])
        if legend:
            assert min(legend) >= SLIDE_PT["legend"], (key, sorted(legend)[:3])


def test_every_slide_text_stays_inside_the_picture(sgg_slides):
    """Wrapped by measured width: every text and legend of every slide lies inside the 1920 × 1080 picture, and a
    map's legend and note never run into its sources."""
    from report.static_map import slide_overflows

    _, _, figs = sgg_slides
    for key, fig in figs.items():
        r = FigureCanvasAgg(fig).get_renderer()
        fig.draw(r)
        for artist in [*fig.texts, *fig.legends]:
            box = artist.get_window_extent(r)
            assert box.x0 >= -1 and box.y0 >= -1, (key, box)
            assert box.x1 <= fig.bbox.width + 1 and box.y1 <= fig.bbox.height + 1, (key, box)
        if key[0] != "trend":
            assert not slide_overflows(fig), key


def test_pptx_slides_keep_18_and_16_pt(sgg_slides):
    """On the PPTX slide (13.33 × 7.5 in) the picture is shown at its height's share of the slide: legends at least
    18 pt and every other picture text at least 16 pt there; the title slide's own text at least 16 pt."""
    from pptx import Presentation

    from report.deck import deck_pptx

    b, steps, _ = sgg_slides
    prs = Presentation(io.BytesIO(deck_pptx(b, "ko", steps=steps[:2])))
    for slide in list(prs.slides)[1:]:
        pic = next(sh for sh in slide.shapes if sh.shape_type == 13)
        scale = pic.height.inches / FIGURE_INCHES[1]
        assert SLIDE_PT["legend"] * scale >= 18 and SLIDE_PT["text"] * scale >= 16, scale
    sizes = [run.font.size.pt for sh in prs.slides[0].shapes if sh.has_text_frame
             for para in sh.text_frame.paragraphs for run in para.runs]
    assert min(sizes) >= 16, sizes


def test_trend_slide_starts_its_axes_at_zero_and_draws_the_capital_shares_beside():
    """The Hoover index of R&D-like services against manufacturing moved 0.50–0.53 over 2013–2023: drawn from 0 (it
    ran 0.500–0.535 and a flat series looked like wild swings), with the capital region's shares of x and y in a
    panel beside it (0–100 %), every point the briefing's own trend numbers, at the observed years only."""
    from report.briefing import briefing
    from report.deck import step_figure
    from report.story import Story, story_steps

    x, y, level, year = SIDO
    b = briefing(bundled(), x, y, level, year, permutations=9)
    step = story_steps(bundled(), Story(x, y, level, year, ("trend",)), b.year)[0]
    fig = step_figure(b, step, "ko", slide=True)
    hoover, shares = fig.axes
    assert hoover.get_ylim()[0] == 0 and shares.get_ylim() == (0, 100)
    assert hoover.get_ylim()[1] >= b.trend["hoover"].max() + 0.05
    (line,) = hoover.get_lines()
    assert np.allclose(line.get_ydata(), b.trend["hoover"].to_numpy())
    assert [int(v) for v in line.get_xdata()] == list(b.trend.index) == list(range(2013, 2024))
    got = sorted(tuple(np.round(ln.get_ydata(), 9)) for ln in shares.get_lines())
    want = sorted(tuple(np.round(b.trend[k].to_numpy() * 100, 9)) for k in ("capital_share_x", "capital_share_y"))
    assert got == want
    assert [int(v) for v in hoover.get_xticks()] == list(range(2013, 2024))
    # the change explained above the panels: the briefing's own sentence (its first sentence at least)
    from report.readings import change_lines

    said = " ".join(" ".join(t.get_text().split()) for t in fig.texts)
    assert " ".join(change_lines(b.change, "ko")[0].split()) in said


# ---- the presenter page at 1280×720, in Chromium -----------------------------------------------------------------
STORY = (f"present=1&lang=ko&px={SGG[0]}&py={SGG[1]}&plevel={SGG[2]}&pyear={SGG[3]}"
         "&psteps=mismatch,trend,clusters")


def _shown(page) -> dict:
    page.wait_for_function("() => { const i = document.querySelector('[data-testid=stImage] img');"
                           " return i && i.complete && i.naturalWidth > 600; }", timeout=240_000)
    page.wait_for_timeout(800)
    return page.evaluate("""() => { const i = document.querySelector('[data-testid=stImage] img');
        const r = i.getBoundingClientRect();
        return {w: r.width, natural: i.naturalWidth, bottom: r.bottom, right: r.right, inner: innerHeight}; }""")


def _pt(size: float, shown: dict) -> float:
    """Points on a 1280-px-wide screen of a text drawn at ``size`` pt in a 150-dpi slide picture shown as measured."""
    return size * 150 / 72 * shown["w"] / shown["natural"] * 0.75


@pytest.mark.browser
@pytest.mark.slow
def test_presenter_slide_text_is_18_and_16_pt_at_1280x720(page, app_url, artifacts):
    """Slide pictures fill the window under the title bar: the smallest legend text is at least 18 pt and every
    other text at least 16 pt on a 1280×720 screen (it was ≈ 15 and 12 pt); the first slide's subtitle, card
    labels and details at least 16 pt (21.3 px)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?{STORY}&step=0", wait_until="domcontentloaded")
    page.locator(".ries-card").first.wait_for(timeout=240_000)
    css = page.evaluate("""() => [...document.querySelectorAll('.ries-sub, .ries-card .l, .ries-card .d')]
        .map(e => [e.className, parseFloat(getComputedStyle(e).fontSize)])""")
    assert css and all(px * 0.75 >= 16 for _, px in css), css
    page.screenshot(path=str(artifacts / "room_presenter_cards_1280.png"))
    sizes = []
    for step in (1, 2, 3):
        page.goto(f"{app_url}/?{STORY}&step={step}", wait_until="domcontentloaded")
        shown = _shown(page)
        assert shown["bottom"] <= shown["inner"] + 0.5 and shown["right"] <= 1280.5, shown
        sizes.append((_pt(SLIDE_PT["legend"], shown), _pt(SLIDE_PT["text"], shown)))
        page.screenshot(path=str(artifacts / f"room_presenter_slide{step}_1280.png"))
    assert all(legend >= 18 and text >= 16 for legend, text in sizes), sizes
    assert page.js_errors == []


@pytest.mark.browser
@pytest.mark.slow
def test_presenter_menu_apply_and_downloads_are_on_a_720p_screen(page, app_url, artifacts):
    """The ⚙ menu opens (its chevron once closed it again on a busy machine) with the downloads and Apply inside
    the 1280×720 window, no scrolling."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?present=1&lang=ko", wait_until="domcontentloaded")
    page.locator(".ries-card").first.wait_for(timeout=240_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=240_000)
    page.get_by_role("button", name="⚙").click()
    body = page.locator("[data-testid=stPopoverBody]")
    body.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    for name in ("슬라이드 PPTX 만들기", "한 쪽 브리핑 PDF 만들기", "적용"):  # the files are made in the session first
        box = body.get_by_role("button", name=name).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 720, (name, box)
    page.screenshot(path=str(artifacts / "room_presenter_menu_1280.png"))
    assert page.js_errors == []
