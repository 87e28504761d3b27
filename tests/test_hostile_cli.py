"""The command line against hostile input (issues 30 and 31): numbers out of range, paths that cannot be written,
damaged or expanding files, Dask addresses where nothing (or something else) answers.

Every case ends with exit 2 and one ``error:`` line, or exit 0 with its report; never a traceback. Files are
generated (``tests/hostile_files.py``, SYNTHETIC). The slow cases run the command in a subprocess killed after
120 s (a hang — the silent scheduler ran for as long as it was left — fails the test instead of stalling the
suite); the times themselves (the issue's 30 s and 60 s) are measured by ``python -m bench hostile``, not here.
"""

from __future__ import annotations

import argparse
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import ranges
from cli import build_parser, main
from tests import hostile_files

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------------------------------------------------
# numbers: every numeric option of every command is bounded, with the shared ranges
# ---------------------------------------------------------------------------------------------------------
BASE = {  # the smallest valid command line of each command with a numeric option
    "map": ["map", "--indicator", "employed_persons", "--year", "2020", "--out", "{tmp}/m.png"],
    "markov": ["markov", "--indicator", "employed_persons"],
    "profile": ["profile", "11", "--level", "sido", "--year", "2020"],
    "summary": ["summary", "--x", "employed_persons", "--y", "population_registered"],
    "trend": ["trend", "--x", "employed_persons", "--y", "population_registered"],
    "brief": ["brief", "--x", "employed_persons", "--y", "population_registered", "--out", "{tmp}/b.pdf"],
    "import": ["import", "{tmp}/t.csv"],
    "aggregate": ["aggregate", "{tmp}/p.csv", "--level", "sido", "--out", "{tmp}/o.csv"],
}


def _numeric_options() -> list[tuple[str, str]]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    out = []
    for name, parser in sub.choices.items():
        for action in parser._actions:
            if action.option_strings and getattr(action.type, "__name__", "") in ("integer", "number"):
                out.append((name, action.option_strings[0]))
    return out


def test_no_numeric_option_is_unbounded():
    """A bare ``type=int``/``float`` accepts ``--k 1000`` or ``--permutations 99999``: every one goes through
    cli.args (bounded), and every command with a numeric option is covered below."""
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    bare = [(name, a.option_strings) for name, p in sub.choices.items() for a in p._actions
            if a.type in (int, float)]
    assert bare == []
    assert {name for name, _ in _numeric_options()} <= set(BASE)


@pytest.mark.parametrize(("command", "option"), _numeric_options())
@pytest.mark.parametrize("value", ["-99999999999", "99999999999", "1.5e400", "x"])
def test_out_of_range_numbers_end_in_one_error_line(command, option, value, tmp_path, capsys):
    (tmp_path / "p.csv").write_text("lon,lat\n127,37.5\n")
    (tmp_path / "t.csv").write_text("지역,2020\n서울특별시,1\n")
    argv = [a.format(tmp=tmp_path) for a in BASE[command]]
    with pytest.raises(SystemExit) as exc:
        main([*argv, option, value])
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert err.startswith("error: argument ") and err.count("\n") == 1 and "Traceback" not in err, err


def test_the_page_and_the_command_line_share_the_ranges():
    from analysis import defaults
    from geo.classify import MAX_USER_BINS
    from ui import change_tab

    assert ranges.CLASSES.hi == MAX_USER_BINS
    assert all(p in ranges.PERMUTATIONS for p in defaults.PERMUTATION_CHOICES)
    assert max(defaults.PERMUTATION_CHOICES) == ranges.PERMUTATIONS.hi == defaults.MAX_PERMUTATIONS == 9_999
    assert (ranges.SEED.hi, ranges.SEED.default) == (defaults.SEED_MAX, defaults.SEED)
    assert list(change_tab.K_OPTIONS) == ranges.MARKOV_CLASSES.values()


@pytest.mark.slow
def test_the_map_tab_offers_the_classes_the_command_line_accepts():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    slider = at.slider(key="k")
    assert (slider.min, slider.max) == (ranges.CLASSES.lo, ranges.CLASSES.hi)


@pytest.mark.parametrize("k", [str(ranges.CLASSES.lo - 1), str(ranges.CLASSES.hi + 1)])
def test_map_classes_outside_2_to_12_are_refused(k, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["map", "--indicator", "employed_persons", "--year", "2020", "--k", k, "--out", str(tmp_path / "m.png")])
    assert f"{k} is out of range: use 2 to 12" in capsys.readouterr().err
    assert not (tmp_path / "m.png").exists()


# ---------------------------------------------------------------------------------------------------------
# paths and files of `aggregate`
# ---------------------------------------------------------------------------------------------------------
@pytest.fixture
def points_csv(tmp_path) -> Path:
    path = tmp_path / "p.csv"
    path.write_text(f"lon,lat,emp\n{hostile_files.SEOUL[0]},{hostile_files.SEOUL[1]},3\n127.0,37.5,4\n")
    return path


def _agg(capsys, *argv: str) -> tuple[int | None, str]:
    try:
        code = main(["aggregate", *argv])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize(("extra", "said"), [
    (["--encoding", "rot13"], "argument --encoding: invalid choice"),
    (["--crs", "not a crs"], "Unknown coordinate system"),
    (["--crs", "4978"], "(Geocentric CRS) has no longitude/latitude"),
    (["--crs", 'ENGCRS["site",EDATUM["d"],CS[Cartesian,2],AXIS["x",east],AXIS["y",north],LENGTHUNIT["metre",1]]'],
     "(Engineering CRS)"),
    (["--workers", "0"], "argument --workers: 0 is out of range"),
    (["--workers", "200"], "argument --workers: 200 is out of range"),
    (["--scheduler", "ucx://10.0.0.5:8786", "--engine", "dask"], "the ucx:// scheme is not supported"),
    (["--scheduler", "tls://10.0.0.5:8786", "--engine", "dask"], "the tls:// scheme is not supported"),
    (["--scheduler", "tcp://host:99999", "--engine", "dask"], "the port is not a number from 1 to 65535"),
    (["--scheduler", "tcp://a b:1", "--engine", "dask"], "not an address"),
])
def test_aggregate_options_are_checked_before_the_work(points_csv, tmp_path, capsys, extra, said):
    code, err = _agg(capsys, str(points_csv), "--level", "sido", "--out", str(tmp_path / "o.csv"), *extra)
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and said in err, err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(("out", "said"), [
    ("{tmp}", "is a folder; give a file name"),
    ("/proc/ries-out.csv", "cannot write in /proc"),
    ("{src}", "would overwrite the input"),
])
def test_aggregate_outputs_that_cannot_be_written_are_refused(points_csv, tmp_path, capsys, out, said):
    for flag in ("--out", "--report"):
        target = out.format(tmp=tmp_path, src=points_csv)
        argv = ["--out", target] if flag == "--out" else ["--out", str(tmp_path / "o.csv"), "--report", target]
        code, err = _agg(capsys, str(points_csv), "--level", "sido", *argv)
        assert code == 2 and err.count("\n") == 1 and said in err, (flag, err)


def test_aggregate_writes_into_a_missing_folder(points_csv, tmp_path, capsys):
    out = tmp_path / "new" / "deeper" / "o.csv"
    code, _ = _agg(capsys, str(points_csv), "--level", "sido", "--out", str(out), "--report", str(out.with_name("r.csv")))
    assert code == 0 and pd.read_csv(out, dtype={"code": str}).set_index("code").loc["11", "count"] == 2


@pytest.mark.parametrize("source", ["{tmp}/missing.csv", "/dev/zero", "{tmp}"])
def test_aggregate_inputs_that_cannot_be_read_are_refused(source, tmp_path, capsys):
    code, err = _agg(capsys, source.format(tmp=tmp_path), "--level", "sido", "--out", str(tmp_path / "o.csv"))
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1, err


@pytest.mark.parametrize("case", list(hostile_files.files()))
def test_aggregate_on_hostile_files(case, tmp_path, capsys):
    name, data, expected = hostile_files.files()[case]
    path = tmp_path / name
    path.write_bytes(data)
    out, report = tmp_path / "o.csv", tmp_path / "r.csv"
    code, err = _agg(capsys, str(path), "--level", "sido", "--out", str(out), "--report", str(report),
                     *(["--sum", "emp"] if "float range" in case else []))
    if expected == "refused":
        assert code == 2 and err.startswith("error: ") and err.count("\n") == 1, (case, err)
        assert not out.exists()
    else:
        assert code == 0, (case, err)
        table = pd.read_csv(out, dtype={"code": str})
        assert len(table) == 17
        if "float range" in case:  # the three values are beyond ±1e18: left out of the sum and listed
            problems = pd.read_csv(report)
            assert (problems["reason"] == "too large").sum() == 3 and table["sum_emp"].eq(0).all()


def test_a_category_longer_than_100_characters_is_refused(tmp_path, capsys):
    path = tmp_path / "kinds.csv"
    path.write_text(f"lon,lat,kind\n{hostile_files.SEOUL[0]},{hostile_files.SEOUL[1]},{'A' * 101}\n")
    code, err = _agg(capsys, str(path), "--level", "sido", "--out", str(tmp_path / "o.csv"), "--by", "kind")
    assert code == 2 and "values of up to 101 characters; a category is at most 100" in err


# ---------------------------------------------------------------------------------------------------------
# subprocesses: a hang or an allocation from hostile bytes fails here, bounded by a timeout
# ---------------------------------------------------------------------------------------------------------
def _hwm_mb(pid: int) -> float:
    """The process's own peak RSS so far (``VmHWM`` of ``/proc/PID/status``, MB; 0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM:")), 0.0)
    except OSError:
        return 0.0


def _run(*argv: str, timeout: float = 120) -> tuple[int, str, float]:
    """Run ``python -m analysis`` in a subprocess: exit code, stderr and its own peak RSS in MB.

    The peak is the child's ``VmHWM``, read every 20 ms until it exits: ``wait4``'s ``ru_maxrss`` counts the image
    before ``exec`` too, i.e. the test process's own size at the fork (1.6 GB late in the whole suite)."""
    import tempfile

    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "analysis", *argv], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=err, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        peak = [0.0]

        def watch() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], _hwm_mb(proc.pid))
                time.sleep(0.02)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        watcher.join()
        err.seek(0)
        text = err.read()
    if proc.returncode < 0:
        pytest.fail(f"python -m analysis {' '.join(argv)} still running after {timeout:.0f} s (killed)")
    return proc.returncode, text, peak[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Silent:
    """A listener that accepts connections and never says a word."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.conns.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        for c in self.conns:
            c.close()
        self.sock.close()


class _Banner(http.server.BaseHTTPRequestHandler):
    """An HTTP server that also greets first (as an SSH or SMTP server would), so its bytes reach Dask."""

    def setup(self) -> None:
        super().setup()
        self.wfile.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    def log_message(self, *args) -> None:
        pass


@pytest.mark.slow
@pytest.mark.parametrize("listener", ["closed port", "silent", "http"])
def test_a_scheduler_that_is_not_there_is_named(listener, points_csv, tmp_path):
    server = None
    if listener == "closed port":
        port = _free_port()
    elif listener == "silent":
        server = _Silent()
        port = server.port
    else:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Banner)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
    try:
        code, err, _ = _run("aggregate", str(points_csv), "--level", "sido", "--out", str(tmp_path / "o.csv"),
                            "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}")
    finally:
        if isinstance(server, _Silent):
            server.close()
        elif server is not None:
            server.shutdown()
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith(f"error: cannot use the Dask scheduler at tcp://127.0.0.1:{port}") and err.count("\n") == 1
    assert {"closed port": "connection refused", "silent": "no Dask scheduler answered",
            "http": "not a Dask scheduler"}[listener] in err


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["geopandas", "dask"])
def test_the_expanding_parquet_is_refused_in_little_memory(engine, tmp_path):
    """17 KB of Parquet whose category column decodes to 5 GB: refused from its dictionary (issue 30: >60 s and
    >5 GB before being killed)."""
    path = tmp_path / "bomb.parquet"
    path.write_bytes(hostile_files.expanding_parquet())
    code, err, peak_mb = _run("aggregate", str(path), "--level", "sido", "--by", "kind", "--out",
                              str(tmp_path / "o.csv"), "--engine", engine)
    assert code == 2 and "values of up to 5,000+ characters" in err and "Traceback" not in err, err
    assert peak_mb < 1500, peak_mb
