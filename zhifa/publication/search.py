"""Keyword search of published decisions: character bigrams in a PostgreSQL GIN index.

Chinese has no spaces, so word-based full-text search (and ``pg_trgm`` with two-character
queries such as 罚款) cannot find substrings. Every run of letters and digits in the public
text is cut into overlapping bigrams with their positions, plus the run's last character
alone; a keyword of n characters is then the phrase ``b1 <-> b2 <-> … <-> b(n-1)`` (a single
character is the prefix query ``x:*``). The text is stored already in ``tsvector`` input form
(``张三:1 三丰:2 丰:2``) and cast, not parsed, so the result does not depend on the database's
locale or text-search parser; PostgreSQL keeps the cast in a generated column
``search_vector`` with a GIN index (migration 0002). On SQLite the same filter is a LIKE over
the public columns: a county's few thousand
decisions a year need nothing more. ADR 0014 has the measurements.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

# Letters and digits; underscore is a separator like punctuation.
_RUN_RE = re.compile(r"[^\W_]+")
# tsvector positions stop at 16383; past that phrase matching would be unreliable.
MAX_POSITION = 16_000
MAX_KEYWORD_LENGTH = 50
# The columns a LIKE search (SQLite, and the benchmark's baseline) looks at.
LIKE_COLUMNS = ("title", "document_number", "target_name", "cause", "conclusion", "full_text")


def normalise(text: str) -> str:
    """NFKC (full-width → half-width) and lower case, as both the index and the query see it."""
    return unicodedata.normalize("NFKC", text or "").lower()


def runs(text: str) -> list[str]:
    return _RUN_RE.findall(normalise(text))


def search_document(*texts: str) -> str:
    """The ``tsvector`` input text of ``texts``: ``lexeme:position`` pairs separated by spaces."""
    parts: list[str] = []
    pos = 1
    for text in texts:
        for run in runs(text):
            if pos > MAX_POSITION:
                return " ".join(parts)
            if len(run) == 1:
                parts.append(f"{run}:{pos}")
            else:
                for i in range(len(run) - 1):
                    parts.append(f"{run[i : i + 2]}:{pos}")
                    pos += 1
                    if pos > MAX_POSITION:
                        break
                parts.append(f"{run[-1]}:{pos - 1}")
            pos += 2  # a gap: runs are never adjacent to each other
    return " ".join(parts)


def search_query(keyword: str) -> str | None:
    """The ``tsquery`` input text for ``keyword``, or None if it has no letters or digits."""
    terms: list[str] = []
    for run in runs(keyword[:MAX_KEYWORD_LENGTH]):
        if len(run) == 1:
            terms.append(f"{run}:*")
        else:
            terms.append("(" + " <-> ".join(run[i : i + 2] for i in range(len(run) - 1)) + ")")
    return " & ".join(terms) if terms else None


def _like_q(keyword: str) -> Q:
    q = Q()
    for run in runs(keyword):
        one = Q()
        for column in LIKE_COLUMNS:
            one |= Q(**{f"{column}__icontains": run})
        q &= one
    return q


def filter_keyword(qs: QuerySet, keyword: str, *, strategy: str = "auto") -> QuerySet:
    """Keep the rows of ``qs`` whose public text contains every word of ``keyword``.

    ``strategy``: ``"index"`` (PostgreSQL bigram index), ``"like"`` (a LIKE scan; the
    benchmark's baseline and SQLite's way), ``"auto"`` (index on PostgreSQL, else like).
    """
    keyword = (keyword or "").strip()[:MAX_KEYWORD_LENGTH]
    if not keyword:
        return qs
    if strategy == "auto":
        strategy = "index" if connection.vendor == "postgresql" else "like"
    if strategy == "like":
        return qs.filter(_like_q(keyword))
    query = search_query(keyword)
    if query is None:
        return qs.none()
    matches = RawSQL(
        "publication_publication.search_vector @@ (%s::tsquery)",
        (query,),
        output_field=BooleanField(),
    )
    return qs.filter(matches)
