"""French search text: accents removed, lower case, stop words dropped, Snowball stems.

Both databases search the same normalised token column with their own full-text engine
(SQLite FTS5, PostgreSQL `tsvector` with the `simple` configuration), so a word matches
identically on both and "depistage" finds "Dépistage organisé".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("french")
_WORD = re.compile(r"[a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'"})

STOP_WORDS = frozenset(
    """a au aux avec ce ces d dans de des du elle en et eux il je l la le les leur lui m ma mais
    me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta
    te tes toi ton tu un une vos votre vous y c est the of and""".split()
)


def unaccent(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def words(text: str) -> list[str]:
    """Unaccented lower-case words, stop words removed."""
    return [word for word in _WORD.findall(unaccent(text)) if word not in STOP_WORDS]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def tokens(text: str) -> list[str]:
    """The search tokens of a text, in order, duplicates kept."""
    return [stem(word) for word in words(text)]


def document(*texts: str) -> str:
    """A space-padded string of distinct tokens, so `LIKE '% token %'` is a word match."""
    seen: dict[str, None] = {}
    for text in texts:
        for token in tokens(text):
            seen.setdefault(token, None)
    return f" {' '.join(seen)} "


def key(text: str) -> str:
    """A place key: unaccented words joined by single spaces ("Faubourg-de-Béthune" too)."""
    return " ".join(_WORD.findall(unaccent(text)))


def facet_token(kind: str, value: str) -> str:
    """A facet value as one alphanumeric search token (e.g. `xtsantevaccination`)."""
    return "x" + kind + "".join(_WORD.findall(unaccent(value)))
