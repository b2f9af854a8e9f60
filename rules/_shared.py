"""Helpers more than one rule family needs (a rule never imports another rule).

Kept small and free of rule state: each helper is a fact about text that two
families judge from different sides (a caption's credit is checked by the
credit rules, and compared with ``alt`` text by the accessibility rules).
"""

from __future__ import annotations

import re

from ._attribution_words import CREDIT_LABEL

#: An English month's name, full or abbreviated, capitalised as copy writes it ("May", "Sept",
#: "December"); case-insensitive patterns (a date label's value) use it with ``re.IGNORECASE``.
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# An opening parenthesis that starts a credit ("(Photo: …", "(AP Photo/…", "(Getty").
CREDIT_PAREN = re.compile(
    rf"\(\s?(?:{CREDIT_LABEL}\b|AP\b|AFP\b|EPA\b|Reuters\b|Getty\b|File\b|Handout\b|©)",
    re.IGNORECASE,
)


def credit_start(text: str) -> int:
    """Where a caption's credit begins (a credit paren or label), or the text's length."""
    best = len(text)
    paren = CREDIT_PAREN.search(text)
    if paren is not None:
        best = paren.start()
    label = re.search(rf"(?<![\w])(?:{CREDIT_LABEL})\s?(?:[:：–—-]|$)", text, re.IGNORECASE)
    if label is not None and label.start() > 0:
        best = min(best, label.start())
    return best
