"""A small French phonetic key used only to form blocking keys.

It folds the spellings that French clerks confuse (PH/F, C/K/QU, Y/I, final
silent letters, doubled consonants) so that a typo-free but differently spelled
name still lands in the same block. It is deliberately coarse: candidate pairs
are scored afterwards on the Bloom filters, so a collision only costs time.
"""

from __future__ import annotations

import re
from functools import lru_cache

_RULES: tuple[tuple[str, str], ...] = (
    (r"EAUX?$", "O"),
    (r"(?<=[AEIOU])S(?=[AEIOU])", "Z"),
    (r"PH", "F"),
    (r"QU|CK|Q", "K"),
    (r"C(?=[EIY])", "S"),
    (r"SCH|SH|CH", "C"),
    (r"C", "K"),
    (r"GU(?=[EIY])", "G"),
    (r"G(?=[EIY])", "J"),
    (r"TH", "T"),
    (r"W", "V"),
    (r"Y", "I"),
    (r"Z", "S"),
    (r"H", ""),
    (r"(.)\1+", r"\1"),
    (r"EAU|AU", "O"),
    (r"(?:AI|EI|I)N(?![AEIOU])", "1"),
    (r"(?:E|A)[NM](?![AEIOU])", "2"),
    (r"ON(?![AEIOU])", "3"),
    (r"AI|EI|ER$|EZ$|ET$", "E"),
    (r"(?<=.)[ESTXD]+$", ""),
    (r"(?<=.)E", ""),
)
_COMPILED = tuple((re.compile(p), r) for p, r in _RULES)


@lru_cache(maxsize=200_000)
def phonetic(name: str, length: int = 6) -> str:
    """Phonetic key of an upper-case ASCII name (letters only)."""
    key = name
    for pattern, replacement in _COMPILED:
        key = pattern.sub(replacement, key)
    return (key or name)[:length]
