"""The region scorecard as files for people: a one-page PDF and slides for the deck (ko and en).

Every number comes from :func:`analysis.region_profile.region_profile` — the call behind the CLI's
``analysis profile`` and the Specialisation tab — so the page, the JSON and the slides agree.
"""

from __future__ import annotations

__all__ = ["LQ_COLORS"]

#: Fill of the five LQ classes of :data:`analysis.specialisation.LQ_BREAKS` (diverging: below / national / above).
LQ_COLORS: tuple[str, ...] = ("#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b")
