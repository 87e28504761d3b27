"""Words of the files and the command line: briefing PDF, deck, scorecard, static maps, workbook headers, CLI.

Key → (Korean, English), like the page's entries in :mod:`lang.catalogue`, which merges these into one
:data:`lang.catalogue.STRINGS` (a key in both is refused at import). Kept apart from the page's block so the
words of the files read together; the page may use them too (legends, cluster words, the LQ classes).
"""

from __future__ import annotations

FILE_STRINGS: dict[str, tuple[str, str]] = {
    # a rank with its denominators (lang.numbers.rank_text)
    "rank_of_units": ("{rank}위 / {units}", "#{rank} of {units}"),
    "rank_of_published": ("{rank}위 / {published} ({units}개 중 {published}개 공표)",
                          "#{rank} of {published} published (of {units})"),
    # refusals of the fixed classifications (geo.classify)
    "note_no_log_ratio": ("비중비를 계산할 수 있는 지역이 없습니다: 두 지표가 모든 지역에서 0입니다.", "{detail}"),
    "note_no_change": ("변화를 계산할 수 있는 지역이 없습니다.", "{detail}"),
}
"""The files' and the command line's words: key → (Korean, English)."""
