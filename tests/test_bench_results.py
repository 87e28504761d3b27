"""``python -m bench GROUP`` replaces its own rows of ``bench/results.md`` and keeps everything else."""

from __future__ import annotations

from bench.harness import RATIO_LINE, TABLE_HEAD, TABLE_RULE, Report, Row

EXISTING = "\n".join([
    "# Benchmark results",
    "",
    "Measured by `make bench` on vm at 2026-11-28 18:35 UTC.",
    "The `points` rows were measured by hand at 03:35 (a curated note).",
    RATIO_LINE,
    "",
    TABLE_HEAD,
    TABLE_RULE,
    "| analysis | a1 | 1.00 | s |  |  | kept |",
    "| points | p1 | 9.00 | s |  |  | old |",
    "| points | p2 | 8.00 | s |  |  | old |",
    "| codes | c1 | 2.00 | s |  |  | kept |",
    "",
    "## Where the time goes",
    "",
    "A section written by hand.",
]) + "\n"


def _report(group: str, *measures: str) -> Report:
    r = Report(group=group)
    for m in measures:
        r.rows.append(Row(group, m, 3.0, "s", 6.0))
    return r


def test_a_subset_replaces_its_rows_in_place_and_keeps_the_rest():
    text = _report("points", "p_new").merged_into(EXISTING, ["points"])
    lines = text.splitlines()
    table = [ln for ln in lines if ln.startswith("| ") and ln != TABLE_HEAD]
    assert [ln.split("|")[2].strip() for ln in table] == ["a1", "p_new", "c1"]
    assert "| points | p_new | 3.00 | s | 6.00 | 2.0× |  |" in lines
    assert "The `points` rows were measured by hand at 03:35 (a curated note)." in lines
    assert lines[-1] == "A section written by hand." and "## Where the time goes" in lines
    note = lines.index(RATIO_LINE) - 1
    assert lines[note].startswith("The `points` rows were re-measured with `python -m bench points`")


def test_a_new_group_is_appended_and_no_table_gives_a_fresh_file():
    text = _report("isolation", "i1").merged_into(EXISTING, ["isolation"])
    table = [ln for ln in text.splitlines() if ln.startswith("| ") and ln != TABLE_HEAD]
    assert [ln.split("|")[1].strip() for ln in table] == ["analysis", "points", "points", "codes", "isolation"]
    fresh = _report("codes", "c9").merged_into("no table here\n", ["codes"])
    assert fresh.startswith("# Benchmark results") and "| codes | c9 | 3.00 | s | 6.00 | 2.0× |  |" in fresh
