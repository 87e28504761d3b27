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

Rows are never dropped silently: a row whose coordinates are missing, not numbers or impossible gets a reason
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
    "MAX_ROWS",
    "CoordinateSpec",
    "Located",
    "ParquetSource",
    "PointTable",
    "detect_coordinates",
    "locate",
    "open_parquet",
    "read_columns",
    "read_points",
]

MAX_BYTES: int = importer.MAX_BYTES
"""Largest upload (the importer's limit, 50 MB, equal to ``server.maxUploadSize``)."""

MAX_FILE_BYTES: int = 4 * 1024**3
"""Largest file the command line reads in-process (4 GB; a GeoParquet folder for the Dask engine has none)."""

MAX_ROWS: int = 50_000_000
"""Most rows read in-process (the 2020 Economic Census lists 6.0 million establishments)."""

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
    """Cells → float (``1,234.5`` and surrounding spaces accepted); text and empty cells → NaN."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.astype(float)
    text = s.astype("string").str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(text, errors="coerce").astype(float)


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
        crs = _check_crs(crs)
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


def _check_crs(crs: int | str) -> int | str:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    text = str(crs).strip()
    if re.fullmatch(r"(?i)(epsg:)?\d{4,6}", text):
        crs = int(re.sub(r"(?i)epsg:", "", text))
    try:
        parsed = CRS.from_user_input(crs)
    except CRSError:
        raise ImportFileError(Note("unknown_crs", "Unknown coordinate system {crs}; give an EPSG code such as "
                                   "{choices}.", crs=repr(crs), choices=", ".join(map(str, CRS_CHOICES)))) from None
    epsg = parsed.to_epsg()
    if epsg == 4326 or parsed.equals(CRS.from_user_input("OGC:CRS84"), ignore_axis_order=True):
        return 4326
    return epsg if epsg is not None else parsed.to_wkt()


def _geometry_spec(gdf, name: str) -> CoordinateSpec:
    if gdf.crs is None:
        raise ImportFileError(Note("geometry_without_crs", "{name} has point geometries but no coordinate system; "
                                   "save it with one (GeoJSON is WGS84 by definition) or give crs=.", name=name))
    return CoordinateSpec(x=None, y=None, crs=_check_crs(gdf.crs.to_wkt() if gdf.crs.to_epsg() is None
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


def _read_csv(buf: io.BytesIO | Path, head: bytes, name: str, encoding: str | None) -> tuple[pd.DataFrame, list]:
    if b"\x00" in head[:8192] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(Note("points_binary_data", "{name} contains binary data (NUL bytes), not text: it is "
                                   "not a CSV file. Upload a CSV, XLSX, GeoJSON or GeoParquet file.", name=name))
    enc = _csv_encoding(head, encoding)
    first = head.split(b"\n", 1)[0]
    sep = "\t" if first.count(b"\t") > first.count(b",") else ","
    try:
        df = pd.read_csv(buf, dtype=str, keep_default_na=False, encoding=enc, sep=sep, skip_blank_lines=False,
                         on_bad_lines="error")
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
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
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
    max_bytes, max_rows : int
        Refuse larger files before parsing (uploads: :data:`MAX_BYTES`; command line: :data:`MAX_FILE_BYTES`).

    Returns
    -------
    PointTable

    Raises
    ------
    ImportFileError
        Missing, empty, too large or unreadable file, no coordinates found.

    Examples
    --------
    >>> t = read_points(b"X,Y\\n955000,1950000\\n", "p.csv")
    >>> t.coords.crs
    5179
    """
    frame, kind, notes, first_row, geo = _load(source, name, encoding, sheet, max_bytes, max_rows)
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "upload.csv")
    if geo:
        spec = _geometry_spec(frame, name) if crs is None else CoordinateSpec(
            None, None, _check_crs(crs), geometry=frame.geometry.name)
    else:
        spec = detect_coordinates(frame, x=x, y=y, crs=crs, swap=swap, name=name)
    if len(frame) == 0:
        raise ImportFileError(_no_rows(name))
    return PointTable(frame=frame, name=name, kind=kind, coords=spec, first_row=first_row, notes=tuple(notes))


def read_columns(source: bytes | str | Path, name: str | None = None, *, encoding: str | None = None,
                 sheet: str | None = None, max_bytes: int = MAX_BYTES) -> list[str]:
    """Column names of a point file (read with the same limits), for choosing the coordinate columns by hand.

    Examples
    --------
    >>> read_columns(b"name,east,north\\nA,1,2\\n", "p.csv")
    ['name', 'east', 'north']
    """
    frame = _load(source, name, encoding, sheet, max_bytes, MAX_ROWS)[0]
    return [str(c) for c in frame.columns]


def _load(source: bytes | str | Path, name: str | None, encoding: str | None, sheet: str | None, max_bytes: int,
          max_rows: int) -> tuple[pd.DataFrame, str, list[str], int, bool]:
    """The rows of a file: (frame, kind, notes, first row number, has a geometry column)."""
    path: Path | None = None
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise ImportFileError(f"{source}: file not found. Give the path of a CSV, XLSX, GeoJSON or GeoParquet "
                                  "file (a GeoParquet folder works with the dask engine).")
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1 << 20)
    else:
        data = bytes(source)
        name = name or "upload.csv"
        size = len(data)
        head = data[:1 << 20]
    if size > max_bytes:
        raise ImportFileError(Note(
            "points_too_large", "{name} is {mb} MB; the limit here is {limit} MB. Split the file, keep only the "
            "columns you need, or use the command line (python -m analysis aggregate) with a GeoParquet file.",
            name=name, mb=f"{size / 1024**2:,.1f}", limit=f"{max_bytes / 1024**2:,.0f}"))
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError(Note("points_empty", "{name} is empty. Choose a file with a header row and one row "
                                   "per point.", name=name))
    kind = _kind(name, head)
    buf = path if path is not None else io.BytesIO(data)
    notes: list[str] = []
    first_row = 2
    if kind == "parquet":
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(buf).metadata
        except Exception as exc:  # pyarrow raises several types for damaged files
            raise ImportFileError(Note("unreadable_parquet", "{name} is not a readable Parquet file ({problem}).",
                                       name=name, problem=type(exc).__name__)) from None
        _check_rows(meta.num_rows, max_rows, name)
        if isinstance(buf, io.BytesIO):
            buf.seek(0)
        first_row = 1
        if meta.metadata and b"geo" in meta.metadata:
            import geopandas as gpd

            return gpd.read_parquet(buf), kind, notes, 1, True
        frame = pd.read_parquet(buf)
    elif kind == "geojson":
        import geopandas as gpd

        try:
            frame = gpd.read_file(buf, engine="pyogrio")
        except Exception as exc:  # GDAL's errors for a damaged file
            raise ImportFileError(Note("unreadable_geojson", "{name} is not a readable GeoJSON file: {problem}",
                                       name=name, problem=str(exc).splitlines()[0][:200])) from None
        _check_rows(len(frame), max_rows, name)
        return frame, kind, notes, 1, True
    elif kind == "xlsx":
        if size > _MAX_XLSX_BYTES:
            raise ImportFileError(Note("points_workbook_too_large", "{name}: workbooks are read up to {limit} MB; "
                                       "save larger lists as CSV or GeoParquet.", name=name,
                                       limit=_MAX_XLSX_BYTES // 1024**2))
        frame, notes = _read_xlsx(data if path is None else path.read_bytes(), name, sheet)
        _check_rows(len(frame), max_rows, name)
    else:
        frame, notes = _read_csv(buf, head, name, encoding)
        _check_rows(len(frame), max_rows, name)
    return frame, kind, notes, first_row, False


def _no_rows(name: str) -> Note:
    return Note("no_rows", "{name} has a header but no rows.", name=name)


def _check_rows(n: int, max_rows: int, name: str) -> None:
    if n > max_rows:
        raise ImportFileError(Note("points_too_many_rows", "{name} has {n} rows; the limit is {most}. Use a "
                                   "GeoParquet folder with the dask engine (python -m analysis aggregate --engine "
                                   "dask).", name=name, n=f"{n:,}", most=f"{max_rows:,}"))


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
    geo = (schema.metadata or {}).get(b"geo")
    if geo is not None:
        meta = json.loads(geo)
        gcol = meta.get("primary_column", "geometry")
        crs_meta = meta.get("columns", {}).get(gcol, {}).get("crs", "OGC:CRS84")
        if crs is not None:
            spec_crs = _check_crs(crs)
        elif crs_meta is None:
            raise ImportFileError(f"{path}: the geometry column has no coordinate system; give crs=.")
        else:
            spec_crs = _check_crs(json.dumps(crs_meta) if isinstance(crs_meta, dict) else crs_meta)
        spec = CoordinateSpec(None, None, spec_crs, geometry=gcol,
                              notes=(Note("geometry_column", "positions from the {column} geometry column",
                                          column=repr(gcol)),))
    else:
        import pyarrow.parquet as pq

        first = pq.ParquetFile(files[0]).read_row_group(0).to_pandas()
        spec = detect_coordinates(first, x=x, y=y, crs=crs, swap=swap, name=p.name)
    return ParquetSource(path=str(p), coords=spec, columns=columns, rows=int(rows))


# ---------------------------------------------------------------------------------------------------------
# Positions
# ---------------------------------------------------------------------------------------------------------
def locate(frame: pd.DataFrame, spec: CoordinateSpec) -> Located:
    """Longitude/latitude (EPSG:4326) of each row of ``frame``, or the reason it has none.

    Projected coordinates are transformed with pyproj (``always_xy``). The bundled boundaries are stored in
    EPSG:4326 and are never reprojected: points come to them, so a point on a shared edge is judged against the
    stored vertices.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of a :class:`PointTable` (or a partition of a Parquet source).
    spec : CoordinateSpec

    Returns
    -------
    Located

    Examples
    --------
    >>> loc = locate(pd.DataFrame({"x": ["127", "", "abc", "500"], "y": ["37", "36", "36", "36"]}),
    ...              CoordinateSpec("x", "y", 4326))
    >>> list(loc.reason)
    ['', 'missing', 'not_a_number', 'impossible']
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
        raw_x = np.where(np.isnan(x), "", x.astype(str)).astype(object)
        raw_y = np.where(np.isnan(y), "", y.astype(str)).astype(object)
    else:
        sx, sy = frame[spec.x], frame[spec.y]
        x, y = _numbers(sx).to_numpy(), _numbers(sy).to_numpy()
        if pd.api.types.is_numeric_dtype(sx) and pd.api.types.is_numeric_dtype(sy):
            empty = sx.isna().to_numpy() | sy.isna().to_numpy()
            raw_x = np.where(sx.isna(), "", sx.astype(str)).astype(object)
            raw_y = np.where(sy.isna(), "", sy.astype(str)).astype(object)
        else:
            tx, ty = sx.astype("string").fillna("").str.strip(), sy.astype("string").fillna("").str.strip()
            raw_x, raw_y = tx.to_numpy(object), ty.to_numpy(object)
            empty = (tx.eq("") | ty.eq("")).to_numpy()
        reason[empty] = "missing"
        reason[~empty & (np.isnan(x) | np.isnan(y))] = "not_a_number"
    ok = reason == ""
    reason[ok & ~(np.isfinite(x) & np.isfinite(y))] = "impossible"
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
    return Located(lon=lon, lat=lat, reason=reason, raw_x=raw_x, raw_y=raw_y)
