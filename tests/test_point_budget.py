"""Point uploads within a memory budget (issue 31) and the rules of the compact point set (issue 30).

Known answers on small generated files (SYNTHETIC positions and values): the compact form counts what the rows
as read count; listings are capped while counts stay exact; values beyond ±1e18 are listed, never summed;
budgets refuse before parsing in one sentence naming rows and MB; a session's arrays are freed when it has been
gone for the grace period; a story link asking for 300 steps keeps 30 and says so.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analysis import aggregate as ag
from analysis.errors import ImportFileError
from analysis.pointset import MAX_CATEGORY_CHARS, compact
from ingest import points as P
from tests import hostile_files


@pytest.fixture(scope="module")
def generated() -> tuple[P.PointTable, None, None]:
    """SYNTHETIC points over the capital region and the sea, with bad rows, text values and three categories."""
    rng = np.random.default_rng(31)
    n = 3000
    lon = np.concatenate([rng.uniform(126.6, 127.3, n), [124.0, 130.5, 0.0]])
    lat = np.concatenate([rng.uniform(37.3, 37.8, n), [36.0, 35.5, 0.0]])
    m = len(lon)
    frame = pd.DataFrame({
        "lon": [repr(float(v)) for v in lon], "lat": [repr(float(v)) for v in lat],
        "employees": [f"{v:.0f}" for v in rng.integers(0, 1000, m)],
        "output": [repr(float(v)) for v in rng.normal(0, 1, m) * 10.0 ** rng.integers(-3, 12, m)],
        "ksic": rng.choice(["C10", "C26", "J62"], m),
    })
    bad = pd.DataFrame({"lon": ["", "abc", "127.0", "1e400"], "lat": ["37.5", "37.5", "91", "37"],
                        "employees": ["1"] * 4, "output": ["1"] * 4, "ksic": ["C10"] * 4})
    frame = pd.concat([frame, bad], ignore_index=True)
    frame.loc[5, "employees"] = "n/a"
    return P.PointTable(frame, "synthetic.csv", "csv", P.CoordinateSpec("lon", "lat", 4326), first_row=2), None, None


def test_the_compact_set_counts_what_the_rows_count(generated):
    table, _, _ = generated
    whole = ag.aggregate(table, "sigungu", sum_columns=["employees", "output"], by="ksic")
    ps = compact(table, listed=2)
    small = ag.aggregate(ps, "sigungu", sum_columns=["employees", "output"], by="ksic")
    pd.testing.assert_frame_equal(small.table, whole.table)
    assert small.summary() == whole.summary()
    # the listings hold 2 rows each, the counts every row
    assert len(small.bad) == 2 and small.n_bad == whole.n_bad == 5  # 4 bad rows and one at (0, 0), a coordinate error
    assert len(small.outside) == 2 < small.n_outside == whole.n_outside
    assert small.problem_count == whole.problem_count == len(whole.value_problems) >= 1
    pd.testing.assert_frame_equal(small.bad, whole.bad.head(2))
    # the unit of each row is kept per level: a second sum at the same level joins nothing again
    assert set(ps.assigned) == {"sigungu"}
    again = ag.aggregate(ps, "sigungu", sum_columns=["employees"])
    assert again.table["count"].equals(whole.table["count"])


def test_compact_is_a_fraction_of_the_rows_as_read(generated):
    table, _, _ = generated
    ps = compact(table)
    assert ps.nbytes < table.frame.memory_usage(deep=True).sum() / 2
    assert ps.value_columns == ["employees", "output"] and ps.category_columns == ["ksic"]


def test_values_beyond_1e18_are_listed_not_summed():
    name, data, _ = hostile_files.files()["sum beyond the float range"]
    res = ag.aggregate(P.read_points(data, name), "sido", sum_columns=["emp"])
    assert res.problem_count == 3 and set(res.value_problems["reason"]) == {"too large"}
    assert res.table["sum_emp"].eq(0).all() and res.n_assigned == 3


def test_a_long_category_is_refused_when_asked_for_and_not_offered_otherwise():
    data = f"lon,lat,kind,code\n127,37.5,{'x' * (MAX_CATEGORY_CHARS + 1)},A\n127.1,37.5,y,B\n".encode()
    table = P.read_points(data, "k.csv")
    with pytest.raises(ImportFileError, match="values of up to 101 characters"):
        ag.aggregate(table, "sido", by="kind")
    ps = compact(table)
    assert ps.category_columns == ["code"] and [n.key for n in ps.left_out] == ["category_too_long"]


def test_categories_are_trimmed_and_missing_cells_named():
    table = P.read_points(b"lon,lat,k\n127,37.5, A\n127,37.5,A \n127,37.5,\n", "k.csv")
    res = ag.aggregate(compact(table), "sido", by="k")
    assert res.categories == ("A", "(missing)")
    assert res.table.set_index("code").loc["11", ["count_k_A", "count_k_(missing)"]].tolist() == [2, 1]


# ---------------------------------------------------------------------------------------------------------
# budgets, before the rows are parsed
# ---------------------------------------------------------------------------------------------------------
def test_an_upload_over_the_row_budget_is_refused_naming_rows_and_mb():
    data = b"lon,lat\n" + b"127,37\n" * 2000
    with pytest.raises(ImportFileError) as exc:
        P.read_points(data, "many.csv", max_rows=1000)
    text = str(exc.value)
    assert "many.csv has 2,000 rows and would take about" in text and "1,000 rows and" in text and " MB" in text
    assert "python -m analysis aggregate" in text and exc.value.args[0].key == "points_over_budget_upload"


def test_a_parquet_over_the_decoded_budget_is_refused_from_its_footer():
    buf = io.BytesIO()
    pd.DataFrame({"lon": np.full(50_000, 127.0), "lat": np.full(50_000, 37.5)}).to_parquet(buf)
    with pytest.raises(ImportFileError, match="50,000 rows and would take about"):
        P.read_points(buf.getvalue(), "p.parquet", max_parsed=100_000)


def test_only_the_needed_columns_of_a_parquet_are_read():
    buf = io.BytesIO()
    pd.DataFrame({"lon": [127.0], "lat": [37.5], "emp": [3], "notes": ["long text"]}).to_parquet(buf)
    t = P.read_points(buf.getvalue(), "p.parquet", columns=["emp"])
    assert list(t.frame.columns) == ["lon", "lat", "emp"]


def test_the_expanding_parquet_stays_a_dictionary_on_the_page():
    t = P.read_points(hostile_files.expanding_parquet(rows=200_000), "bomb.parquet")
    assert isinstance(t.frame["kind"].dtype, pd.CategoricalDtype)
    assert t.frame.memory_usage(deep=True).sum() < 20e6  # 200,000 × 5,000 characters would be 1 GB
    ps = compact(t)
    assert ps.category_columns == [] and ps.left_out[0].key == "category_too_long"


# ---------------------------------------------------------------------------------------------------------
# a session's arrays come back
# ---------------------------------------------------------------------------------------------------------
def test_a_gone_session_releases_its_arrays_after_the_grace_period(monkeypatch):
    import weakref

    from ui import memory

    class Big:
        pass

    monkeypatch.setattr(memory, "_session", lambda: "s-test")
    active = {"s-test": True}
    monkeypatch.setattr(memory, "_active", lambda sid: active.get(sid, False))
    big = Big()
    ref = weakref.ref(big)
    memory.put("points", big)
    del big
    assert memory.release_inactive(grace=0) == [] and ref() is not None  # connected: kept
    active["s-test"] = False
    now = memory._LAST_ACTIVE["s-test"]
    assert memory.release_inactive(now=now + 5, grace=30) == [] and ref() is not None  # within the grace
    assert memory.release_inactive(now=now + 31, grace=30) == ["s-test"]
    assert ref() is None and "s-test" not in memory.held_sessions()


def test_drop_and_put_free_what_they_replace(monkeypatch):
    import weakref

    from ui import memory

    class Big:
        pass

    monkeypatch.setattr(memory, "_session", lambda: "s-drop")
    a, b = Big(), Big()
    ra, rb = weakref.ref(a), weakref.ref(b)
    memory.put("points", a)
    memory.put("points", b)
    del a, b
    assert ra() is None and rb() is not None
    assert memory.drop("points") and rb() is None and memory.get("points") is None


# ---------------------------------------------------------------------------------------------------------
# stories
# ---------------------------------------------------------------------------------------------------------
def test_a_link_asking_for_300_steps_keeps_30_and_says_so():
    from lang import say
    from report.story import MAX_STEPS, story_from_params

    story, problems = story_from_params({"psteps": ",".join(["x", "y", "mismatch"] * 100)})
    assert len(story.steps) == MAX_STEPS == 30
    assert [p.key for p in problems] == ["story_too_many_steps"]
    assert "300" in say(problems[0], "ko") and "30단계" in say(problems[0], "ko")
