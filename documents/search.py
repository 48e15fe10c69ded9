"""Searching documents (tìm văn bản) by number and symbol, or by words of the trích yếu, with or without diacritics.

PostgreSQL: full-text search on ``title`` through the text search configuration ``kehoach_vi``
(``simple`` behind the ``unaccent`` dictionary, created by migration ``0005_document_search``), so that
"ke hoach cai cach" finds "Kế hoạch cải cách hành chính" and "đào tạo" finds "dao tao". The GIN index
is on ``to_tsvector('kehoach_vi', COALESCE(title, ''))`` — exactly what ``SearchVector("title",
config=…)`` writes — so a search reads the index, not the table. The last word is matched as a prefix
(the user is still typing it).

SQLite (development, the test suite's default): ``icontains`` on a normalised form of the title,
computed by ``kh_unaccent()``, a Python function registered on every SQLite connection (``apps.py``).

A term that looks like a number or a symbol ("72", "72/KH-UBND", "KH-UBND") searches the symbol
(prefix, case-insensitive; PostgreSQL has an index on ``UPPER(symbol)``) and, for a bare number, the
register number.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import F, Func, Q, QuerySet

SEARCH_CONFIG = "kehoach_vi"

_WORD = re.compile(r"\w+", re.UNICODE)
_SYMBOL = re.compile(r"^\d+(/[\w.-]*)?$|^[A-ZĐa-zđ]{1,5}[-/][\w.-]+$", re.UNICODE)


def normalize(text: str) -> str:
    """Lower case, without diacritics (đ → d): what both sides of a search are compared in."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


class Unaccent(Func):
    """``kh_unaccent(expr)``: the SQLite side of the search (see ``normalize``)."""

    function = "kh_unaccent"


def document_search(*, queryset: QuerySet, term: str) -> QuerySet:
    """Documents of ``queryset`` matching ``term`` (by number/symbol, or every word of the trích yếu)."""
    term = (term or "").strip()
    if not term:
        return queryset
    if _SYMBOL.match(term):
        by_symbol = Q(symbol__istartswith=term)
        if term.isdigit():
            by_symbol |= Q(number=int(term)) if len(term) < 9 else Q()
        return queryset.filter(by_symbol)
    words = _WORD.findall(term)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # Words come from \w+ only: no tsquery operator can be smuggled in. The last one is a prefix.
        raw = " & ".join([*words[:-1], f"{words[-1]}:*"])
        query = SearchQuery(raw, config=SEARCH_CONFIG, search_type="raw")
        return queryset.annotate(_search=SearchVector("title", config=SEARCH_CONFIG)).filter(_search=query)
    annotated = queryset.annotate(_search=Unaccent(F("title")))
    for word in words:
        annotated = annotated.filter(_search__contains=normalize(word))
    return annotated


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give SQLite ``kh_unaccent`` (deterministic, so usable in indexes)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("kh_unaccent", 1, normalize, deterministic=True)
