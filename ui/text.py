"""User text in Streamlit: shown as written, never read as Markdown.

Many Streamlit elements render their text as Markdown (CommonMark + GitHub tables, strikethrough and bare-URL
links, KaTeX ``$…$``, Streamlit's ``:red[…]`` colours, ``:emoji:`` and ``:material/…:`` icons). Measured in
Debian Chromium with Streamlit 1.67 (``tests/test_browser.py::test_markdown_payloads_stay_text``):

* **Markdown**: ``st.markdown``, ``st.write`` of a string, ``st.caption``, ``st.error`` / ``warning`` /
  ``info`` / ``success``, ``st.subheader``, every widget *label* and ``help`` text, ``st.metric`` labels,
  ``st.expander`` labels, button and download-button labels, and the options of ``st.radio``,
  ``st.segmented_control`` and ``st.pills``.
* **Plain text**: ``st.text``, ``st.code``, ``st.dataframe`` / ``st.table`` cells, the options of
  ``st.selectbox`` and ``st.multiselect``, text-input values.

Every string that comes from a user — file names, sheet names, cell text, region names and indicator labels or
units of uploads, URL query values — goes through :func:`md` before it reaches an element of the first group
(or is shown by one of the second). Escaping a plain-text element would show the backslashes, so don't.

How (written by hand: Streamlit offers no escaping function and ``html.escape`` does not stop Markdown):

* every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped, so the text is
  shown unchanged and ``![x](…)``, ``[a](…)``, ``**``, ``$$``, ``:red[``, ``<b>``, ``|`` tables, ``#`` headings,
  ``1.`` lists, ``&lt;`` entities all stay literal);
* GitHub's bare-URL links (``http://…``, ``www.…``, ``name@host``) are found *after* escapes are resolved, so a
  backslash does not stop them: a WORD JOINER (U+2060, invisible and zero-width) goes between ``:`` and ``//``,
  ``www`` and ``.``, and after ``@``;
* control characters (terminal escape codes, bidirectional overrides) are dropped; line breaks are kept as
  Markdown hard breaks, with each line's leading spaces removed (four would start a code block).
"""

from __future__ import annotations

import re

__all__ = ["WORD_JOINER", "html_text", "md"]

WORD_JOINER = "\u2060"
"""Invisible character that keeps GitHub's bare-URL rule from turning text into a link."""

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def md(text: object) -> str:
    """``text`` made safe for a Streamlit element that renders Markdown: it is shown as written.

    Parameters
    ----------
    text : object
        Any value (``str()`` is taken), typically a user's file name, label or cell text, or a message that
        contains them.

    Returns
    -------
    str
        Markdown whose rendering is the text itself.

    Examples
    --------
    >>> print(md("**R&D** ![x](img.png) $$x$$ :red[!]"))
    \\*\\*R\\&D\\*\\* \\!\\[x\\]\\(img\\.png\\) \\$\\$x\\$\\$ \\:red\\[\\!\\]
    >>> md("http://a.b").replace(WORD_JOINER, "<WJ>")
    'http\\\\:<WJ>\\\\/\\\\/a\\\\.b'
    """
    s = _CONTROL.sub("", str(text)).replace("\t", " ")
    s = _AUTOLINK.sub(WORD_JOINER, s)
    lines = [_PUNCT.sub(r"\\\1", line.lstrip(" ")) for line in s.splitlines()]
    return "  \n".join(lines)


def html_text(text: object) -> str:
    """User text for inside an HTML block of ``st.markdown(..., unsafe_allow_html=True)``.

    The characters that start HTML or Markdown (``< > & " '`` and ``[ ] ( ) ! $ : * _ ` ~ | # \\ { } @``) become
    numeric character references (``&#91;`` for ``[``), so the browser shows the text unchanged while neither
    HTML (``<b>``) nor Markdown (``![x](``, ``$$``, ``:red[``, bare ``http://`` links) can be read from it;
    control characters are dropped as in :func:`md`.

    >>> html_text("<b>x</b> ![i](http://e) 2 / 3")
    '&#60;b&#62;x&#60;/b&#62; &#33;&#91;i&#93;&#40;http&#58;//e&#41; 2 / 3'
    """
    text = _CONTROL.sub("", str(text))
    return _HTML_MD.sub(lambda m: f"&#{ord(m.group(1))};", text)


_HTML_MD = re.compile(r"([<>&\"'\[\]()!$:*_`~|#\\{}@])")
