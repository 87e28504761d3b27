"""The ``--data FILE`` option shared by the commands that read indicators: user indicators next to the bundled.

A file is read by :func:`analysis.userdata.from_file` (the tidy CSV the app downloads, a KOSIS export or any
table :mod:`ingest.importer` reads); each indicator in it becomes ``user_<slug of its name>`` in a new
:class:`analysis.store.Store` (the bundled store is never changed).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from analysis.errors import DataError
from cli.paths import input_file
from cli.vocab import constant

if TYPE_CHECKING:  # imported by store_from(), so --help and argument errors load no library
    from analysis.store import Store

__all__ = ["add_data_option", "store_from"]


def add_data_option(p: argparse.ArgumentParser) -> None:
    """Add ``--data FILE`` (repeatable), ``--data-layer`` and ``--data-nature`` to a command."""
    p.add_argument("--data", action="append", type=input_file, default=[], metavar="FILE",
                   help="add the indicators of a CSV/XLSX file (tidy or a raw table) as user_<name> ids; repeatable")
    p.add_argument("--data-layer", default="context", choices=constant("analysis.indicators", "LAYERS"),
                   help="layer of the --data indicators (default context; rnd and production choose the "
                        "planner wording of the bivariate LISA)")
    p.add_argument("--data-nature", default="extensive", choices=("extensive", "intensive"),
                   help="nature of the --data indicators (default extensive: amounts or counts)")


def store_from(args: argparse.Namespace) -> Store:
    """The bundled store plus the indicators of every ``--data`` file."""
    from analysis.store import bundled
    from analysis.userdata import from_file
    from ingest import importer

    paths = getattr(args, "data", None) or []
    if not paths:
        return bundled()
    users: dict = {}
    for path in paths:
        if not path.is_file():
            raise DataError(f"--data {path}: no such file")
        if path.stat().st_size > importer.MAX_BYTES:  # never read a file the importer would refuse
            raise DataError(f"--data {path} is {path.stat().st_size / 1024**2:,.0f} MB; tables are read up to "
                            f"{importer.MAX_BYTES // 1024**2} MB")
        for u in from_file(path.read_bytes(), path.name, layer=args.data_layer, nature=args.data_nature,
                           existing=users):
            users[u.id] = u
    return bundled().with_user(*users.values())
