"""Point files (factories, research institutes, complex tenants): read them and locate every row.

A point file is a table with one row per facility and its position: CSV or XLSX with longitude/latitude
(WGS84) or projected X/Y columns (EPSG:5179 UTM-K, EPSG:5186 Korea 2000 central belt), or a GeoJSON /
GeoParquet file with point geometries. Nothing here assigns points to regions (that is
:mod:`analysis.aggregate`); this module answers *where* each row is, and which rows have no usable position.

* :func:`read_points` — bytes or a path → :class:`PointTable` (the rows as read, plus the coordinate rule).
* :func:`detect_coordinates` — which columns hold the position and in which CRS, from the column names and
  the value ranges; every guess can be fixed by the caller (``x``, ``y``, ``crs``, ``swap``).
* :func:`open_parquet` — a large GeoParquet file or folder described without reading it (for the Dask engine).
* :func:`locate` — a block of rows → longitude/latitude (EPSG:4326) and the reason a row has none.

Reading is bounded: files above ``max_bytes`` and tables above ``max_rows`` are refused before they are
parsed; XLSX goes through :func:`ingest.importer.read_grid` (cached formula values only, workbook-bomb
checks); every user-fixable problem raises :class:`ingest.errors.ImportFileError` naming the fix.

Rows are never dropped silently: a row whose coordinates are missing, not numbers, (0, 0) or impossible gets a reason
(:data:`BAD_REASONS`) and is listed by :mod:`analysis.aggregate`. Row numbers are those a person sees: the
spreadsheet row for CSV/XLSX (the header is row 1, the first record row 2), the 1-based feature or record
number for GeoJSON and GeoParquet.

Examples
--------
>>> t = read_points(b"name,lon,lat\\nA,127.0,37.5\\n", "plants.csv")
>>> t.coords.x, t.coords.y, t.coords.crs
('lon', 'lat', 4326)
"""

from __future__ import annotations

import functools
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.notes import Note
from ingest import importer
from ingest.errors import ImportFileError

__all__ = [
    "BAD_REASONS",
    "CRS_CHOICES",
    "MAX_BYTES",
    "MAX_FILE_BYTES",
    "MAX_PARSED_BYTES",
    "MAX_ROWS",
    "MAX_UPLOAD_PARSED_BYTES",
    "MAX_UPLOAD_ROWS",
    "CoordinateSpec",
    "Located",
    "ParquetSource",
    "PointTable",
    "check_crs",
    "detect_coordinates",
    "geo_metadata",
    "locate",
    "open_parquet",
    "raw_cells",
    "check_category_lengths",
    "read_columns",
    "read_parquet_source",
    "read_points",
]

MAX_BYTES: int = importer.MAX_BYTES
"""Largest upload (the importer's limit, 50 MB, equal to ``server.maxUploadSize``)."""

MAX_FILE_BYTES: int = 4 * 1024**3
"""Largest file the command line reads in-process (4 GB; a GeoParquet folder for the Dask engine has none)."""

MAX_ROWS: int = 50_000_000
"""Most rows the command line reads in-process (the 2020 Economic Census lists 6.0 million establishments)."""

MAX_PARSED_BYTES: int = 16 * 1024**3
"""Most memory the command line lets a file take once read in-process (16 GB); larger: the Dask engine."""

MAX_UPLOAD_ROWS: int = 10_000_000
"""Most rows of an upload on the page (issue 31: the CLI's 50 million let one tab take the server's memory)."""

MAX_UPLOAD_PARSED_BYTES: int = 600 * 1024**2
"""Most memory an upload may take once read (600 MB; its compact point set is then a fraction of it)."""

_MAX_XLSX_BYTES: int = importer.MAX_BYTES

CRS_CHOICES: dict[int, str] = {
    4326: "WGS84 longitude/latitude (EPSG:4326)",
    5179: "UTM-K / Korea 2000 unified (EPSG:5179)",
    5186: "Korea 2000 central belt 2010 (EPSG:5186)",
}
"""Coordinate systems recognised from value ranges (any other EPSG code can be given by hand)."""

BAD_REASONS: dict[str, str] = {
    "missing": "coordinate cell empty",
    "not_a_number": "coordinate is text, not a number",
    "impossible": "coordinate impossible (not finite, latitude beyond ±90 or longitude beyond ±180)",
    "not_a_point": "geometry is not a point",
    "zero": "coordinate error (0, 0): an empty cell a program filled with zeros",
}
"""Reason code → explanation of a row that has no usable position."""

_X_NAMES = ("lon", "lng", "long", "longitude", "경도", "x", "xcoord", "xcoordinate", "x좌표", "좌표x", "pointx",
            "easting", "utmkx", "tmx", "x5179", "x5186", "coordx", "gpsx", "wgs84x", "경도좌표")
_Y_NAMES = ("lat", "latitude", "위도", "y", "ycoord", "ycoordinate", "y좌표", "좌표y", "pointy", "northing",
            "utmky", "tmy", "y5179", "y5186", "coordy", "gpsy", "wgs84y", "위도좌표")
_GEOGRAPHIC_NAMES = frozenset({"lon", "lng", "long", "longitude", "경도", "lat", "latitude", "위도", "경도좌표",
                               "위도좌표", "gpsx", "gpsy", "wgs84x", "wgs84y"})
# Value windows of Korea in each system (x range, y range), generous by ~100 km.
_WINDOWS: dict[int, tuple[tuple[float, float], tuple[float, float]]] = {
    4326: ((123.0, 133.0), (32.0, 39.5)),
    5179: ((600_000.0, 1_500_000.0), (1_350_000.0, 2_200_000.0)),
    5186: ((-200_000.0, 800_000.0), (-100_000.0, 800_000.0)),
}


def _norm(name: object) -> str:
    s = unicodedata.normalize("NFKC", str(name)).strip().lower()
    return re.sub(r"[\s_\-\.()\[\]]+", "", s)


@dataclass(frozen=True)
class CoordinateSpec:
    """Where the position of a row is and in which coordinate system.

    Attributes
    ----------
    x, y : str or None
        Columns holding the easting/longitude and northing/latitude after any swap (None: a geometry column).
    crs : int or str
        EPSG code (int) or any CRS text pyproj understands, of ``x``/``y`` or of the geometry.
    swapped : bool
        True when the file's columns were exchanged (latitude in the column named like a longitude, or Korean
        survey X = northing); ``x``/``y`` already name the corrected columns.
    geometry : str or None
        Name of the geometry column (GeoJSON, GeoParquet).
    notes : tuple of str
        How the choice was made, for the user to confirm.
    """

    x: str | None
    y: str | None
    crs: int | str
    swapped: bool = False
    geometry: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def epsg(self) -> int | None:
        """The EPSG code when ``crs`` is one."""
        return self.crs if isinstance(self.crs, int) else None

    @property
    def is_geographic(self) -> bool:
        """True for longitude/latitude in degrees."""
        from pyproj import CRS

        return bool(CRS.from_user_input(self.crs).is_geographic)


@dataclass(frozen=True)
class PointTable:
    """A point file as read: its rows, and how to find each row's position.

    Attributes
    ----------
    frame : pandas.DataFrame
        The rows (a GeoDataFrame for GeoJSON/GeoParquet); text cells as strings, in file order.
    name : str
        File name, for messages.
    kind : str
        ``csv``, ``xlsx``, ``geojson`` or ``parquet``.
    coords : CoordinateSpec
    first_row : int
        Row number of the first record as a person counts it (2 under a header row, else 1).
    notes : tuple of str
        What the reader decided (encoding, sheet, skipped empty lines).
    """

    frame: pd.DataFrame
    name: str
    kind: str
    coords: CoordinateSpec
    first_row: int = 2
    notes: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def value_columns(self) -> list[str]:
        """Columns other than the position that are mostly numbers (candidates for sums)."""
        skip = {self.coords.x, self.coords.y, self.coords.geometry}
        out = []
        for c in self.frame.columns:
            if c in skip:
                continue
            s = self.frame[c]
            if pd.api.types.is_bool_dtype(s):
                continue
            if pd.api.types.is_numeric_dtype(s):
                out.append(str(c))
                continue
            sample = s.head(2000)
            if sample.dtype == object or pd.api.types.is_string_dtype(sample):
                num = pd.to_numeric(sample.astype(str).str.replace(",", "", regex=False).str.strip(),
                                    errors="coerce")
                filled = sample.astype(str).str.strip().ne("")
                if filled.any() and num[filled].notna().mean() >= 0.9:
                    out.append(str(c))
        return out

    @property
    def category_columns(self) -> list[str]:
        """Text columns with at most 50 distinct values (candidates for counts per category)."""
        skip = {self.coords.x, self.coords.y, self.coords.geometry, *self.value_columns}
        out = []
        for c in self.frame.columns:
            if c in skip or c == "geometry":
                continue
            n = self.frame[c].nunique(dropna=True)
            if 1 <= n <= 50:
                out.append(str(c))
        return out


@dataclass(frozen=True)
class ParquetSource:
    """A (Geo)Parquet file or folder of files, described from its metadata without reading the rows.

    Attributes
    ----------
    path : str
        File or folder.
    coords : CoordinateSpec
    columns : tuple of str
        Column names.
    rows : int
        Number of records (from the Parquet footers).
    """

    path: str
    coords: CoordinateSpec
    columns: tuple[str, ...]
    rows: int

    @property
    def name(self) -> str:
        """File or folder name."""
        return Path(self.path).name


@dataclass(frozen=True)
class Located:
    """Positions of a block of rows in EPSG:4326.

    Attributes
    ----------
    lon, lat : numpy.ndarray
        Longitude and latitude (NaN where ``reason`` is set).
    reason : numpy.ndarray
        Object array: ``""`` for a usable position, else a key of :data:`BAD_REASONS`.
    raw_x, raw_y : numpy.ndarray
        The coordinate cells as text (for listing the bad rows).
    """

    lon: np.ndarray
    lat: np.ndarray
    reason: np.ndarray
    raw_x: np.ndarray
    raw_y: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        """Boolean mask of rows with a usable position."""
        return self.reason == ""


# ---------------------------------------------------------------------------------------------------------
# Coordinate detection
# ---------------------------------------------------------------------------------------------------------
def _numbers(s: pd.Series) -> pd.Series:
    """Cells → float (``1,234.5`` and surrounding spaces accepted); text and empty cells → NaN.

    Integers beyond the float range become ±inf (never an ``OverflowError``): callers refuse non-finite values.
    """
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        with np.errstate(over="ignore"):
            return s.astype(float)
    fast = _arrow_floats(s)
    if fast is not None:
        return fast
    text = s.astype("string").str.strip().str.replace(",", "", regex=False)
    out = pd.to_numeric(text, errors="coerce")
    if out.dtype == object:  # Python integers too large for int64 or float stay objects
        out = out.map(_to_float)
    return out.astype(float)


def _to_float(v: object) -> float:
    try:
        return float(v)
    except OverflowError:
        return float("inf") if v > 0 else float("-inf")  # type: ignore[operator]
    except (TypeError, ValueError):
        return float("nan")


def _arrow_floats(s: pd.Series) -> pd.Series | None:
    """Arrow's C++ cast of a text column where every non-empty cell is a plain number, else None (the general
    path then parses each cell): several times faster on the millions of rows of a point file."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(s.dtype, pd.StringDtype) or s.dtype.storage != "pyarrow":
        return None
    try:
        arr = pa.array(s, from_pandas=True)
        if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
            return None
        text = pc.utf8_trim_whitespace(arr)
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, arr.type), text)
        values = pc.cast(text, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError, OverflowError, TypeError, ValueError):
        return None
    return pd.Series(values.to_numpy(zero_copy_only=False), index=s.index, dtype=float)


def _window_share(x: np.ndarray, y: np.ndarray, epsg: int) -> float:
    (x0, x1), (y0, y1) = _WINDOWS[epsg]
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return 0.0
    inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    return float(inside[ok].mean())


@functools.lru_cache(maxsize=1)
def _korea_land():
    """Union of the bundled sido (web resolution), prepared: the land test of :func:`detect_coordinates`."""
    import shapely

    from geo.boundaries import load_boundaries

    land = shapely.union_all(load_boundaries("sido", resolution="web").geometry.values)
    shapely.prepare(land)
    return land


def _land_share(x: np.ndarray, y: np.ndarray, epsg: int) -> float:
    """Share of (a sample of) the finite points that fall on Korean land if read in ``epsg``."""
    import shapely

    ok = np.flatnonzero(np.isfinite(x) & np.isfinite(y))[:2000]
    if len(ok) == 0:
        return 0.0
    lon, lat = x[ok], y[ok]
    if epsg != 4326:
        from pyproj import Transformer

        lon, lat = Transformer.from_crs(epsg, 4326, always_xy=True).transform(lon, lat, errcheck=False)
    return float(shapely.intersects_xy(_korea_land(), np.asarray(lon), np.asarray(lat)).mean())


def _pick(cols: dict[str, str], names: Sequence[str]) -> str | None:
    for n in names:
        if n in cols:
            return cols[n]
    return None


def detect_coordinates(
    frame: pd.DataFrame,
    *,
    x: str | None = None,
    y: str | None = None,
    crs: int | str | None = None,
    swap: bool | None = None,
    name: str = "the file",
) -> CoordinateSpec:
    """Find the coordinate columns of a table and their coordinate system.

    Columns are found by name (``lon/lat``, ``longitude/latitude``, ``경도/위도``, ``x/y``, ``X좌표/Y좌표``,
    ``easting/northing`` …); the system by the value ranges of the rows (Korea in WGS84 degrees, in EPSG:5179
    or in EPSG:5186). When the values fit Korea only with the two columns exchanged (latitude in a column named
    like a longitude; Korean survey X = northing), the columns are swapped and a note says so.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows (text or numbers).
    x, y : str, optional
        Force the easting/longitude and northing/latitude columns.
    crs : int or str, optional
        Force the coordinate system (EPSG code such as 4326, 5179, 5186).
    swap : bool, optional
        Force (True) or forbid (False) exchanging ``x`` and ``y``; None decides from the values.
    name : str
        File name for messages.

    Returns
    -------
    CoordinateSpec

    Raises
    ------
    ImportFileError
        No coordinate columns, an unknown column, an unknown CRS, or values that fit no known system.

    Examples
    --------
    >>> df = pd.DataFrame({"위도": ["37.5"], "경도": ["127.0"]})
    >>> detect_coordinates(df).x
    '경도'
    """
    if len(frame) == 0:
        raise ImportFileError(_no_rows(name))
    cols = {_norm(c): str(c) for c in frame.columns}
    notes: list[str] = []
    for given, what in ((x, "x"), (y, "y")):
        if given is not None and given not in frame.columns:
            raise ImportFileError(Note("no_such_column", "{name} has no column {column} (asked for as {what}); "
                                       "columns: {columns}.", name=name, column=repr(given), what=what,
                                       columns=", ".join(map(str, frame.columns))))
    cx = x if x is not None else _pick(cols, _X_NAMES)
    cy = y if y is not None else _pick(cols, _Y_NAMES)
    if cx is None or cy is None or cx == cy:
        raise ImportFileError(Note(
            "no_coordinate_columns", "No coordinate columns found in {name} (looked for lon/lat, "
            "longitude/latitude, 경도/위도, x/y, X좌표/Y좌표, easting/northing); columns: {columns}. Name the columns "
            "with x= and y= (command line: --x COL --y COL).", name=name, columns=", ".join(map(str, frame.columns))))
    sample = frame[[cx, cy]].head(100_000)
    xs, ys = _numbers(sample[cx]).to_numpy(), _numbers(sample[cy]).to_numpy()
    if not (np.isfinite(xs) & np.isfinite(ys)).any():
        raise ImportFileError(Note("coordinates_not_numbers", "Columns {x} and {y} of {name} hold no numbers; "
                                   "check the columns or name them with x= and y=.", x=repr(cx), y=repr(cy),
                                   name=name))
    if crs is not None:
        crs = check_crs(crs)
        epsg_options = [crs] if isinstance(crs, int) and crs in _WINDOWS else []
    else:
        names_geo = _norm(cx) in _GEOGRAPHIC_NAMES or _norm(cy) in _GEOGRAPHIC_NAMES
        epsg_options = [4326] if names_geo else [4326, 5179, 5186]
    swapped = False
    if crs is not None and not epsg_options:
        swapped = bool(swap)
    else:
        fits = []  # (share in the window, share on land, epsg, swapped)
        for epsg in epsg_options:
            for crossed in (False, True):
                a, b = (ys, xs) if crossed else (xs, ys)
                share = _window_share(a, b, epsg)
                fits.append((share, _land_share(a, b, epsg) if share >= 0.5 else 0.0, epsg, crossed))
        if swap is not None:
            fits = [f for f in fits if f[3] == swap]
        best4 = max(fits, key=lambda f: (f[0] >= 0.5, f[1], f[0], not f[3]))
        best = (best4[0], best4[2], best4[3])
        if best[0] < 0.5:
            lo = (np.nanmin(xs), np.nanmin(ys))
            hi = (np.nanmax(xs), np.nanmax(ys))
            raise ImportFileError(Note(
                "not_positions_in_korea", "The values of {x} ({x_lo} to {x_hi}) and {y} ({y_lo} to {y_hi}) in {name} "
                "do not look like positions in Korea in WGS84 degrees, EPSG:5179 or EPSG:5186. Give the coordinate "
                "system with crs= (command line: --crs EPSG), or check the columns.", x=repr(cx), y=repr(cy),
                x_lo=f"{lo[0]:g}", x_hi=f"{hi[0]:g}", y_lo=f"{lo[1]:g}", y_hi=f"{hi[1]:g}", name=name))
        share, epsg, swapped = best
        if crs is None:
            crs = epsg
            how = "ranges" if len(epsg_options) > 1 else "names"
            notes.append(Note(f"crs_detected_{how}", "coordinate system {crs} detected from the "
                              + {"ranges": "value ranges", "names": "column names and value ranges"}[how]
                              + " ({share} of rows fall in Korea)", crs=CRS_CHOICES[epsg], epsg=epsg,
                              share=f"{share:.0%}"))
            if epsg == 5186:
                notes.append(Note("epsg5186_overlap", "EPSG:5186 and the older central-belt systems (EPSG:5181, "
                                  "5174) have overlapping ranges: if the file uses another one, give it with crs="))
    if swapped:
        cx, cy = cy, cx
        axes = ("longitude", "latitude") if crs == 4326 else ("easting", "northing")
        notes.append(Note(f"columns_exchanged_{axes[0]}", "columns exchanged: {x} holds the " + axes[0] + " and {y} "
                          "the " + axes[1] + " (the values fit Korea only that way); pass swap=False to keep the "
                          "file's order", x=repr(cx), y=repr(cy)))
    return CoordinateSpec(x=cx, y=cy, crs=crs, swapped=swapped, notes=tuple(notes))


def check_crs(crs: int | str) -> int | str:
    """A coordinate system given by a person (EPSG code, ``EPSG:5179``, WKT, PROJ text) as an EPSG code or WKT.

    Refused, each in one sentence: text pyproj cannot read, and a system that cannot place points on a map —
    geocentric, vertical, engineering (a local grid with no tie to the Earth) or one without a transformation to
    WGS84.

    Examples
    --------
    >>> check_crs("epsg:5179"), check_crs("OGC:CRS84")
    (5179, 4326)
    >>> check_crs(4978)  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    ImportFileError: Coordinate system 4978 (Geocentric CRS) has no longitude/latitude or map coordinates; …
    """
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError, ProjError

    text = str(crs).strip()[:5000]
    if re.fullmatch(r"(?i)(epsg:)?\d{4,6}", text):
        crs = int(re.sub(r"(?i)epsg:", "", text))
    shown = repr(crs if isinstance(crs, int) else text[:60] + ("…" if len(text) > 60 else ""))
    try:
        parsed = CRS.from_user_input(crs)
    except (CRSError, TypeError, ValueError):
        raise ImportFileError(Note("unknown_crs", "Unknown coordinate system {crs}; give an EPSG code such as "
                                   "{choices}.", crs=shown, choices=", ".join(map(str, CRS_CHOICES)))) from None
    if not (parsed.is_geographic or parsed.is_projected):
        raise ImportFileError(Note("crs_not_for_maps", "Coordinate system {crs} ({kind}) has no longitude/latitude or "
                                   "map coordinates; give a geographic or projected system such as {choices}.",
                                   crs=shown, kind=parsed.type_name, choices=", ".join(map(str, CRS_CHOICES))))
    try:
        Transformer.from_crs(parsed, 4326, always_xy=True)
    except (CRSError, ProjError):
        raise ImportFileError(Note("crs_no_transformation", "Coordinate system {crs} cannot be transformed to WGS84 "
                                   "longitude/latitude; give an EPSG code such as {choices}.", crs=shown,
                                   choices=", ".join(map(str, CRS_CHOICES)))) from None
    epsg = parsed.to_epsg()
    if epsg == 4326 or parsed.equals(CRS.from_user_input("OGC:CRS84"), ignore_axis_order=True):
        return 4326
    return epsg if epsg is not None else parsed.to_wkt()


def _geometry_spec(gdf, name: str) -> CoordinateSpec:
    if gdf.crs is None:
        raise ImportFileError(Note("geometry_without_crs", "{name} has point geometries but no coordinate system; "
                                   "save it with one (GeoJSON is WGS84 by definition) or give crs=.", name=name))
    return CoordinateSpec(x=None, y=None, crs=check_crs(gdf.crs.to_wkt() if gdf.crs.to_epsg() is None
                                                         else gdf.crs.to_epsg()),
                          geometry=gdf.geometry.name,
                          notes=(Note("geometry_column_crs", "positions from the {column} geometry column ({crs})",
                                      column=repr(gdf.geometry.name), crs=gdf.crs.name),))


# ---------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------
def _kind(name: str, head: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if head.startswith(b"PAR1") or suffix in (".parquet", ".geoparquet", ".pq"):
        return "parquet"
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".geojson", ".json"):
        return "geojson"
    return "csv"


def _csv_encoding(head: bytes, encoding: str | None) -> str:
    if encoding:
        return encoding
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    import codecs

    for enc in ("utf-8", "cp949"):
        try:
            codecs.getincrementaldecoder(enc)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return enc
    return importer.detect_encoding(head)


def _read_csv(buf: io.BytesIO | Path, head: bytes, name: str, encoding: str | None,
              usecols: Sequence[str] | None = None) -> tuple[pd.DataFrame, list]:
    if b"\x00" in head[:8192] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(Note("points_binary_data", "{name} contains binary data (NUL bytes), not text: it is "
                                   "not a CSV file. Upload a CSV, XLSX, GeoJSON or GeoParquet file.", name=name))
    enc = _csv_encoding(head, encoding)
    first = head.split(b"\n", 1)[0]
    sep = "\t" if first.count(b"\t") > first.count(b",") else ","
    try:
        df = pd.read_csv(buf, dtype=str, keep_default_na=False, encoding=enc, sep=sep, skip_blank_lines=False,
                         on_bad_lines="error", usecols=usecols)
    except LookupError:
        raise ImportFileError(Note("unknown_encoding", "Unknown encoding {enc}; use one of: {encodings}.", enc=repr(enc),
                                   encodings=", ".join(importer.ENCODINGS))) from None
    except UnicodeDecodeError:
        raise ImportFileError(Note("points_not_valid_text", "{name} is not valid {enc} text; choose the encoding "
                                   "({encodings}).", name=name, enc=enc,
                                   encodings=", ".join(importer.ENCODINGS))) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise ImportFileError(Note("points_not_a_table", "{name} cannot be read as a table: {problem}. Check that "
                                   "every row has as many cells as the header.", name=name,
                                   problem=str(exc).splitlines()[0])) from None
    notes = [Note("csv_read_as", "CSV read as {encoding}", encoding=enc)]
    empty = df.apply(lambda s: s.str.strip().eq(""), axis=0).all(axis=1) if len(df.columns) else pd.Series([], dtype=bool)
    if empty.any():
        notes.append(Note("empty_lines", "{n} empty line(s) skipped", n=int(empty.sum())))
        df = df[~empty]
    return df, notes


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> tuple[pd.DataFrame, list]:
    grid = importer.read_grid(data, name, sheet=sheet)
    cells = grid.cells
    if cells.empty:
        raise ImportFileError(Note("sheet_empty", "{name}: the sheet is empty.", name=name))
    header = [str(h).strip() or f"column {i + 1}" for i, h in enumerate(cells.iloc[0])]
    if len(set(header)) != len(header):
        raise ImportFileError(Note("repeated_headers", "{name}: the header row has repeated column names; give "
                                   "every column its own name.", name=name))
    body = cells.iloc[1:].copy()
    body.columns = header
    body.index = cells.index[1:]
    empty = body.apply(lambda s: s.astype(str).str.strip().eq(""), axis=0).all(axis=1)
    notes = [Note("sheet", "sheet {sheet}", sheet=repr(grid.sheet)), *grid.notes]
    if empty.any():
        notes.append(Note("empty_rows", "{n} empty row(s) skipped", n=int(empty.sum())))
        body = body[~empty]
    # the grid's index is the spreadsheet row number
    body.index = body.index - int(cells.index[0]) - 1
    return body, notes


def read_points(
    source: bytes | str | Path,
    name: str | None = None,
    *,
    x: str | None = None,
    y: str | None = None,
    crs: int | str | None = None,
    swap: bool | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    columns: Sequence[str] | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_UPLOAD_ROWS,
    max_parsed: int = MAX_UPLOAD_PARSED_BYTES,
) -> PointTable:
    """Read a point file (CSV, XLSX, GeoJSON, GeoParquet) and find its coordinates.

    Parameters
    ----------
    source : bytes or path
        The file's bytes (an upload) or its path.
    name : str, optional
        File name (format and messages); default the path's name.
    x, y, crs, swap
        Override the detected coordinate columns, system and order (see :func:`detect_coordinates`).
    encoding : str, optional
        CSV encoding; detected when None.
    sheet : str, optional
        XLSX sheet; default the first one that is not metadata.
    columns : sequence of str, optional
        The columns needed besides the position (sums, a category); None reads every column. Parquet, GeoJSON
        and CSV read only those (and the coordinate columns).
    max_bytes, max_rows, max_parsed : int
        Budgets checked before the rows are parsed: the file's size, its rows, and the memory its rows would take
        once read (estimated from the file, or from a Parquet file's metadata: each column's decoded size).
        Defaults are an upload's (:data:`MAX_BYTES`, :data:`MAX_UPLOAD_ROWS`, :data:`MAX_UPLOAD_PARSED_BYTES`);
        the command line gives :data:`MAX_FILE_BYTES`, :data:`MAX_ROWS`, :data:`MAX_PARSED_BYTES`.

    Returns
    -------
    PointTable

    Raises
    ------
    ImportFileError
        Missing, empty, too large or unreadable file, damaged GeoParquet metadata, no point geometry, no
        coordinates found.

    Examples
    --------
    >>> t = read_points(b"X,Y\\n955000,1950000\\n", "p.csv")
    >>> t.coords.crs
    5179
    """
    budget = _Budget(max_bytes, max_rows, max_parsed)
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "upload.csv")
    frame, kind, notes, first_row, geo = _load(source, name, encoding, sheet, budget, columns=columns, x=x, y=y)
    if geo:
        _check_points(frame, name)
        spec = _geometry_spec(frame, name) if crs is None else CoordinateSpec(
            None, None, check_crs(crs), geometry=frame.geometry.name)
    else:
        spec = detect_coordinates(frame, x=x, y=y, crs=crs, swap=swap, name=name)
    if len(frame) == 0:
        raise ImportFileError(_no_rows(name))
    return PointTable(frame=frame, name=name, kind=kind, coords=spec, first_row=first_row, notes=tuple(notes))


def read_columns(source: bytes | str | Path, name: str | None = None, *, encoding: str | None = None,
                 sheet: str | None = None, max_bytes: int = MAX_BYTES) -> list[str]:
    """Column names of a point file, for choosing the coordinate columns by hand (the rows are not read, but for a
    workbook).

    Examples
    --------
    >>> read_columns(b"name,east,north\\nA,1,2\\n", "p.csv")
    ['name', 'east', 'north']
    """
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "upload.csv")
    buf, head, size = _open(source, name)
    _check_size(size, max_bytes, name)
    kind = _kind(name, head)
    if kind == "csv":
        return _csv_header(head, name, encoding)
    if kind == "parquet":
        return [str(c) for c in _parquet_file(buf, name).schema_arrow.names]
    if kind == "geojson":
        info = _geojson_info(buf, name)
        return [*map(str, info["fields"]), "geometry"]
    data = buf.getvalue() if isinstance(buf, io.BytesIO) else Path(buf).read_bytes()
    return [str(c) for c in _read_xlsx(data, name, sheet)[0].columns]


@dataclass(frozen=True)
class _Budget:
    """What a read may take: file bytes, rows, memory once parsed."""

    bytes: int
    rows: int
    parsed: int

    def check(self, name: str, rows: int, parsed: float) -> None:
        if rows > self.rows or parsed > self.parsed:
            upload = self.rows < MAX_ROWS
            raise ImportFileError(Note(
                "points_over_budget_upload" if upload else "points_over_budget",
                "{name} has {rows} rows and would take about {mb} MB once read; the limit here is {most_rows} rows "
                "and {most_mb} MB. " + ("Split the file, keep only the columns you need, or use the command line "
                                        "(python -m analysis aggregate), which reads up to {cli_rows} rows."
                                        if upload else "Use a GeoParquet folder with --engine dask."),
                name=name, rows=f"{rows:,}", mb=f"{parsed / 1024**2:,.0f}", most_rows=f"{self.rows:,}",
                most_mb=f"{self.parsed / 1024**2:,.0f}", cli_rows=f"{MAX_ROWS:,}"))


def _open(source: bytes | str | Path, name: str) -> tuple[io.BytesIO | Path, bytes, int]:
    """(a readable source, its first MB, its size) of a path or an upload's bytes."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise ImportFileError(f"{source}: file not found. Give the path of a CSV, XLSX, GeoJSON or GeoParquet "
                                  "file (a GeoParquet folder works with the dask engine).")
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(1 << 20)
        except OSError as exc:
            raise ImportFileError(Note("points_unreadable", "{name} cannot be read ({problem}).", name=name,
                                       problem=exc.strerror or type(exc).__name__)) from None
        return path, head, size
    data = bytes(source)
    return io.BytesIO(data), data[:1 << 20], len(data)


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise ImportFileError(Note(
            "points_too_large", "{name} is {mb} MB; the limit here is {limit} MB. Split the file, keep only the "
            "columns you need, or use the command line (python -m analysis aggregate) with a GeoParquet file.",
            name=name, mb=f"{size / 1024**2:,.1f}", limit=f"{max_bytes / 1024**2:,.0f}"))


def _count_lines(buf: io.BytesIO | Path) -> int:
    if isinstance(buf, io.BytesIO):
        return buf.getvalue().count(b"\n")
    n = 0
    with Path(buf).open("rb") as fh:
        while chunk := fh.read(1 << 24):
            n += chunk.count(b"\n")
    return n


def _wanted(names: Sequence[str], columns: Sequence[str] | None, x: str | None, y: str | None,
            extra: Sequence[str] = ()) -> list[str] | None:
    """The columns to read: ``columns``, the coordinate columns (given, else found by name) and ``extra``; None
    (every column) when no column list is given or the coordinate columns cannot be told from the names."""
    if columns is None:
        return None
    cols = {_norm(c): str(c) for c in names}
    cx = x if x is not None else _pick(cols, _X_NAMES)
    cy = y if y is not None else _pick(cols, _Y_NAMES)
    if not extra and (cx is None or cy is None):
        return None
    want = [*columns, *extra, *([] if extra else [cx, cy])]
    return [str(c) for c in names if str(c) in want]


def _load(source: bytes | str | Path, name: str, encoding: str | None, sheet: str | None, budget: _Budget, *,
          columns: Sequence[str] | None = None, x: str | None = None,
          y: str | None = None) -> tuple[pd.DataFrame, str, list[str], int, bool]:
    """The rows of a file within ``budget``: (frame, kind, notes, first row number, has a geometry column)."""
    buf, head, size = _open(source, name)
    _check_size(size, budget.bytes, name)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError(Note("points_empty", "{name} is empty. Choose a file with a header row and one row "
                                   "per point.", name=name))
    kind = _kind(name, head)
    if kind == "parquet":
        return _load_parquet(buf, name, budget, columns, x, y)
    if kind == "geojson":
        return _load_geojson(buf, name, budget, columns)
    if kind == "xlsx":
        if size > _MAX_XLSX_BYTES:
            raise ImportFileError(Note("points_workbook_too_large", "{name}: workbooks are read up to {limit} MB; "
                                       "save larger lists as CSV or GeoParquet.", name=name,
                                       limit=_MAX_XLSX_BYTES // 1024**2))
        data = buf.getvalue() if isinstance(buf, io.BytesIO) else Path(buf).read_bytes()
        frame, notes = _read_xlsx(data, name, sheet)
        budget.check(name, len(frame), 0)
        return frame, kind, notes, 2, False
    header = _csv_header(head, name, encoding)
    rows = max(_count_lines(buf) - 1, 0)
    wanted = _wanted(header, columns, x, y)
    width = len(wanted) if wanted is not None else len(header)
    budget.check(name, rows, rows * (16 * width + 24) + 2 * size * width / max(len(header), 1))
    if isinstance(buf, io.BytesIO):
        buf.seek(0)
    frame, notes = _read_csv(buf, head, name, encoding, usecols=wanted)
    return frame, kind, notes, 2, False


_GEO_ENCODINGS = {"wkb", "point", "multipoint", "linestring", "multilinestring", "polygon", "multipolygon"}


def _damaged_geo(name: str, problem: str) -> ImportFileError:
    return ImportFileError(Note("geo_metadata_damaged", "{name}: its GeoParquet metadata is damaged ({problem}); "
                                "save it again from GeoPandas or QGIS, or as Parquet with longitude/latitude columns.",
                                name=name, problem=problem))


def geo_metadata(raw: bytes | None, names: Sequence[str], name: str) -> dict | None:
    """The checked ``geo`` metadata of a Parquet schema (None for plain Parquet): JSON naming a primary geometry
    column the file has, in an encoding GeoPandas reads, with a readable coordinate system.

    Examples
    --------
    >>> geo_metadata(b'{"primary_column": "geometry", "columns": {"geometry": {"encoding": "WKB"}}}',
    ...              ["geometry"], "p.parquet")["primary_column"]
    'geometry'
    >>> geo_metadata(b"{not json", ["geometry"], "p.parquet")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    ImportFileError: p.parquet: its GeoParquet metadata is damaged (not JSON); …
    """
    if raw is None:
        return None
    try:
        meta = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _damaged_geo(name, "not JSON") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("columns"), dict):
        raise _damaged_geo(name, "no column descriptions")
    primary = meta.get("primary_column")
    described = meta["columns"].get(primary) if isinstance(primary, str) else None
    if not isinstance(described, dict):
        raise _damaged_geo(name, "no primary geometry column")
    if primary not in names:
        raise _damaged_geo(name, f"it names a geometry column {primary[:40]!r} the file does not have")
    encoding = described.get("encoding")
    if not isinstance(encoding, str) or encoding.lower() not in _GEO_ENCODINGS:
        raise _damaged_geo(name, f"geometry encoding {str(encoding)[:40]!r} unknown")
    crs = described.get("crs", "OGC:CRS84")
    if crs is not None and not isinstance(crs, (str, dict)):
        raise _damaged_geo(name, "coordinate system neither text nor PROJJSON")
    return meta


def _geo_crs(meta: dict, crs: int | str | None, name: str) -> int | str:
    described = meta["columns"][meta["primary_column"]]
    found = described.get("crs", "OGC:CRS84")
    if crs is not None:
        return check_crs(crs)
    if found is None:
        raise ImportFileError(Note("geometry_without_crs", "{name} has point geometries but no coordinate system; "
                                   "save it with one (GeoJSON is WGS84 by definition) or give crs=.", name=name))
    return check_crs(json.dumps(found) if isinstance(found, dict) else found)


def _parquet_file(buf: io.BytesIO | Path, name: str):
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(buf)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise ImportFileError(Note("unreadable_parquet", "{name} is not a readable Parquet file ({problem}).",
                                   name=name, problem=type(exc).__name__)) from None


def _is_text(t) -> bool:
    import pyarrow as pa

    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t)


def _load_parquet(buf: io.BytesIO | Path, name: str, budget: _Budget, columns: Sequence[str] | None, x: str | None,
                  y: str | None) -> tuple[pd.DataFrame, str, list, int, bool]:
    """A (Geo)Parquet file within budget: rows and decoded size from its metadata, only the needed columns, text
    columns kept dictionary-encoded (a category repeated a million times is one string, never a million)."""
    pf = _parquet_file(buf, name)
    schema = pf.schema_arrow
    meta = geo_metadata((schema.metadata or {}).get(b"geo"), schema.names, name)
    gcol = meta["primary_column"] if meta else None
    wanted = _wanted(schema.names, columns, x, y, extra=[gcol] if gcol else ())
    read = list(schema.names) if wanted is None else wanted
    rows, decoded = _decoded([pf.metadata], read)
    budget.check(name, rows, decoded + rows * (8 * len(read) + (100 if gcol else 0)))  # + arrays, a shapely point
    text = [c for c in read if c != gcol and _is_text(schema.field(c).type)]
    if meta is not None and meta["columns"][gcol].get("crs", "OGC:CRS84") is not None:
        _geo_crs(meta, None, name)  # a coordinate system pyproj cannot read: one message, before the rows
    if isinstance(buf, io.BytesIO):
        buf.seek(0)
    try:
        if gcol:
            import geopandas as gpd

            frame = gpd.read_parquet(buf, columns=read, read_dictionary=text)
        else:
            import pyarrow.parquet as pq

            frame = pq.read_table(buf, columns=read, read_dictionary=text).to_pandas()
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged page ('Corrupt snappy compressed data'), a bad geometry: one message
        raise ImportFileError(Note("damaged_parquet", "{name} is damaged and cannot be read ({problem}); export it "
                                   "again.", name=name, problem=type(exc).__name__)) from None
    return frame.reset_index(drop=True), "parquet", [], 1, gcol is not None


def _decoded(footers: Sequence, read: Sequence[str]) -> tuple[int, int]:
    """Rows, and bytes of the columns ``read`` once decoded, from Parquet footers (their uncompressed sizes; a text
    column is read dictionary-encoded, so its size is that of its dictionary and indices)."""
    rows = decoded = 0
    for md in footers:
        rows += md.num_rows
        index = {md.schema.column(i).path.split(".")[0]: i for i in range(md.num_columns)}
        for c in read:
            i = index.get(c)
            if i is not None:
                decoded += sum(md.row_group(g).column(i).total_uncompressed_size for g in range(md.num_row_groups))
    return rows, decoded


def read_parquet_source(src: ParquetSource, columns: Sequence[str], *, max_rows: int = MAX_ROWS,
                        max_parsed: int = MAX_PARSED_BYTES) -> PointTable:
    """A Parquet file or folder described by :func:`open_parquet`, read in-process: the position's columns and
    ``columns`` only, text dictionary-encoded, within the budget (checked on the footers before any row)."""
    import pyarrow.dataset as pds

    read = [c for c in src.columns if c in {*columns, src.coords.geometry, src.coords.x, src.coords.y}]
    try:
        ds = pds.dataset(src.path, format="parquet")
        rows, decoded = _decoded([f.metadata for f in ds.get_fragments()], read)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise ImportFileError(Note("unreadable_parquet", "{name} is not a readable Parquet file ({problem}).",
                                   name=src.name, problem=type(exc).__name__)) from None
    per_row = 8 * len(read) + (100 if src.coords.geometry else 0)
    _Budget(MAX_FILE_BYTES, max_rows, max_parsed).check(src.name, rows, decoded + rows * per_row)
    text = [c for c in read if c != src.coords.geometry and _is_text(ds.schema.field(c).type)]
    try:
        if src.coords.geometry:
            import geopandas as gpd

            frame = gpd.read_parquet(src.path, columns=read, read_dictionary=text)
        else:
            frame = ds.to_table(columns=read).to_pandas()
    except Exception as exc:  # a damaged page, a bad geometry: one message
        raise ImportFileError(Note("damaged_parquet", "{name} is damaged and cannot be read ({problem}); export it "
                                   "again.", name=src.name, problem=type(exc).__name__)) from None
    if src.coords.geometry:
        _check_points(frame, src.name)
    return PointTable(frame.reset_index(drop=True), src.name, "parquet", src.coords, first_row=1)


def check_category_lengths(src: ParquetSource, column: str, most: int) -> None:
    """Refuse a Parquet text column with a value longer than ``most`` characters, reading it batch by batch as a
    dictionary (a 17 KB file whose one column expands to 5 GB is refused in a second, in megabytes)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as pds

    longest = 0
    try:
        fmt = pds.ParquetFileFormat(read_options=pds.ParquetReadOptions(dictionary_columns=[column]))
        for batch in pds.dataset(src.path, format=fmt).to_batches(columns=[column], batch_size=1 << 16):
            arr = batch.column(0)
            values = arr.dictionary if pa.types.is_dictionary(arr.type) else arr
            if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
                n = pc.max(pc.utf8_length(values)).as_py() if len(values) else 0
                longest = max(longest, n or 0)
            if longest > most:
                break
    except Exception as exc:  # a damaged page
        raise ImportFileError(Note("damaged_parquet", "{name} is damaged and cannot be read ({problem}); export it "
                                   "again.", name=src.name, problem=type(exc).__name__)) from None
    if longest > most:
        raise ImportFileError(Note("category_too_long", "column {column} has values of up to {n} characters; a "
                                   "category is at most {most} (a code or a short name): make a column with a short "
                                   "code and count by it.", column=repr(column), n=f"{longest:,}+", most=most))


def _geojson_info(buf: io.BytesIO | Path, name: str) -> dict:
    import pyogrio

    try:
        info = pyogrio.read_info(buf)
    except Exception as exc:  # GDAL's errors for a damaged file
        raise ImportFileError(Note("unreadable_geojson", "{name} is not a readable GeoJSON file: {problem}",
                                   name=name, problem=str(exc).splitlines()[0][:200] if str(exc) else
                                   type(exc).__name__)) from None
    finally:
        if isinstance(buf, io.BytesIO):
            buf.seek(0)
    return info


def _load_geojson(buf: io.BytesIO | Path, name: str, budget: _Budget,
                  columns: Sequence[str] | None) -> tuple[pd.DataFrame, str, list, int, bool]:
    import geopandas as gpd

    info = _geojson_info(buf, name)
    rows = max(int(info.get("features") or 0), 0)
    fields = [str(f) for f in info.get("fields", [])]
    read = None if columns is None else [c for c in fields if c in columns]
    budget.check(name, rows, rows * (16 * len(fields if read is None else read) + 200))
    try:
        frame = gpd.read_file(buf, engine="pyogrio", columns=read)
    except Exception as exc:  # GDAL's errors for a damaged file
        raise ImportFileError(Note("unreadable_geojson", "{name} is not a readable GeoJSON file: {problem}",
                                   name=name, problem=str(exc).splitlines()[0][:200] if str(exc) else
                                   type(exc).__name__)) from None
    budget.check(name, len(frame), 0)
    return frame, "geojson", [], 1, True


def _check_points(frame, name: str) -> None:
    """Refuse a geometry file with no point at all (polygons only): its rows would all be 'not a point'."""
    import shapely

    geoms = np.asarray(frame.geometry.values, dtype=object)
    types = shapely.get_type_id(geoms)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if present.any() and not (types[present] == 0).any():
        kinds = pd.Series(shapely.get_type_id(geoms[present])).map(
            {1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString", 6: "MultiPolygon",
             7: "GeometryCollection"}).value_counts()
        raise ImportFileError(Note("no_point_geometries", "{name} holds no point geometries ({kinds}); save the "
                                   "facilities as points (e.g. their centroids) and upload that file.", name=name,
                                   kinds=", ".join(f"{k} {v:,}" for k, v in kinds.items())))


def _csv_header(head: bytes, name: str, encoding: str | None) -> list[str]:
    """The header of a CSV from its first MB."""
    import csv

    if b"\x00" in head[:8192] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(Note("points_binary_data", "{name} contains binary data (NUL bytes), not text: it is "
                                   "not a CSV file. Upload a CSV, XLSX, GeoJSON or GeoParquet file.", name=name))
    enc = _csv_encoding(head, encoding)
    first = head.split(b"\n", 1)[0]
    sep = "\t" if first.count(b"\t") > first.count(b",") else ","
    try:
        line = first.decode(enc, errors="replace").strip("\r\ufeff")
    except LookupError:
        raise ImportFileError(Note("unknown_encoding", "Unknown encoding {enc}; use one of: {encodings}.", enc=repr(enc),
                                   encodings=", ".join(importer.ENCODINGS))) from None
    return [c.strip() for c in next(csv.reader([line], delimiter=sep), [])]


def _no_rows(name: str) -> Note:
    return Note("no_rows", "{name} has a header but no rows.", name=name)


def open_parquet(path: str | Path, *, x: str | None = None, y: str | None = None, crs: int | str | None = None,
                 swap: bool | None = None) -> ParquetSource:
    """Describe a (Geo)Parquet file or folder from its footers and first row group (no full read).

    Parameters
    ----------
    path : str or Path
        A ``.parquet`` file or a folder of them (as written by ``dask_geopandas`` ``to_parquet``).
    x, y, crs, swap
        As in :func:`detect_coordinates`, for Parquet files with coordinate columns instead of a geometry.

    Returns
    -------
    ParquetSource

    Raises
    ------
    ImportFileError
        Not found, not Parquet, no coordinates.
    """
    import pyarrow.dataset as pds
    import pyarrow.parquet as pq

    p = Path(path)
    if not p.exists():
        raise ImportFileError(f"{path}: not found. Give a GeoParquet file or a folder of them.")
    try:
        ds = pds.dataset(str(p), format="parquet")
        files = ds.files
        if not files:
            raise ImportFileError(f"{path} holds no Parquet files.")
        rows = sum(frag.metadata.num_rows for frag in ds.get_fragments())
    except ImportFileError:
        raise
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise ImportFileError(f"{path} is not readable as Parquet ({type(exc).__name__}).") from None
    schema = ds.schema
    columns = tuple(schema.names)
    try:  # the first file's own key-value metadata (a dataset's unified schema may not carry it)
        kv = pq.ParquetFile(files[0]).metadata.metadata or {}
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise ImportFileError(f"{path} is not readable as Parquet ({type(exc).__name__}).") from None
    meta = geo_metadata(kv.get(b"geo") or (schema.metadata or {}).get(b"geo"), schema.names, p.name)
    if meta is not None:
        gcol = meta["primary_column"]
        spec = CoordinateSpec(None, None, _geo_crs(meta, crs, p.name), geometry=gcol,
                              notes=(Note("geometry_column", "positions from the {column} geometry column",
                                          column=repr(gcol)),))
    else:
        try:  # a sample of the first rows (of the coordinate columns when their names tell), text as dictionaries
            text = [f.name for f in schema if _is_text(f.type)]
            pf = pq.ParquetFile(files[0], read_dictionary=text)
            names = pf.schema_arrow.names
            cols = {_norm(c): str(c) for c in names}
            pair = [c for c in (x or _pick(cols, _X_NAMES), y or _pick(cols, _Y_NAMES)) if c in names]
            batch = next(pf.iter_batches(batch_size=100_000, columns=pair or None), None)
            first = batch.to_pandas() if batch is not None else pd.DataFrame(columns=names)
        except Exception as exc:  # a damaged page of the first row group
            raise ImportFileError(Note("damaged_parquet", "{name} is damaged and cannot be read ({problem}); export "
                                       "it again.", name=p.name, problem=type(exc).__name__)) from None
        spec = detect_coordinates(first, x=x, y=y, crs=crs, swap=swap, name=p.name)
    return ParquetSource(path=str(p), coords=spec, columns=columns, rows=int(rows))


# ---------------------------------------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------------------------------------
def locate(frame: pd.DataFrame, spec: CoordinateSpec, *, raw: bool = True) -> Located:
    """Longitude/latitude (EPSG:4326) of each row of ``frame``, or the reason it has none.

    Projected coordinates are transformed with pyproj (``always_xy``). The bundled boundaries are stored in
    EPSG:4326 and are never reprojected: points come to them, so a point on a shared edge is judged against the
    stored vertices.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of a :class:`PointTable` (or a partition of a Parquet source).
    spec : CoordinateSpec
    raw : bool
        Keep every row's coordinate cells as text (``raw_x``/``raw_y``); False leaves them empty (a text object
        per row is most of the memory of a large file) and :func:`raw_cells` gives the few rows listed.

    Returns
    -------
    Located

    Examples
    --------
    >>> loc = locate(pd.DataFrame({"x": ["127", "", "abc", "500", "0"], "y": ["37", "36", "36", "36", "0.0"]}),
    ...              CoordinateSpec("x", "y", 4326))
    >>> list(loc.reason)
    ['', 'missing', 'not_a_number', 'impossible', 'zero']
    """
    n = len(frame)
    reason = np.full(n, "", dtype=object)
    if spec.geometry is not None:
        import shapely

        geoms = np.asarray(frame[spec.geometry].values, dtype=object) if n else np.array([], dtype=object)
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        types = shapely.get_type_id(geoms)
        not_point = ~missing & (types != 0)
        reason[missing] = "missing"
        reason[not_point] = "not_a_point"
        pts = np.where(missing | not_point, None, geoms)
        x = shapely.get_x(pts)
        y = shapely.get_y(pts)
    else:
        sx, sy = frame[spec.x], frame[spec.y]
        x, y = _numbers(sx).to_numpy(), _numbers(sy).to_numpy()
        if pd.api.types.is_numeric_dtype(sx) and pd.api.types.is_numeric_dtype(sy):
            empty = sx.isna().to_numpy() | sy.isna().to_numpy()
        else:
            empty = _blank(sx) | _blank(sy)
        reason[empty] = "missing"
        reason[~empty & (np.isnan(x) | np.isnan(y))] = "not_a_number"
    ok = reason == ""
    reason[ok & ~(np.isfinite(x) & np.isfinite(y))] = "impossible"
    reason[(reason == "") & (x == 0) & (y == 0)] = "zero"  # (0, 0): an empty cell a program filled, not the sea
    ok = reason == ""
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    if spec.crs == 4326:
        lon[ok], lat[ok] = x[ok], y[ok]
    elif ok.any():
        from pyproj import Transformer

        tr = Transformer.from_crs(spec.crs, 4326, always_xy=True)
        lon[ok], lat[ok] = tr.transform(x[ok], y[ok], errcheck=False)
    bad = ok & ~(np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90))
    reason[bad] = "impossible"
    lon[reason != ""] = np.nan
    lat[reason != ""] = np.nan
    if raw:
        raw_x, raw_y = raw_cells(frame, spec, np.arange(n))
    else:
        raw_x = raw_y = np.empty(0, dtype=object)
    return Located(lon=lon, lat=lat, reason=reason, raw_x=raw_x, raw_y=raw_y)


def _blank(s: pd.Series) -> np.ndarray:
    """Missing or whitespace-only cells."""
    if pd.api.types.is_numeric_dtype(s):
        return s.isna().to_numpy()
    return s.astype("string").fillna("").str.strip().eq("").to_numpy(dtype=bool)


def raw_cells(frame: pd.DataFrame, spec: CoordinateSpec, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The coordinate cells of rows ``pos`` (0-based positions) as text, for listing rows without a position.

    Examples
    --------
    >>> raw_cells(pd.DataFrame({"x": [" 127 ", None], "y": ["37", "x"]}), CoordinateSpec("x", "y", 4326), [0, 1])
    (array(['127', ''], dtype=object), array(['37', 'x'], dtype=object))
    """
    pos = np.asarray(pos, dtype=np.int64)
    if spec.geometry is not None:
        import shapely

        geoms = np.asarray(frame[spec.geometry].values, dtype=object)[pos] if len(pos) else np.array([], dtype=object)
        pts = np.where(shapely.is_missing(geoms) | shapely.is_empty(geoms) | (shapely.get_type_id(geoms) != 0),
                       None, geoms)
        cells = [shapely.get_x(pts), shapely.get_y(pts)]
        return tuple(np.where(np.isnan(c), "", c.astype(str)).astype(object) for c in cells)  # type: ignore[return-value]
    out = []
    for column in (spec.x, spec.y):
        s = frame[column].iloc[pos]
        if pd.api.types.is_numeric_dtype(s):
            out.append(np.where(s.isna(), "", s.astype(str)).astype(object))
        else:
            out.append(s.astype("string").fillna("").str.strip().to_numpy(object))
    return out[0], out[1]
