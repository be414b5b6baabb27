"""Privacy-preserving record linkage: count distinct persons across partners.

Two calls make up the API used by the application (no Django import here):

``encode_identity(*, first_name, last_name, birth_name, birth_date, sex, commune,
phone, nir, secret) -> Encoding``
    Normalises a French identity (accents, case, hyphens, particles, partial
    and placeholder birth dates, INSEE commune, French phone formats, NIR) and
    encodes it under the network ``secret`` (bytes or str, at least 16 bytes):
    names become keyed, bit-flipped (BLIP) Bloom filters over bigrams, other
    fields and blocking keys truncated HMAC-SHA256. Every argument but
    ``secret`` is optional; ``birth_date`` is a ``datetime.date`` or
    ``YYYY-MM-DD``/``YYYY-MM``/``YYYY``. Raises ``InvalidValue`` (with a
    ``field`` attribute) for a malformed date or sex. The ``Encoding`` holds no
    clear text; store it with ``Encoding.to_dict()``/``to_json()`` and read it
    back with ``Encoding.from_dict()``/``from_json()``.

``cluster_encodings(records, threshold=None) -> dict[str, str]``
    ``records`` is an iterable of ``(record_id, Encoding)``, all encoded under
    the same secret. Returns record id -> cluster id (the first record id of
    the person in input order). ``threshold`` is the bar two groups of records
    clear to be one person: the average (in log-odds) match probability of
    the pairs between them (default ``DEFAULT_THRESHOLD``).

The command line ``maillage dedupe`` (``maillage.linkage.cli``) does the same
on a CSV file; ``maillage.linkage.splink_engine`` runs the same comparisons in
Splink (DuckDB, or Spark for a national deployment). See docs/linkage.md.
"""

from maillage.linkage.api import cluster_encodings
from maillage.linkage.encoding import Encoding, encode_identity
from maillage.linkage.engine import DEFAULT_THRESHOLD
from maillage.linkage.normalize import InvalidValue

__all__ = ["DEFAULT_THRESHOLD", "Encoding", "InvalidValue", "cluster_encodings", "encode_identity"]
