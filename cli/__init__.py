"""Command-line interface: ``python -m analysis <command> ...``.

Each module in ``cli/commands/`` adds one sub-command through two functions::

    def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser: ...
    def run(args: argparse.Namespace) -> int: ...

Every refusal ends the command with one ``error: …`` line on stderr and exit code 2: an argument argparse
refuses (:class:`Parser`; numbers are bounded by :mod:`cli.args`, files checked by :mod:`cli.paths` before the
work starts), a domain error (:class:`analysis.errors.AtlasError`), a file the system cannot read or write
(:class:`OSError`: a full disk, a vanished folder) and running out of memory. Everything printed passes
:mod:`cli.printable`: control characters from user text never reach the terminal.

Starting is cheap: a command module imports its libraries inside ``run``, and its parser reads the libraries'
vocabularies without importing them (:mod:`cli.vocab`), so ``--help`` and a mistyped argument load no numerical
or drawing library. Before a command runs, numba's cache is pointed at a writable directory
(:func:`analysis.caches.configure_numba`).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys

from analysis.errors import AtlasError
from cli import commands
from cli.printable import PrintableStream


class Parser(argparse.ArgumentParser):
    """argparse whose refusal is one line, ``error: argument --k: …; see python -m analysis map --help``, exit 2
    (the sub-commands' parsers are of this class too)."""

    def error(self, message: str):
        self.exit(2, f"error: {_one_line(message).rstrip('.')}; see {self.prog} --help\n")


def _one_line(message: str) -> str:
    message = " ".join(str(message).split())
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                  lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                  message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command found in ``cli.commands``."""
    parser = Parser(
        prog="python -m analysis",
        description="RIES Atlas analysis: indicators, mismatch metrics and spatial statistics.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"cli.commands.{info.name}")
        sp = module.add_parser(sub)
        sp.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 ok, 2 on a user error)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(out), PrintableStream(err)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        from analysis.caches import configure_numba

        configure_numba()  # before the command's libraries import numba
        try:
            return int(args._run(args) or 0)
        except AtlasError as exc:  # one line, whatever the message carries from a user's file
            print(f"error: {_one_line(str(exc))}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # e.g. `python -m analysis indicators | head`
            return 0
        except OSError as exc:  # the system refused a read or a write the checks could not foresee
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"error: {_one_line(where + (exc.strerror or str(exc) or type(exc).__name__))}", file=sys.stderr)
            return 2
        except MemoryError:
            print("error: not enough memory for this file or these options; use a smaller file, fewer columns or "
                  "(aggregate) --engine dask", file=sys.stderr)
            return 2
    finally:
        sys.stdout, sys.stderr = out, err
