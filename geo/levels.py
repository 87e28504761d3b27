"""The boundary levels, coarse to fine: the one definition every layer imports.

``sido`` (17), ``sigungu`` (finest non-overlapping si/gun/gu units) and ``emd`` (eup-myeon-dong); the files of
``data/boundaries`` exist for exactly these (:mod:`geo.boundaries`). Kept in a module of its own, with no
imports, so that the command line can name the levels without loading the geometry libraries.

Examples
--------
>>> LEVELS
('sido', 'sigungu', 'emd')
"""

from __future__ import annotations

__all__ = ["LEVELS"]

LEVELS: tuple[str, ...] = ("sido", "sigungu", "emd")
"""Boundary (map) levels, coarse to fine."""
