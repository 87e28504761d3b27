"""Korean region codes and names: resolve what users type to the bundled boundary vintage.

The knowledge lives in data tables under ``data/codes/`` (each row with its source):

* ``sido.csv`` -- the 17 sido: MOIS code, KOSTAT code, Korean full and short name, English name.
* ``sido_names.csv`` -- more names per sido: variants, English forms, former names (강원도, 전라북도 ...).
* ``kostat_quirks.csv`` -- non-standard KOSTAT sido codes seen in older tables (Sejong as 27).
* ``code_rules.csv`` -- prefix rules: every MOIS code 42... became 51..., 45... became 52..., 49... became 50....
* ``changes.csv`` -- dated changes since 2010 (and a few older ones still met in files), one row per
  old unit -> new unit with the spatial ``relation`` of old to new: ``same`` (recode/rename, same territory),
  ``into`` (old lies within new), ``split`` (new lies within old), ``overlap``.
* ``aggregates.csv`` -- total/subtotal labels (전국, 계, 소계, 수도권 ...).

The names and codes of the units themselves are *not* copied here: they are read at run time from the
attribute columns of the bundled boundary files (``data/boundaries/{level}.parquet``, without geometry)
so the resolver always agrees with the maps.

Codes accepted: MOIS codes of 2 (sido), 5 (sigungu) and 8 (eup-myeon-dong, 법정동) digits, and 10-digit
법정동/행정동 codes. The bundled emd layer is keyed by the first 8 digits of the 10-digit 법정동 code
(sido 2 + sigungu 3 + eup-myeon-dong 3; the last two digits are the 리). A 10-digit code ``SSGGG00000`` is a
sigungu, ``SS00000000`` a sido. 행정동 codes (digits 6-8 usually 5xx-7xx for dong) have no 1:1 법정동
polygon: they resolve as unmatched with their sigungu as candidate, or as the sigungu with ``level="sigungu"``.
KOSTAT sido codes (11, 21-26, 29, 31-39) are accepted through ``code_system``.

Examples
--------
>>> from geo.codes import resolve
>>> resolve("강원도").code               # doctest: +SKIP
'51'
>>> resolve("중구").status               # doctest: +SKIP
'ambiguous'
>>> resolve("서울 중구").code            # doctest: +SKIP
'11140'
"""

from __future__ import annotations

import difflib
import numbers
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from geo.levels import LEVELS
from geo.notes import Note, joined

__all__ = [
    "BUNDLE_VINTAGE",
    "CODE_SYSTEMS",
    "LEVELS",
    "STATUSES",
    "BoundariesNotBuiltError",
    "Candidate",
    "CodeIndex",
    "CodeSystemError",
    "CodesError",
    "Resolution",
    "UnknownLevelError",
    "aggregate_kind",
    "clear_cache",
    "code_tables",
    "default_index",
    "kostat_to_mois",
    "load_unit_tables",
    "mois_to_kostat",
    "resolve",
    "resolve_many",
]

ROOT = Path(__file__).resolve().parents[1]
CODES_DIR = ROOT / "data" / "codes"
BOUNDARIES_DIR = ROOT / "data" / "boundaries"

#: Date of the bundled boundary geometry (see data/boundaries/README.md).
BUNDLE_VINTAGE = "2023-09-15"
CODE_SYSTEMS: tuple[str, ...] = ("auto", "mois", "kostat")
STATUSES: tuple[str, ...] = ("matched", "former", "merged", "split", "ambiguous", "unmatched")

#: Attribute columns read from the boundary files (geometry is never read).
UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "sido": ("code", "name_ko", "name_en"),
    "sigungu": ("code", "name_ko", "name_en", "sido_code", "parent_code", "parent_name_ko", "parent_name_en"),
    "emd": ("code", "name_ko", "name_en", "sido_code", "sigungu_code", "sigungu_name_ko", "sigungu_name_en"),
}
_CODE_LEVEL = {2: "sido", 5: "sigungu", 8: "emd"}
_LEVEL_LEN = {"sido": 2, "sigungu": 5, "emd": 8}

# composite spatial relation of the query to a bundled unit
_SAME, _WITHIN, _CONTAINS, _OVERLAP = "same", "within", "contains", "overlaps"
# relation of old -> new in changes.csv, seen from the old side and from the new side
_REL_FROM_OLD = {"same": _SAME, "into": _WITHIN, "split": _CONTAINS, "overlap": _OVERLAP}
_REL_FROM_NEW = {"same": _SAME, "into": _CONTAINS, "split": _WITHIN, "overlap": _OVERLAP}


# ----------------------------------------------------------------------------------------------- errors
class CodesError(ValueError):
    """Base class of the errors raised by :mod:`geo.codes`."""


class UnknownLevelError(CodesError):
    """An unknown level name was passed."""

    def __init__(self, level: object) -> None:
        super().__init__(
            f"Unknown level {level!r}: use one of {', '.join(LEVELS)} (or None to search all levels)."
        )


class CodeSystemError(CodesError):
    """An unknown code system, or a code that does not exist in the requested system."""


class BoundariesNotBuiltError(CodesError):
    """The boundary attribute tables the resolver reads are missing."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Boundary file {path} not found: the resolver reads unit codes and names from it. "
            "Build the boundaries with `make boundaries` (python -m geo.build)."
        )


# ------------------------------------------------------------------------------------------ dataclasses
@dataclass(frozen=True)
class Candidate:
    """One possible bundled unit for a query.

    Attributes
    ----------
    code : str or None
        Code of the unit in the bundled vintage (None for a unit outside it, e.g. a 2026 district).
    name_ko : str
        Qualified Korean name, e.g. ``"서울특별시 중구"``.
    level : str
        ``sido``, ``sigungu`` or ``emd``.
    relation : str
        How the query relates to this unit: ``""`` (it is this unit), ``same``, ``within`` (the query lies
        inside the unit), ``contains`` or ``overlaps``.
    """

    code: str | None
    name_ko: str
    level: str
    relation: str = ""


@dataclass(frozen=True)
class Resolution:
    """Outcome of resolving one region code or name.

    Attributes
    ----------
    query : str
        The value as given (converted to str).
    code : str or None
        Code in the bundled vintage, or None when the query cannot be assigned to one unit.
    level : str or None
        Level of ``code`` (or of the candidates).
    name_ko : str or None
        Qualified Korean name of ``code``.
    status : str
        ``matched`` (a bundled unit), ``former`` (a former/other-vintage code or name of exactly that unit),
        ``merged`` (the query lies within one bundled unit, e.g. a gu not drawn in the bundle),
        ``split`` (the query covers or overlaps several bundled units), ``ambiguous`` (several units share
        the name), ``unmatched``.
    candidates : tuple of Candidate
        The units involved (ambiguous/split), nearest suggestions (unmatched), or the children of a
        general city (matched parent city).
    reason : str
        One sentence saying why.
    """

    query: str
    code: str | None
    level: str | None
    name_ko: str | None
    status: str
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""

    @property
    def resolved(self) -> bool:
        """True when the query was assigned to exactly one bundled unit."""
        return self.code is not None


@dataclass(frozen=True)
class _Unit:
    code: str
    level: str
    name_ko: str
    name_en: str
    display: str
    sido_code: str
    is_parent: bool = False
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class _NameHit:
    level: str
    node: str  # a bundled code, an other-vintage code, or "name:<sido>:<name>"
    kind: str  # "current" | "alias" | "other"
    sido_code: str
    label: str


@dataclass(frozen=True)
class CodeTables:
    """The tables of ``data/codes/`` as DataFrames (all columns str)."""

    sido: pd.DataFrame
    sido_names: pd.DataFrame
    kostat_quirks: pd.DataFrame
    code_rules: pd.DataFrame
    changes: pd.DataFrame
    aggregates: pd.DataFrame


# ------------------------------------------------------------------------------------------- loading
def _read_csv(name: str, directory: Path) -> pd.DataFrame:
    path = directory / name
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@lru_cache(maxsize=4)
def code_tables(directory: str | None = None) -> CodeTables:
    """Load the code tables from ``data/codes`` (cached).

    Parameters
    ----------
    directory : str, optional
        Folder holding the CSV tables; defaults to the bundled ``data/codes``.

    Returns
    -------
    CodeTables
    """
    d = Path(directory) if directory else CODES_DIR
    return CodeTables(
        sido=_read_csv("sido.csv", d),
        sido_names=_read_csv("sido_names.csv", d),
        kostat_quirks=_read_csv("kostat_quirks.csv", d),
        code_rules=_read_csv("code_rules.csv", d),
        changes=_read_csv("changes.csv", d),
        aggregates=_read_csv("aggregates.csv", d),
    )


def load_unit_tables(directory: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Read the attribute columns (no geometry) of the bundled boundary files.

    Parameters
    ----------
    directory : str or Path, optional
        Folder with ``{level}.parquet``; defaults to ``data/boundaries``.

    Returns
    -------
    dict of str to DataFrame
        One frame per level with the columns of :data:`UNIT_COLUMNS` (as str, missing ones empty).

    Raises
    ------
    BoundariesNotBuiltError
        If a boundary file is missing.
    """
    import pyarrow.parquet as pq

    d = Path(directory) if directory else BOUNDARIES_DIR
    out: dict[str, pd.DataFrame] = {}
    for level, wanted in UNIT_COLUMNS.items():
        path = d / f"{level}.parquet"
        if not path.exists():
            raise BoundariesNotBuiltError(path)
        present = set(pq.read_schema(path).names)
        cols = [c for c in wanted if c in present]
        frame = pq.read_table(path, columns=cols).to_pandas()
        if "code" not in frame.columns:  # code stored as the index
            frame = frame.reset_index()
        for c in wanted:
            if c not in frame.columns:
                frame[c] = ""
        out[level] = frame[list(wanted)].astype("string").fillna("").astype(str)
    return out


# -------------------------------------------------------------------------------------- normalising
_STRIP_CHARS = re.compile(r"[\s\-_.,·()\[\]'\"/]+")


def _norm(text: str) -> str:
    return _STRIP_CHARS.sub("", unicodedata.normalize("NFKC", text).casefold())


def _parse_code(value: object) -> str | None:
    """Digits of a code given as int, float or str (``11110``, ``"11110.0"``, ``"'11110"``), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, numbers.Integral):
        return str(int(value)) if int(value) >= 0 else None
    if isinstance(value, numbers.Real):
        f = float(value)
        return str(int(f)) if f == f and f.is_integer() and f >= 0 else None
    s = unicodedata.normalize("NFKC", str(value)).strip().lstrip("'").replace(" ", "")
    m = re.fullmatch(r"(\d+)(?:\.0+)?", s)
    return m.group(1) if m else None


def _check_level(level: str | None) -> None:
    if level is not None and level not in LEVELS:
        raise UnknownLevelError(level)


def _check_code_system(code_system: str) -> None:
    if code_system not in CODE_SYSTEMS:
        raise CodeSystemError(
            f"Unknown code_system {code_system!r}: use one of {', '.join(CODE_SYSTEMS)} "
            "('mois' for 행정안전부 codes such as 26 = 부산, 'kostat' for 통계청 codes such as 21 = 부산)."
        )


# ------------------------------------------------------------------------------------- sido code maps
def _kostat_maps(tables: CodeTables) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    k2m = dict(zip(tables.sido["kostat_code"], tables.sido["mois_code"], strict=True))
    m2k = dict(zip(tables.sido["mois_code"], tables.sido["kostat_code"], strict=True))
    for old, new in zip(tables.code_rules["old_prefix"], tables.code_rules["new_prefix"], strict=True):
        if new in m2k:
            m2k[old] = m2k[new]
    quirks = dict(zip(tables.kostat_quirks["kostat_code"], tables.kostat_quirks["mois_code"], strict=True))
    return k2m, m2k, quirks


def kostat_to_mois(code: str | int, *, allow_quirks: bool = False) -> str:
    """Translate a KOSTAT (통계청) sido code to the current MOIS (행정안전부) sido code.

    Parameters
    ----------
    code : str or int
        KOSTAT sido code: 11, 21-26, 29, 31-39.
    allow_quirks : bool, default False
        Also accept non-standard codes of older tables (27 = Sejong).

    Returns
    -------
    str
        Current MOIS sido code.

    Raises
    ------
    CodeSystemError
        If ``code`` is not a KOSTAT sido code.

    Examples
    --------
    >>> kostat_to_mois(21)
    '26'
    >>> kostat_to_mois("32")
    '51'
    """
    k2m, _, quirks = _kostat_maps(code_tables())
    c = _parse_code(code)
    if c in k2m:
        return k2m[c]
    if allow_quirks and c in quirks:
        return quirks[c]
    raise CodeSystemError(
        f"{code!r} is not a KOSTAT sido code: valid codes are {', '.join(sorted(k2m))}"
        + (" (27 = Sejong only with allow_quirks=True)." if not allow_quirks else ".")
    )


def mois_to_kostat(code: str | int) -> str:
    """Translate a MOIS sido code (current or former: 42, 45, 49) to the KOSTAT sido code.

    Parameters
    ----------
    code : str or int
        MOIS sido code, e.g. 26, 51 or the former 42.

    Returns
    -------
    str
        KOSTAT sido code.

    Raises
    ------
    CodeSystemError
        If ``code`` is not a MOIS sido code.

    Examples
    --------
    >>> mois_to_kostat(26)
    '21'
    >>> mois_to_kostat(42)
    '32'
    """
    _, m2k, _ = _kostat_maps(code_tables())
    c = _parse_code(code)
    if c in m2k:
        return m2k[c]
    raise CodeSystemError(
        f"{code!r} is not a MOIS sido code: valid codes are {', '.join(sorted(m2k))} "
        "(42/45/49 are the former codes of 강원/전북/제주)."
    )


def aggregate_kind(text: object) -> str | None:
    """Kind of a total/subtotal label (``national``, ``total``, ``subtotal``, ``capital_region`` ...), or None.

    Examples
    --------
    >>> aggregate_kind("전국")
    'national'
    >>> aggregate_kind("서울") is None
    True
    """
    if text is None:
        return None
    return _aggregate_lookup().get(_norm(str(text)))


@lru_cache(maxsize=1)
def _aggregate_lookup() -> dict[str, str]:
    table = code_tables().aggregates
    return dict(zip((_norm(n) for n in table["name"]), table["kind"], strict=True))


# ---------------------------------------------------------------------------------------- the index
class CodeIndex:
    """Name and code index over the bundled units plus the code tables.

    Parameters
    ----------
    units : mapping of str to DataFrame
        Attribute tables per level with the columns of :data:`UNIT_COLUMNS` (see :func:`load_unit_tables`).
    tables : CodeTables, optional
        Code tables; defaults to ``data/codes``.
    """

    def __init__(self, units: Mapping[str, pd.DataFrame], tables: CodeTables | None = None) -> None:
        self.tables = tables if tables is not None else code_tables()
        self.units: dict[str, dict[str, _Unit]] = {lv: {} for lv in LEVELS}
        self.parents: dict[str, _Unit] = {}
        self._keys: dict[str, dict[str, set[_NameHit]]] = {lv: defaultdict(set) for lv in LEVELS}
        self._edges: dict[str, dict[str, list[tuple[str, str, int]]]] = {lv: defaultdict(list) for lv in LEVELS}
        self._node_names: dict[str, str] = {}
        self._k2m, self._m2k, self._quirks = _kostat_maps(self.tables)
        self._rules = list(zip(self.tables.code_rules["old_prefix"], self.tables.code_rules["new_prefix"],
                               self.tables.code_rules["effective_date"], strict=True))
        self._cache: dict[tuple, Resolution] = {}
        # sigungu names without their suffix (성동, Seong-dong), per sido: usable only inside a known sido
        self._short: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._en_of: dict[str, set[str]] = defaultdict(set)  # Korean bare sigungu name -> English
        self._pools: dict[tuple, tuple[list[str], dict[str, tuple[str, str]]]] = {}
        self._prefix_groups: dict[tuple[str, int], dict[str, list[str]]] = {}
        #: Number of fuzzy (nearest-name) searches run so far; each costs tens of milliseconds.
        self.suggest_calls = 0
        self._build_units(units)
        self._build_sido_aliases()
        self._build_changes()
        self._sido_prefixes = sorted(
            {(k, h.node) for k, hits in self._keys["sido"].items() for h in hits if h.kind in ("current", "alias")},
            key=lambda kv: -len(kv[0]),
        )

    # ---- construction
    def _add_key(self, level: str, name: str, hit: _NameHit) -> None:
        key = _norm(name)
        if key:
            self._keys[level][key].add(hit)

    def _build_units(self, units: Mapping[str, pd.DataFrame]) -> None:
        for level in LEVELS:
            if level not in units:
                raise CodesError(f"Unit table for level {level!r} missing: pass tables for {', '.join(LEVELS)}.")
        sido_df = units["sido"]
        sido_names = dict(zip(sido_df["code"], sido_df["name_ko"], strict=True))
        for r in sido_df.itertuples(index=False):
            u = _Unit(r.code, "sido", r.name_ko, r.name_en, r.name_ko, r.code)
            self.units["sido"][r.code] = u
            for n in (r.name_ko, r.name_en):
                self._add_key("sido", n, _NameHit("sido", r.code, "current", r.code, u.display))

        children: dict[str, list[str]] = defaultdict(list)
        parent_info: dict[str, tuple[str, str, str]] = {}
        for r in units["sigungu"].itertuples(index=False):
            sido = r.sido_code or r.code[:2]
            name = r.name_ko
            parent = r.parent_name_ko
            bare = name[len(parent):].strip() if parent and name.startswith(parent) else name
            display = " ".join(p for p in (sido_names.get(sido, ""), parent if parent and bare == name else "", name) if p)
            u = _Unit(r.code, "sigungu", name, r.name_en, display, sido)
            self.units["sigungu"][r.code] = u
            hit = _NameHit("sigungu", r.code, "current", sido, display)
            names = {name, bare}
            if parent:
                names |= {parent + bare, parent + " " + bare}
                if parent.endswith("시") and len(parent) > 2:
                    names.add(parent[:-1] + bare)
                children[r.parent_code].append(r.code)
                parent_info[r.parent_code] = (parent, r.parent_name_en, sido)
            for n in names:
                self._add_key("sigungu", n, hit)
            en_name, pen = r.name_en, r.parent_name_en
            en_bare = en_name[len(pen):].strip() if pen and en_name.startswith(pen) else en_name
            ens = {en_name, en_bare}
            if pen and en_bare:
                ens |= {pen + en_bare, en_bare + pen}
            for n in ens:
                self._add_key("sigungu", n, hit)
            self._add_short(sido, r.code, (bare, en_bare))
            if bare and en_bare:
                self._en_of[bare].add(en_bare)
        for pcode, (pname, pname_en, sido) in parent_info.items():
            if pcode in self.units["sigungu"]:
                continue
            kids = tuple(sorted(children[pcode]))
            u = _Unit(pcode, "sigungu", pname, pname_en, f"{sido_names.get(sido, '')} {pname}".strip(), sido,
                      is_parent=True, children=kids)
            self.parents[pcode] = u
            for n in (pname, pname_en):
                self._add_key("sigungu", n, _NameHit("sigungu", pcode, "current", sido, u.display))
            self._add_short(sido, pcode, (pname, pname_en))

        sgg_parent = dict(self.units["sigungu"])
        child_parent = {k: p for p in self.parents.values() for k in p.children}
        for r in units["emd"].itertuples(index=False):
            sgg_code = r.sigungu_code or r.code[:5]
            sido = r.sido_code or r.code[:2]
            sgg = sgg_parent.get(sgg_code)
            sgg_display = sgg.display if sgg else " ".join(p for p in (sido_names.get(sido, ""), r.sigungu_name_ko) if p)
            display = f"{sgg_display} {r.name_ko}".strip()
            u = _Unit(r.code, "emd", r.name_ko, r.name_en, display, sido)
            self.units["emd"][r.code] = u
            hit = _NameHit("emd", r.code, "current", sido, display)
            names = {r.name_ko, r.name_en}
            for prefix in {r.sigungu_name_ko, sgg.name_ko if sgg else "", sgg_display.removeprefix(sido_names.get(sido, ""))}:
                if prefix:
                    names.add(prefix + r.name_ko)
            pu = child_parent.get(sgg_code)
            if pu is not None:
                names.add(pu.name_ko + r.name_ko)
            if r.sigungu_name_en and r.name_en:
                names |= {r.sigungu_name_en + r.name_en, r.name_en + r.sigungu_name_en}
            for n in names:
                self._add_key("emd", n, hit)

    def _add_short(self, sido: str, code: str, names: tuple[str, ...]) -> None:
        for n in names:
            if not n:
                continue
            short = re.sub(r"(?:[시군구]|[-\s]?(?:si|gun|gu))$", "", n.strip(), flags=re.IGNORECASE)
            key = _norm(short)
            if key and short != n.strip():
                self._short[sido][key].add(code)

    def _bundle_sido(self, mois_code: str) -> str | None:
        """Bundled sido code for a current/former MOIS sido code (handles a bundle still using 42/45)."""
        if mois_code in self.units["sido"]:
            return mois_code
        for old, new, _ in self._rules:
            if mois_code == new and old in self.units["sido"]:
                return old
            if mois_code == old and new in self.units["sido"]:
                return new
        return None

    def _build_sido_aliases(self) -> None:
        t = self.tables
        for r in t.sido.itertuples(index=False):
            code = self._bundle_sido(r.mois_code)
            if code is None:
                continue
            label = self.units["sido"][code].display
            for n in (r.name_ko, r.short_ko, r.name_en):
                self._add_key("sido", n, _NameHit("sido", code, "current", code, label))
        for r in t.sido_names.itertuples(index=False):
            code = self._bundle_sido(r.mois_code)
            if code is None:
                continue
            kind = "alias" if r.kind in ("former", "former_english") else "current"
            label = self.units["sido"][code].display
            hit = _NameHit("sido", code, kind, code, f"{r.name} ({label})" if kind == "alias" else label)
            self._add_key("sido", r.name, hit)
            self._node_names[f"alias:{r.name}"] = r.name

    def _node_id(self, code: str, name: str, sido: str) -> str:
        return code if code else f"name:{sido}:{name}"

    def _build_changes(self) -> None:
        ch = self.tables.changes
        self._change_rows = ch.to_dict("records")
        for i, r in enumerate(self._change_rows):
            if r["verified"].strip().lower() != "true":
                continue
            level = r["level"]
            old = self._node_id(r["old_code"], r["old_name_ko"], r["sido_code"])
            new = self._node_id(r["new_code"], r["new_name_ko"], r["sido_code"])
            self._edges[level][old].append((new, _REL_FROM_OLD[r["relation"]], i))
            self._edges[level][new].append((old, _REL_FROM_NEW[r["relation"]], i))
            for node, name, code in ((old, r["old_name_ko"], r["old_code"]), (new, r["new_name_ko"], r["new_code"])):
                self._node_names.setdefault(node, name)
                if self._is_bundled(level, node):
                    continue
                sido = code[:2] if code else r["sido_code"]
                hit = _NameHit(level, node, "other", sido, name)
                parts = name.split()
                sido_full = parts[0] if len(parts) > 1 else ""
                rest = parts[1:] if sido_full else parts
                for n in {name, " ".join(rest), rest[-1] if rest else name}:
                    self._add_key(level, n, hit)
                if level == "sigungu" and rest and len(self._en_of.get(rest[-1], ())) == 1:
                    self._add_key(level, next(iter(self._en_of[rest[-1]])), hit)  # 남구 -> Nam-gu

    # ---- helpers
    def _is_bundled(self, level: str, code: str) -> bool:
        return code in self.units[level] or (level == "sigungu" and code in self.parents)

    def _unit(self, level: str, code: str) -> _Unit:
        return self.units[level].get(code) or self.parents[code]

    def _cand(self, level: str, code: str, relation: str = "") -> Candidate:
        return Candidate(code, self._unit(level, code).display, level, relation)

    def _matched(self, query: str, level: str, code: str, reason: str = "") -> Resolution:
        u = self._unit(level, code)
        cands: tuple[Candidate, ...] = ()
        if u.is_parent:
            cands = tuple(self._cand(level, c, _CONTAINS) for c in u.children)
            reason = reason or Note(
                "general_city", "{name} ({code}) is a general city: the bundled sigungu layer draws its {n} gu; "
                "use load_boundaries('sigungu', autonomous=True) for the city as one unit.",
                name=u.display, code=code, n=len(u.children))
        return Resolution(query, code, level, u.display, "matched", cands,
                          reason or Note("unit_of_layer", "{name} ({code}) is a unit of the bundled {level} layer.",
                                         name=u.display, code=code, level=level))

    def _neighbours(self, level: str, node: str) -> list[tuple[str, str, Note]]:
        """(next node, relation of node to next, provenance note)."""
        out: list[tuple[str, str, Note]] = []
        for nxt, rel, i in self._edges[level].get(node, ()):
            out.append((nxt, rel, _change_note(self._change_rows[i])))
        if node.isdigit():
            for old, new, date in self._rules:
                if node.startswith(old):
                    out.append((new + node[len(old):], _SAME, _prefix_note(date, old, new)))
                elif node.startswith(new):
                    out.append((old + node[len(new):], _SAME, _prefix_note(date, old, new)))
            if level == "emd":
                for r in self._change_rows:
                    if r["level"] != "sigungu" or r["relation"] != "same" or r["emd_suffix_kept"] != "true":
                        continue
                    if r["verified"] != "true" or not (r["old_code"] and r["new_code"]):
                        continue
                    for a, b in ((r["old_code"], r["new_code"]), (r["new_code"], r["old_code"])):
                        if node.startswith(a):
                            out.append((b + node[5:], _SAME, _change_note(r)))
        return out

    def _walk(self, level: str, start: str) -> list[tuple[str, str, Note]]:
        """Bundled units reachable from ``start`` through the change graph: (code, relation, provenance: the
        steps' notes joined with "; ")."""
        if self._is_bundled(level, start):
            return [(start, _SAME, joined((), "; "))]
        seen = {start}
        queue: deque[tuple[str, str, tuple[Note, ...]]] = deque([(start, _SAME, ())])
        hits: dict[str, tuple[str, tuple[Note, ...]]] = {}
        while queue:
            node, rel, prov = queue.popleft()
            for nxt, step, why in self._neighbours(level, node):
                if nxt in seen:
                    continue
                seen.add(nxt)
                comp = _compose(rel, step)
                path = (*prov, why)
                if self._is_bundled(level, nxt):
                    hits.setdefault(nxt, (comp, path))
                else:
                    queue.append((nxt, comp, path))
        return [(c, r, joined(w, "; ")) for c, (r, w) in hits.items()]

    def _from_walk(self, query: str, level: str, start: str, what: str) -> Resolution | None:
        hits = self._walk(level, start)
        if not hits:
            return None
        same = [h for h in hits if h[1] == _SAME]
        if same:
            code, _, why = same[0]
            u = self._unit(level, code)
            return Resolution(query, code, level, u.display, "former", (),
                              Note("former_form", "{what} is a former or other-vintage form of {name} ({code}) [{why}].",
                                   what=what, name=u.display, code=code, why=why))
        within = {h[0] for h in hits if h[1] == _WITHIN}
        if len(within) == 1 and len(hits) == 1:
            code, _, why = hits[0]
            u = self._unit(level, code)
            return Resolution(query, code, level, u.display, "merged", (self._cand(level, code, _WITHIN),),
                              Note("lies_within", "{what} lies within {name} ({code}) in the bundled vintage [{why}].",
                                   what=what, name=u.display, code=code, why=why))
        cands = tuple(self._cand(level, c, r) for c, r, _ in sorted(hits))
        names = joined([Note("unit_relation", "{name} ({code}, {relation})", name=c.name_ko, code=c.code,
                             relation=c.relation) for c in cands], ", ")
        return Resolution(query, None, level, None, "split", cands,
                          Note("overlaps_several", "{what} covers or overlaps several bundled units: {names}; it cannot "
                               "be assigned to one.", what=what, names=names))

    # ---- codes
    def _resolve_sido_code(self, query: str, code: str, code_system: str) -> Resolution:
        mois_known = code in self._m2k
        kostat_known = code in self._k2m
        if code_system == "kostat":
            if kostat_known:
                return self._via_kostat(query, code, self._k2m[code], "")
            if code in self._quirks:
                return self._via_kostat(query, code, self._quirks[code],
                                        Note("kostat_quirk", " (a non-standard KOSTAT code of older tables; standard "
                                             "KOSTAT code is {standard})",
                                             standard=self._m2k.get(self._quirks[code], "?")))
            return self._unmatched_code(query, "sido", Note("not_kostat_sido", "{code} is not a KOSTAT sido code "
                                                            "(valid: {valid}).", code=code,
                                                            valid=", ".join(sorted(self._k2m))))
        if code_system == "mois" or (mois_known and not kostat_known):
            return self._resolve_mois_code(query, "sido", code)
        if kostat_known and not mois_known:
            return self._via_kostat(query, code, self._k2m[code], "")
        if mois_known and kostat_known:
            as_mois, as_kostat = code, self._k2m[code]
            if self._bundle_sido(as_mois) == self._bundle_sido(as_kostat):
                return self._resolve_mois_code(query, "sido", code)
            cands = tuple(
                Candidate(self._bundle_sido(c), self.units["sido"][self._bundle_sido(c)].display, "sido", rel)
                for c, rel in ((as_mois, "MOIS code"), (as_kostat, "KOSTAT code"))
                if self._bundle_sido(c)
            )
            return Resolution(query, None, "sido", None, "ambiguous", cands,
                              Note("mois_or_kostat", "{code} is {mois_name} as a MOIS code but {kostat_name} as a "
                                   "KOSTAT code; pass code_system='mois' or 'kostat' (resolve_many infers it from the "
                                   "whole column).", code=code, mois_name=cands[0].name_ko,
                                   kostat_name=cands[1].name_ko))
        return self._unmatched_code(query, "sido", Note("not_sido_code", "{code} is neither a MOIS nor a KOSTAT sido "
                                                        "code.", code=code))

    def _via_kostat(self, query: str, kcode: str, mois: str, note: str) -> Resolution:
        """A KOSTAT sido code read as the MOIS one; ``note`` (a Note, or "") says how the code was read."""
        b = self._bundle_sido(mois)
        if b is None:
            return self._unmatched_code(query, "sido", Note("kostat_not_bundled", "KOSTAT code {kcode} maps to MOIS "
                                                            "{mois}, not in the bundle.", kcode=kcode, mois=mois))
        u = self.units["sido"][b]
        return Resolution(query, b, "sido", u.display, "matched", (),
                          Note("via_kostat", "KOSTAT sido code {kcode}{note} = MOIS {mois}: {name}.", kcode=kcode,
                               note=note, mois=mois, name=u.display))

    def _resolve_mois_code(self, query: str, level: str, code: str) -> Resolution:
        if self._is_bundled(level, code):
            return self._matched(query, level, code)
        res = self._from_walk(query, level, code, Note("what_code", "code {code}", code=code))
        if res is not None:
            return res
        return self._unmatched_code(query, level, Note("code_not_found", "code {code} is not in the bundled {level} "
                                                       "layer nor in the change tables.", code=code, level=level),
                                    near=code)

    def _same_prefix(self, level: str, n: int) -> dict[str, list[str]]:
        """The level's codes grouped by their first ``n`` digits (in the layer's order), built once per (level, n)."""
        if (level, n) not in self._prefix_groups:
            groups: dict[str, list[str]] = defaultdict(list)
            for c in self.units[level]:
                groups[c[:n]].append(c)
            self._prefix_groups[(level, n)] = dict(groups)
        return self._prefix_groups[(level, n)]

    def _unmatched_code(self, query: str, level: str | None, reason: Note, near: str | None = None) -> Resolution:
        cands: tuple[Candidate, ...] = ()
        if near and level:
            pool = list(self._same_prefix(level, len(near) - 3).get(near[: len(near) - 3], ())) if len(near) > 2 else []
            pool.sort(key=lambda c: abs(int(c) - int(near)))
            cands = tuple(self._cand(level, c, "nearest code") for c in pool[:5])
            if cands:
                reason = Note("nearest_codes", "{reason} Nearest codes: {codes}.", reason=reason,
                              codes=", ".join(f"{c.code} {c.name_ko}" for c in cands))
        return Resolution(query, None, level, None, "unmatched", cands, reason)

    def resolve_code(self, query: str, code: str, level: str | None, code_system: str = "auto") -> Resolution:
        """Resolve a string of digits (see :func:`resolve`)."""
        n = len(code)
        notes: list[Note] = []  # how the code was read, said after the reason
        if n == 10:
            if code.endswith("00000000"):
                code, notes = code[:2], [Note("ten_digit_sido", " (10-digit sido code)")]
            elif code.endswith("00000"):
                code, notes = code[:5], [Note("ten_digit_sigungu", " (10-digit sigungu code)")]
            else:
                if code[8:] != "00":
                    notes.append(Note("ri_dropped", " (리 digits {digits} dropped)", digits=code[8:]))
                code = code[:8]
        elif n == 8 and code.endswith("000"):
            code = code[:2] if code.endswith("000000") else code[:5]
        elif n == 5 and code.endswith("000"):
            code = code[:2]
        elif n == 7:
            return self._unmatched_code(query, level, Note("seven_digits", "{code} has 7 digits, the length of KOSTAT "
                                                           "행정동 codes, which the tables do not cover; use MOIS 법정동 "
                                                           "codes or names.", code=code))
        natural = _CODE_LEVEL.get(len(code))
        if natural is None:
            return self._unmatched_code(query, level, Note("code_length", "{query} has {n} digits; region codes have 2 "
                                                           "(sido), 5 (sigungu), 8 or 10 (eup-myeon-dong) digits.",
                                                           query=repr(query), n=n))
        target = level or natural
        if LEVELS.index(target) > LEVELS.index(natural):
            return self._unmatched_code(query, target, Note("code_coarser", "{code} is a {natural} code, coarser than "
                                                            "level {target_repr}; aggregate your data to {natural} or "
                                                            "resolve with level={natural_repr}.", code=code,
                                                            natural=natural, target=target, target_repr=repr(target),
                                                            natural_repr=repr(natural)))
        if target != natural:
            code = code[: _LEVEL_LEN[target]]
            notes.append(Note("truncated", " (truncated to the {target} code {code})", target=target, code=code))
        if target == "sido":
            res = self._resolve_sido_code(query, code, code_system)
        elif code_system == "kostat":
            return self._unmatched_code(query, target, Note("kostat_level", "{code}: KOSTAT {target} codes are not "
                                                            "covered by the tables (only KOSTAT sido codes); use MOIS "
                                                            "codes or names.", code=code, target=target))
        else:
            res = self._resolve_mois_code(query, target, code)
            if res.status == "unmatched" and code[:2] in self._k2m and code[:2] not in self._m2k:
                res = _replace(res, reason=Note("kostat_prefix", "{reason} Its first two digits {digits} are a KOSTAT "
                                                "sido code: KOSTAT sigungu codes are not covered; use MOIS codes or "
                                                "names.", reason=res.reason, digits=code[:2]))
            if res.status == "unmatched" and target == "emd" and n == 10:
                sgg = self._resolve_mois_code(query, "sigungu", code[:5])
                if sgg.code is not None:
                    res = Resolution(query, None, "emd", None, "unmatched",
                                     (Candidate(sgg.code, sgg.name_ko or "", "sigungu", _WITHIN),),
                                     Note("admin_dong", "{query} is not a bundled 법정동 code; if it is a 행정동 "
                                          "(administrative dong) code it has no 1:1 polygon in the 법정동 layer. It "
                                          "lies in {name} ({code}): resolve with level='sigungu' to aggregate.",
                                          query=query, name=sgg.name_ko, code=sgg.code))
        if not notes:
            return res
        return _replace(res, reason=joined([res.reason, *notes], ""))

    # ---- names
    def _sido_context(self, sido: str | int | None) -> str | None:
        if sido is None or sido == "":
            return None
        res = self.resolve(sido, level="sido", code_system="mois")
        if res.code is None:
            raise CodesError(f"sido={sido!r} does not name one sido ({res.status}: {res.reason}) "
                             "Pass a sido name such as '서울' or a MOIS code such as '11'.")
        return res.code

    def _lookup(self, level: str, key: str, sido: str | None) -> list[_NameHit]:
        hits = self._keys[level].get(key, set())
        if sido is not None:
            hits = {h for h in hits if self._bundle_sido(h.sido_code) == sido}
        return sorted(hits, key=lambda h: (h.kind, h.node))

    def _strip_sido(self, key: str) -> list[tuple[str, str]]:
        """(remainder, sido code) for every sido name the key starts or ends with."""
        out = []
        for name, code in self._sido_prefixes:
            if len(name) < len(key):
                if key.startswith(name):
                    out.append((key[len(name):], code))
                if key.endswith(name) and name.isascii():
                    out.append((key[: -len(name)], code))
        return out

    def _from_hits(self, query: str, level: str, hits: list[_NameHit]) -> Resolution:
        current = [h for h in hits if h.kind == "current"]
        if current:
            codes = sorted({h.node for h in current})
            if len(codes) == 1:
                return self._matched(query, level, codes[0])
            cands = tuple(self._cand(level, c) for c in codes)
            return Resolution(query, None, level, None, "ambiguous", cands,
                              Note("names_several", "{query} names {n} {level} units ({names}); add the sido or parent "
                                   "city (e.g. '서울 중구') or pass sido=....", query=repr(query), n=len(cands),
                                   level=level, names=", ".join(c.name_ko for c in cands)))
        results = []
        for h in hits:
            if h.kind == "alias":
                u = self.units[level][h.node]
                results.append(Resolution(query, h.node, level, u.display, "former", (),
                                          Note("alias", "{query} is a former or alternative name of {name} ({code}).",
                                               query=repr(query), name=u.display, code=h.node)))
            else:
                r = self._from_walk(query, level, h.node,
                                    Note("what_name", "{query} ({label})", query=repr(query), label=h.label))
                if r is not None:
                    results.append(r)
        if not results:
            return Resolution(query, None, level, None, "unmatched", (),
                              Note("not_found", "{query} was not found.", query=repr(query)))
        by_code = {(r.code, r.status) for r in results}
        if len(by_code) == 1:
            return results[0]
        cands = tuple(dict.fromkeys(c for r in results for c in (r.candidates or (self._cand(level, r.code),)))) \
            if all(r.code or r.candidates for r in results) else ()
        return Resolution(query, None, level, None, "ambiguous", cands,
                          Note("former_several", "{query} is a former name of several units: {reasons}",
                               query=repr(query), reasons=joined([r.reason for r in results], "; ")))

    def _resolve_name_at(self, query: str, key: str, level: str, sido: str | None) -> Resolution | None:
        hits = self._lookup(level, key, sido)
        if hits:
            return self._from_hits(query, level, hits)
        if level == "sigungu":  # a sido with a single sigungu (Sejong) named by its sido name
            for h in self._lookup("sido", key, sido):
                only = [c for c, u in self.units["sigungu"].items() if self._bundle_sido(u.sido_code) == h.node]
                if len(only) == 1:
                    return self._matched(query, level, only[0],
                                         Note("only_unit", "{name} ({code}) is the only sigungu unit of {label}.",
                                              name=self._unit(level, only[0]).display, code=only[0], label=h.label))
        for rest, s in self._strip_sido(key):
            if sido is not None and s != sido:
                continue
            if level == "sido":
                continue
            hits = self._lookup(level, rest, s)
            if hits:
                return self._from_hits(query, level, hits)
        if level == "sigungu" and sido is not None:
            codes = sorted(self._short.get(sido, {}).get(key, ()))
            if len(codes) == 1:
                u = self._unit(level, codes[0])
                return self._matched(query, level, codes[0],
                                     Note("without_suffix", "{query} is {name} ({code}) without its suffix, inside sido "
                                          "{sido}.", query=repr(query), name=u.display, code=codes[0], sido=sido))
            if codes:
                cands = tuple(self._cand(level, c) for c in codes)
                return Resolution(query, None, level, None, "ambiguous", cands,
                                  Note("suffixless_several", "{query} (a name without its suffix) fits {n} units of "
                                       "sido {sido}: {names}.", query=repr(query), n=len(cands), sido=sido,
                                       names=", ".join(c.name_ko for c in cands)))
        return None

    def moved_from(self, code: str, sido: str) -> Note | None:
        """Why a bundled sigungu ``code`` may be listed under another sido ``sido`` (e.g. 군위군, 경북 until
        2023 and 대구 since): the change note, or None when no recorded change moved it from there."""
        for r in self._change_rows:
            if (r["level"] == "sigungu" and r["verified"] == "true" and r["new_code"] == code
                    and r["relation"] == "same" and (r["old_code"] or "")[:2] == sido):
                return _change_note(r)
        return None

    def _pool(self, levels: tuple[str, ...], sido: str | None) -> tuple[list[str], dict[str, tuple[str, str]]]:
        pkey = (levels, sido)
        if pkey not in self._pools:
            pool: dict[str, tuple[str, str]] = {}
            for level in levels:
                for k, hits in self._keys[level].items():
                    for h in sorted(hits, key=lambda h: h.node):
                        if h.kind == "current" and (sido is None or self._bundle_sido(h.sido_code) == sido):
                            pool.setdefault(k, (level, h.node))
            self._pools[pkey] = (list(pool), pool)
        return self._pools[pkey]

    def _suggest(self, query: str, key: str, levels: Iterable[str], sido: str | None) -> Resolution:
        levels = tuple(levels)
        self.suggest_calls += 1
        keys_list, pool = self._pool(levels, sido)
        keys = difflib.get_close_matches(key, keys_list, n=8, cutoff=0.6)
        cands = tuple(dict.fromkeys(self._cand(*pool[k], "suggestion") for k in keys))[:5]
        where = " in sido {sido}" if sido else ""
        names = ", ".join(f"{c.name_ko} ({c.code})" for c in cands)
        key = ("no_region_suggest" if cands else "no_region") + ("_in_sido" if sido else "")
        msg = Note(key, "No region named {text}" + where + "." + (" Did you mean: {names}?" if cands else ""),
                   text=repr(query), sido=sido, names=names)
        lv = levels[0] if len(levels) == 1 else None
        return Resolution(query, None, lv, None, "unmatched", cands, msg)

    def suggest(self, query: object, level: str | None = None, sido: str | int | None = None) -> Resolution:
        """Nearest bundled names of an unmatched name (a fuzzy search: tens of milliseconds each).

        Returns an ``unmatched`` :class:`Resolution` whose ``candidates`` are the suggestions.
        """
        _check_level(level)
        text = "" if query is None else str(query)
        sido_code = self._sido_context(sido)
        return self._suggest(text, _norm(text), (level,) if level else LEVELS, sido_code)

    # ---- public
    def resolve(self, query: object, level: str | None = None, sido: str | int | None = None,
                code_system: str = "auto", *, suggest: bool = True) -> Resolution:
        """Resolve one code or name; see :func:`resolve`."""
        _check_level(level)
        _check_code_system(code_system)
        ckey = (query if isinstance(query, str | int) else str(query), level, sido, code_system, suggest)
        if ckey in self._cache:
            return self._cache[ckey]
        if not suggest:
            full = ckey[:-1] + (True,)
            if full in self._cache:
                return self._cache[full]
        res = self._resolve(query, level, sido, code_system, suggest)
        if len(self._cache) < 200_000:
            self._cache[ckey] = res
        return res

    def _resolve(self, query: object, level: str | None, sido: str | int | None, code_system: str,
                 suggest: bool = True) -> Resolution:
        text = "" if query is None else str(query)
        if isinstance(query, float) and query != query:
            text = ""
        if not text.strip():
            return Resolution(text, None, level, None, "unmatched", (), Note("empty_value", "Empty region value."))
        sido_code = self._sido_context(sido)
        code = _parse_code(query)
        if code is not None:
            res = self.resolve_code(text, code, level, code_system)
            if sido_code and res.code and not res.code.startswith(sido_code):
                return Resolution(text, None, res.level, None, "unmatched", (self._cand(res.level, res.code),),
                                  Note("code_outside_sido", "code {code} is {name}, outside sido {sido}.", code=code,
                                       name=res.name_ko, sido=sido_code))
            return res
        key = _norm(text)
        kind = aggregate_kind(text)
        if kind is not None:
            return Resolution(text, None, None, None, "unmatched", (),
                              Note("row_label", "{text} is a {kind} row label, not a region.", text=repr(text),
                                   kind=kind.replace("_", " ")))
        levels = (level,) if level else LEVELS
        for lv in levels:
            res = self._resolve_name_at(text, key, lv, sido_code)
            if res is not None:
                return res
        if not suggest:
            why = (Note("no_region_in_sido", "No region named {text} in sido {sido}.", text=repr(text), sido=sido_code)
                   if sido_code else Note("no_region", "No region named {text}.", text=repr(text)))
            return Resolution(text, None, level, None, "unmatched", (), why)
        return self._suggest(text, key, levels, sido_code)


def _change_note(r: Mapping[str, str]) -> Note:
    """One recorded change of ``changes.csv`` as a step of a history: its date and note (the page words it from
    the row's names, codes and relation)."""
    old = f"{r['old_name_ko']} ({r['old_code']})" if r["old_code"] else r["old_name_ko"]
    new = f"{r['new_name_ko']} ({r['new_code']})" if r["new_code"] else r["new_name_ko"]
    return Note("change", "{date}: {note}", date=r["effective_date"], note=r["note"], old=old, new=new,
                change=r["relation"])


def _prefix_note(date: str, old: str, new: str) -> Note:
    """A prefix rule of ``code_rules.csv`` as a step of a history."""
    return Note("code_prefix", "{date}: MOIS code prefix {old} became {new}", date=date, old=old, new=new)


def _compose(a: str, b: str) -> str:
    if a == _SAME:
        return b
    if b == _SAME or a == b:
        return a
    return _OVERLAP


def _replace(res: Resolution, **changes: object) -> Resolution:
    from dataclasses import replace

    return replace(res, **changes)


# ------------------------------------------------------------------------------------ module level API
@lru_cache(maxsize=1)
def default_index() -> CodeIndex:
    """The index over the bundled boundaries and code tables (built once, cached).

    Raises
    ------
    BoundariesNotBuiltError
        If ``data/boundaries/{level}.parquet`` is missing.
    """
    return CodeIndex(load_unit_tables())


def clear_cache() -> None:
    """Forget the cached tables and index (after rebuilding data/boundaries or data/codes)."""
    default_index.cache_clear()
    code_tables.cache_clear()
    _aggregate_lookup.cache_clear()


def resolve(query: str | int, level: str | None = None, sido: str | int | None = None,
            code_system: str = "auto", *, index: CodeIndex | None = None, suggest: bool = True) -> Resolution:
    """Resolve a region code or name to the bundled vintage's code, or say why it cannot.

    Parameters
    ----------
    query : str or int
        A MOIS code (2/5/8/10 digits, as str, int or ``"11110.0"``), a KOSTAT sido code, or a name: full
        (``서울특별시``), short (``서울``, ``충남``), former (``강원도``, ``인천 남구``), English
        (``Gangwon-do``, ``Suwon-si Jangan-gu``), with spaces or parent prefixes (``경기도 수원시 장안구``).
    level : {"sido", "sigungu", "emd"}, optional
        Restrict to one level. With None a code's length decides, and names are looked up at sido, then
        sigungu, then emd (the first level with a hit wins). A longer code is truncated to ``level``.
    sido : str or int, optional
        Sido context (name or MOIS code) that disambiguates names such as ``중구``.
    code_system : {"auto", "mois", "kostat"}, default "auto"
        How to read 2-digit codes. ``auto`` reads codes that exist in one system only in that system and
        returns ``ambiguous`` for 26, 29, 31, 36 (a different sido in MOIS and KOSTAT).
    index : CodeIndex, optional
        Index to use; defaults to the bundled one (:func:`default_index`).
    suggest : bool, default True
        Search the nearest names of an unmatched name (a fuzzy search of tens of milliseconds); with False an
        unmatched name has no candidates (see :meth:`CodeIndex.suggest` to ask later).

    Returns
    -------
    Resolution

    Raises
    ------
    UnknownLevelError, CodeSystemError
        For an unknown ``level`` or ``code_system``.

    Examples
    --------
    >>> resolve("전라북도").code        # doctest: +SKIP
    '52'
    >>> resolve(47720).status          # doctest: +SKIP
    'former'
    """
    return (index or default_index()).resolve(query, level=level, sido=sido, code_system=code_system,
                                              suggest=suggest)


_KOSTAT_ONLY = {"21", "22", "23", "24", "25", "32", "33", "34", "35", "37", "38", "39"}
_MOIS_ONLY = {"27", "28", "30", "41", "42", "43", "44", "45", "46", "47", "48", "49", "50", "51", "52"}


def _code_evidence(code: str) -> tuple[bool, bool]:
    """(KOSTAT-only, MOIS-only) evidence of one parsed code: its sido digits, and for a 5-digit si-gun-gu
    code its last three digits (KOSTAT numbers si-gun-gu from 010, MOIS from 110)."""
    if len(code) == 5 and code.endswith("000"):
        code = code[:2]
    if len(code) == 2:
        return code in _KOSTAT_ONLY, code in _MOIS_ONLY
    if len(code) == 5:
        return code[:2] in _KOSTAT_ONLY or int(code[2:]) < 110, code[:2] in _MOIS_ONLY
    return False, False


def infer_code_system(values: Iterable[object]) -> str:
    """Guess whether a column's sido and si-gun-gu codes are MOIS or KOSTAT codes.

    Returns ``"kostat"`` when some codes exist only in KOSTAT's scheme and none only in MOIS's, ``"mois"`` in
    the opposite case, else ``"auto"``. Evidence: sido digits found in one scheme only (KOSTAT 21-25, 32-35,
    37-39; MOIS 27, 28, 30, 41-52), and 5-digit codes whose last three digits are below 110 (KOSTAT's
    si-gun-gu numbering, e.g. 11010 종로구; MOIS starts at 110). The two schemes share many 5-digit codes
    with different meanings (KOSTAT 11110 is 노원구, MOIS 11110 is 종로구), so a column that shows KOSTAT
    evidence is never read as MOIS.

    Examples
    --------
    >>> infer_code_system(["11010", "11110", "11250"])
    'kostat'
    >>> infer_code_system(["11110", "26110", "41111"])
    'mois'
    """
    k = m = False
    for c in (_parse_code(v) for v in values):
        if c is not None:
            ck, cm = _code_evidence(c)
            k, m = k or ck, m or cm
    if k and not m:
        return "kostat"
    if m and not k:
        return "mois"
    return "auto"


def resolve_many(values: Iterable[object] | pd.Series, level: str | None = None, sido: str | int | None = None,
                 code_system: str = "auto", *, index: CodeIndex | None = None, suggest: bool = True,
                 check: Callable[[], None] | None = None) -> pd.DataFrame:
    """Resolve a column of codes or names (each distinct value once).

    Parameters
    ----------
    values : iterable or Series
        Codes and/or names. A Series keeps its index.
    level, sido : optional
        As in :func:`resolve`.
    code_system : {"auto", "mois", "kostat"}, default "auto"
        With ``auto`` the system of 2-digit codes is inferred from the whole column
        (:func:`infer_code_system`); the inferred value is stored in ``result.attrs["code_system"]``.
    index : CodeIndex, optional
        Index to use; defaults to the bundled one.
    suggest : bool, default True
        Search nearest names for unmatched values (fuzzy, tens of milliseconds per distinct value). Callers
        that try columns of unknown content pass False and ask :meth:`CodeIndex.suggest` for the few values
        that matter.
    check : callable, optional
        Called before every 1,000 distinct values (e.g. to stop on a time budget by raising).

    Returns
    -------
    DataFrame
        Columns ``query, code, level, name_ko, status, candidates, reason`` aligned to the input;
        ``candidates`` holds tuples of :class:`Candidate`.
    """
    _check_code_system(code_system)
    _check_level(level)
    idx = index or default_index()
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    system = infer_code_system(series.dropna().unique()) if code_system == "auto" else code_system
    # each distinct value resolved once, then mapped back by position (no per-row Python)
    positions, uniques = pd.factorize(series.astype(object), use_na_sentinel=False)
    resolved = []
    for start in range(0, len(uniques), 1_000):
        if check is not None:
            check()
        resolved += [idx.resolve(v, level=level, sido=sido, code_system=system, suggest=suggest)
                     for v in uniques[start:start + 1_000]]
    fields = ("query", "code", "level", "name_ko", "status", "candidates", "reason")
    out = pd.DataFrame(index=series.index)
    for f in fields:
        col = np.empty(len(resolved), dtype=object)
        col[:] = [getattr(r, f) for r in resolved]
        out[f] = pd.Series(col[positions], index=series.index, dtype=object)
    out.attrs["code_system"] = system
    return out
