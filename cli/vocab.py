"""The libraries' vocabularies (levels, layers, schemes, modes …) for the argument parser, without importing them.

``python -m analysis --help`` and a mistyped argument should answer at once: argparse needs the accepted values
of ``--level``, ``--scheme`` … to print them, but the modules that define them import pandas, geopandas,
mapclassify or matplotlib (seconds, hundreds of MB). :func:`constant` reads such a module-level constant from the
module's source, where it is written once as a Python literal, without running the module; a module that is
already loaded (or a constant that is not a literal) is read the ordinary way. ``tests/test_cli_startup.py``
checks that every constant read here equals the imported one.

Examples
--------
>>> constant("analysis.indicators", "LAYERS")
('rnd', 'workforce', 'production', 'services', 'context')
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import sys
from functools import lru_cache
from typing import Any

__all__ = ["constant", "read"]


@lru_cache(maxsize=16)
def _source(module: str) -> list[str]:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return []
    with open(spec.origin, encoding="utf-8") as f:
        return f.read().splitlines()


def _literal(module: str, name: str) -> tuple[bool, Any]:
    """``(True, value)`` when ``module``'s source assigns ``name`` a literal at the top level (``NAME = …`` or
    ``NAME: type = …``, possibly over several lines), else ``(False, None)``. Only that statement is parsed."""
    lines = _source(module)
    head = re.compile(rf"{re.escape(name)}\s*(:[^=]*)?=(?!=)")
    for i, line in enumerate(lines):
        if not line.startswith(name) or not head.match(line):
            continue
        for j in range(i, min(i + 200, len(lines))):  # the statement ends where it first parses
            text = "\n".join(lines[i:j + 1])
            try:
                node = ast.parse(text).body[0]
            except SyntaxError:
                continue
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            try:
                return (True, ast.literal_eval(value)) if value is not None else (False, None)
            except ValueError:  # not a literal (computed, or built from other names)
                return False, None
        return False, None
    return False, None


def constant(module: str, name: str) -> Any:
    """The module-level constant ``name`` of ``module``, from its source when it is a literal there.

    Parameters
    ----------
    module : str
        Dotted module name, e.g. ``"geo.classify"``.
    name : str
        The constant, e.g. ``"SCHEMES"``.

    Returns
    -------
    object
        The value (a tuple, dict, str or number as written in the source).
    """
    loaded = sys.modules.get(module)
    if loaded is not None:
        return getattr(loaded, name)
    found, value = _literal(module, name)
    if found:
        return value
    return getattr(importlib.import_module(module), name)


def read(module: str, *names: str) -> tuple[Any, ...]:
    """Several constants of one module (:func:`constant`)."""
    return tuple(constant(module, n) for n in names)
