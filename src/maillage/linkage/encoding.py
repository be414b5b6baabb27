"""Keyed, hardened encodings of an identity, computed where the record is entered.

Names become attribute-level Bloom filters whose bit positions come from a
keyed HMAC-SHA256 of each bigram, then every bit is flipped at random with a
small probability (BLIP). Exact fields (date parts, sex, commune, phone, NIR)
and blocking keys become truncated keyed HMACs. Nothing in an `Encoding` can be
read back to a name without the network secret; see docs/linkage.md for the
attacks this is designed against and its limits.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

import numpy as np

from maillage.linkage.normalize import (
    BirthDate,
    Name,
    normalize_commune,
    normalize_name,
    normalize_nir,
    normalize_phone,
    normalize_sex,
    parse_birth_date,
)
from maillage.linkage.phonetic import phonetic

VERSION = 1
BLOOM_BITS = 256  # positions are single HMAC bytes, so at most 256
BLOOM_BYTES = BLOOM_BITS // 8
BLOOM_HASHES = 8
# Each bit flips with probability 2**-BLIP_EXPONENT (1/32).
BLIP_EXPONENT = 5
KEY_BYTES = 8
DATE_PARTS = ("ymd", "ym", "yd", "md", "dm", "y", "y+1")
MIN_SECRET_BYTES = 16
_NO_BLOOM = bytes(BLOOM_BYTES)
_NO_KEY = bytes(KEY_BYTES)
CACHE_SIZE = 200_000
NOISE_BATCH = 3_000


@dataclass(frozen=True, slots=True)
class Encoding:
    """The stored form of an identity: Bloom filters and keyed hashes only.

    Missing fields are all-zero bytes of the usual size; `blocking` is a
    concatenation of 8-byte keys.
    """

    first_name: bytes = _NO_BLOOM
    last_name: bytes = _NO_BLOOM
    birth_name: bytes = _NO_BLOOM
    birth_date: bytes = bytes(KEY_BYTES * len(DATE_PARTS))
    sex: bytes = _NO_KEY
    commune: bytes = _NO_KEY
    phone: bytes = _NO_KEY
    nir: bytes = _NO_KEY
    blocking: bytes = b""
    version: int = VERSION

    def to_dict(self) -> dict[str, str | int]:
        """Base64 strings, ready for JSON or a database row."""
        return {f.name: _b64(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, str | int]) -> Encoding:
        values: dict[str, Any] = {
            f.name: _unb64(data[f.name]) for f in fields(cls) if f.name in data
        }
        return cls(**values)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Encoding:
        return cls.from_dict(json.loads(text))


def _b64(value: bytes | int) -> str | int:
    return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value


def _unb64(value: str | int) -> bytes | int:
    return base64.b64decode(value) if isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class Identity:
    """A normalised identity; lives only in memory, never stored."""

    first_name: Name | None = None
    last_name: Name | None = None
    birth_name: Name | None = None
    birth_date: BirthDate | None = None
    sex: str | None = None
    commune: str | None = None
    phone: str | None = None
    nir: str | None = None


def normalize_identity(
    first_name: str | None = None,
    last_name: str | None = None,
    birth_name: str | None = None,
    birth_date: str | dt.date | None = None,
    sex: str | None = None,
    commune: str | None = None,
    phone: str | None = None,
    nir: str | None = None,
) -> Identity:
    """Normalise raw fields; raises normalize.InvalidValue on a malformed date or sex."""
    last = normalize_name(last_name)
    birth = normalize_name(birth_name)
    return Identity(
        first_name=normalize_name(first_name),
        last_name=last or birth,
        birth_name=birth if birth != last else None,
        birth_date=parse_birth_date(birth_date),
        sex=normalize_sex(sex),
        commune=normalize_commune(commune),
        phone=normalize_phone(phone),
        nir=normalize_nir(nir),
    )


def bigrams(name: Name) -> set[str]:
    grams: set[str] = set()
    for variant in name.variants():
        padded = f"_{variant}_"
        grams.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return grams


class Encoder:
    """Encodes identities under one network secret, caching per-value work."""

    def __init__(self, secret: bytes | str, *, blip_exponent: int = BLIP_EXPONENT) -> None:
        key = secret.encode() if isinstance(secret, str) else secret
        if len(key) < MIN_SECRET_BYTES:
            raise ValueError(f"the linkage secret must be at least {MIN_SECRET_BYTES} bytes")
        # Independent sub-keys, so that a key for one use reveals nothing about another.
        self._name_key = _derive(key, b"name-bloom")
        self._exact_key = _derive(key, b"exact")
        self._block_key = _derive(key, b"blocking")
        self._blip_exponent = blip_exponent
        self._bloom_cache: dict[Name, int] = {}
        self._token_cache: dict[str, int] = {}
        self._date_cache: dict[BirthDate | None, bytes] = {}
        self._small_cache: dict[tuple[str, str | None], bytes] = {}
        # Keyed hashes of values that recur across records (a person's phone,
        # blocking keys of a person's other records); bounded, cleared when full.
        self._exact_hashes: dict[str, bytes] = {}
        self._block_hashes: dict[str, bytes] = {}
        self._noise: list[int] = []

    def encode(self, identity: Identity) -> Encoding:
        return Encoding(
            first_name=self._bloom(identity.first_name),
            last_name=self._bloom(identity.last_name),
            birth_name=self._bloom(identity.birth_name),
            birth_date=self._date_keys(identity.birth_date),
            sex=self._exact_cached("sex", identity.sex),
            commune=self._exact_cached("commune", identity.commune),
            phone=self._exact("phone", identity.phone),
            nir=self._exact("nir", identity.nir),
            blocking=b"".join(
                _keyed(self._block_hashes, self._block_key, "|".join(p))
                for p in blocking_parts(identity)
            ),
        )

    def _next_noise(self) -> int:
        """A fresh random mask, each bit set with probability 2**-exponent.

        Masks are drawn from the OS CSPRNG in batches (one call for many
        filters), each mask being used once.
        """
        if not self._noise:
            self._noise = _noise_masks(NOISE_BATCH, self._blip_exponent)
        return self._noise.pop()

    def _bloom(self, name: Name | None) -> bytes:
        if name is None:
            return _NO_BLOOM
        bits = self._bloom_cache.get(name)
        if bits is None:
            bits = 0
            for gram in bigrams(name):
                bits |= self._token_bits(gram)
            if len(self._bloom_cache) >= CACHE_SIZE:
                self._bloom_cache.clear()
            self._bloom_cache[name] = bits
        return (bits ^ self._next_noise()).to_bytes(BLOOM_BYTES)

    def _token_bits(self, gram: str) -> int:
        bits = self._token_cache.get(gram)
        if bits is None:
            digest = hmac.digest(self._name_key, gram.encode(), "sha256")
            bits = 0
            for position in digest[:BLOOM_HASHES]:
                bits |= 1 << position
            self._token_cache[gram] = bits
        return bits

    def _exact(self, field: str, value: str | None) -> bytes:
        if value is None:
            return _NO_KEY
        return _keyed(self._exact_hashes, self._exact_key, f"{field}|{value}")

    def _exact_cached(self, field: str, value: str | None) -> bytes:
        """For fields with few distinct values (sex, commune)."""
        key = self._small_cache.get((field, value))
        if key is None:
            key = self._small_cache[(field, value)] = self._exact(field, value)
        return key

    def _date_keys(self, date: BirthDate | None) -> bytes:
        keys = self._date_cache.get(date)
        if keys is None:
            keys = b"".join(self._exact(*part) for part in date_parts(date))
            self._date_cache[date] = keys
        return keys


def _keyed(cache: dict[str, bytes], key: bytes, message: str) -> bytes:
    """Truncated HMAC-SHA256 of `message` under `key`, through a bounded cache."""
    digest = cache.get(message)
    if digest is None:
        digest = hmac.digest(key, message.encode(), "sha256")[:KEY_BYTES]
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        cache[message] = digest
    return digest


# The noise comes from the OS CSPRNG; test suites swap in a seeded source (see
# `use_noise_source`) so that results that depend on the noise are reproducible.
_random_bytes: Callable[[int], bytes] = os.urandom


def use_noise_source(source: Callable[[int], bytes]) -> None:
    """Replace the noise source (tests only) and drop encoders holding earlier noise."""
    global _random_bytes
    _random_bytes = source
    encoder_for.cache_clear()


def _noise_masks(count: int, exponent: int) -> list[int]:
    """`count` random BLOOM_BITS-bit masks, each bit set with probability 2**-exponent."""
    raw = np.frombuffer(_random_bytes(count * BLOOM_BYTES * exponent), dtype=np.uint8)
    masks = np.bitwise_and.reduce(raw.reshape(exponent, count * BLOOM_BYTES), axis=0).tobytes()
    return [
        int.from_bytes(masks[i : i + BLOOM_BYTES])
        for i in range(0, count * BLOOM_BYTES, BLOOM_BYTES)
    ]


def _derive(secret: bytes, label: bytes) -> bytes:
    return hmac.digest(secret, b"maillage/linkage/v%d/" % VERSION + label, hashlib.sha256)


def date_parts(date: BirthDate | None) -> list[tuple[str, str | None]]:
    """The date keys in DATE_PARTS order.

    The swapped key shares the `ymd` space and the next year's key the `y`
    space, so that equality between them means "day and month swapped" and
    "one year apart".
    """
    if date is None:
        return [("date", None)] * len(DATE_PARTS)
    y, m, d = date.year, date.month, date.day
    full = date.is_full
    swappable = full and d is not None and m is not None and d <= 12 and d != m
    return [
        ("ymd", f"{y}-{m}-{d}" if full else None),
        ("ym", f"{y}-{m}" if m else None),
        ("yd", f"{y}-{d}" if full else None),
        ("md", f"{m}-{d}" if full else None),
        ("ymd", f"{y}-{d}-{m}" if swappable else None),
        ("y", str(y)),
        ("y", str(y + 1)),
    ]


def blocking_parts(identity: Identity) -> list[tuple[str, ...]]:
    """Combinations of fields whose agreement makes two records worth comparing.

    Each combination is rare enough that its keyed hash shows no useful
    frequency (no single name is ever a key on its own).
    """
    first = _codes(identity.first_name)
    surnames = _codes(identity.last_name) | _codes(identity.birth_name)
    date = identity.birth_date
    parts: list[tuple[str, ...]] = []
    if date is not None and date.is_full:
        ymd = f"{date.year}-{date.month}-{date.day}"
        parts += [("name+date", code, ymd) for code in sorted(first | surnames)]
        if identity.commune:
            parts.append(("date+commune", ymd, identity.commune))
    if date is not None:
        year = str(date.year)
        parts += [("surname+year", code, year) for code in sorted(surnames)]
        # A surname change (marriage) with a partial date: the first name, the
        # year and the commune together are still rare.
        if identity.commune:
            parts += [
                ("first+year+commune", code, year, identity.commune) for code in sorted(first)
            ]
    parts += [("names", *sorted((f, s))) for f in sorted(first) for s in sorted(surnames)]
    parts += [(field, value) for field, value in _strong_ids(identity) if value]
    return list(dict.fromkeys(parts))


@lru_cache(maxsize=200_000)
def _codes(name: Name | None) -> frozenset[str]:
    if name is None:
        return frozenset()
    return frozenset({phonetic(name.first_token), phonetic(name.core)})


def _strong_ids(identity: Identity) -> Iterable[tuple[str, str | None]]:
    return (("phone", identity.phone), ("nir", identity.nir))


@lru_cache(maxsize=8)
def encoder_for(secret: bytes | str) -> Encoder:
    return Encoder(secret)


def encode_identity(
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    birth_name: str | None = None,
    birth_date: str | dt.date | None = None,
    sex: str | None = None,
    commune: str | None = None,
    phone: str | None = None,
    nir: str | None = None,
    secret: bytes | str,
) -> Encoding:
    """Normalise and encode one identity under the network secret."""
    identity = normalize_identity(
        first_name, last_name, birth_name, birth_date, sex, commune, phone, nir
    )
    return encoder_for(secret).encode(identity)
