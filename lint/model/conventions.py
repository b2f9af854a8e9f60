"""Newsroom conventions every reader of the model applies the same way, whatever the input format.

HTML, Markdown and plain text each find blocks their own way, but a line that
is a byline is a byline in all three: the test lives here once.
"""

from __future__ import annotations

import re

#: A byline line: "By Jane Doe", "BY JANE DOE" (short: a sentence that starts "By" is longer).
_BYLINE = re.compile(r"^(?:By|BY)\s+\S")
#: Longest line still read as a byline rather than a sentence.
BYLINE_MAX_CHARS = 80


def is_byline(text: str) -> bool:
    """Whether a block's text reads as a byline ("By Jane Doe")."""
    return len(text) < BYLINE_MAX_CHARS and _BYLINE.match(text) is not None


#: A byline or date label with no name or date after it ("by:", "Published", "Posted on",
#: "By •"): the template's slot left empty, which the credit rules report. It is never
#: a site label to drop as chrome.
_EMPTY_BYLINE_LABEL = re.compile(
    r"^\s*(?:(?:written|posted|published|updated|photos?|images?|words)\s+(?:by|on)|by|posted|published|updated|"
    r"last\s+updated|on|date|author|credit|source)\s*[:|•·–—-]*\s*$",
    re.IGNORECASE,
)


def is_empty_byline_label(text: str) -> bool:
    """Whether a line is a byline or date label with nothing after it ("by:", "Published")."""
    return _EMPTY_BYLINE_LABEL.match(text) is not None
