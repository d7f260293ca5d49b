"""Tolerant matching of what people write in a header or a coded cell."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_PARENS = re.compile(r"[(\[【].*?[)\]】]")


def header_key(text: object) -> str:
    """Compare headers loosely: full-width, spaces, stars and "(必填)" notes do not matter."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = _PARENS.sub("", value)
    return re.sub(r"[\s*:：]", "", value).lower()


def header_lookup(spellings: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """field -> its spellings, turned into header key -> field."""
    return {header_key(spelling): field for field, names in spellings.items() for spelling in names}


def value_lookup(vocabulary: dict) -> dict[str, object]:
    """code -> its spellings, turned into key -> code; the stored code itself always matches."""
    table: dict[str, object] = {}
    for code, spellings in vocabulary.items():
        for spelling in spellings:
            table[header_key(spelling)] = code
        if isinstance(code, str) and code:
            table[header_key(code)] = code
    return table


@dataclass(frozen=True)
class Column:
    """One column of an import's sheet: the field, the header the template writes, the other
    spellings accepted, whether it must be there, its width in the template."""

    field: str
    header: str
    variants: tuple[str, ...]
    required: bool = False
    width: int = 14
