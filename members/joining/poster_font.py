"""The CJK font of the raster posters: found once from POSTER_FONT_PATHS, checked for glyphs.

The SVG poster leaves fonts to the viewer; a PNG or PDF carries its pixels, and a Chinese name
drawn with a Latin-only font comes out as empty boxes. So the font must prove it has Chinese
glyphs before it is used, and without such a font the poster is refused (PosterFontMissing),
never drawn in boxes.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from django.conf import settings
from PIL import ImageFont

from common.text import clean_text

log = logging.getLogger(__name__)

# A character no text font maps (private use): it renders as the font's .notdef box.
NOTDEF_PROBE = "\ue000"
# A common character every Chinese font has: the proof that the font is one.
CJK_PROBE = "工"
# Faces of a font collection looked at: Noto/Source Han collections hold ten.
MAX_FACES = 16
# Regional faces preferred in a collection (simplified Chinese glyph shapes).
PREFERRED_FACES = (" SC", " CN", " GB", "SC ", "Simplified")
# Glyph checks are made at this size: whether a glyph exists does not depend on size.
PROBE_SIZE = 24


class PosterFontMissing(RuntimeError):
    """No font of POSTER_FONT_PATHS exists and has Chinese glyphs."""


def _load(path: str, size: int, index: int = 0) -> ImageFont.FreeTypeFont:
    # BASIC layout: the same glyphs and widths wherever Pillow runs, with or without libraqm.
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)


def _face_index(path: str) -> int:
    """In a collection (.ttc), the simplified-Chinese face; otherwise the first."""
    for index in range(MAX_FACES):
        try:
            family = _load(path, PROBE_SIZE, index).getname()[0] or ""
        except OSError:
            break
        if any(mark in family for mark in PREFERRED_FACES):
            return index
    return 0


@functools.lru_cache(maxsize=8)
def _find(paths: tuple[str, ...]) -> tuple[str, int] | None:
    for path in paths:
        if not Path(path).is_file():
            continue
        try:
            index = _face_index(path)
            if has_glyph(_load(path, PROBE_SIZE, index), CJK_PROBE):
                return path, index
        except OSError:
            log.warning("poster font %s could not be read", path)
            continue
        log.warning("poster font %s has no Chinese glyphs; skipped", path)
    return None


def font_file() -> tuple[str, int]:
    """(path, face index) of the poster font, or PosterFontMissing."""
    found = _find(tuple(settings.POSTER_FONT_PATHS))
    if found is None:
        raise PosterFontMissing(
            "no Chinese font in POSTER_FONT_PATHS: " + ", ".join(settings.POSTER_FONT_PATHS)
        )
    return found


def poster_font(size: int) -> ImageFont.FreeTypeFont:
    """A fresh font object of the poster font (not shared: a FreeType face is not thread-safe)."""
    path, index = font_file()
    return _load(path, size, index)


def _mask(font: ImageFont.FreeTypeFont, char: str) -> tuple:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


def has_glyph(font: ImageFont.FreeTypeFont, char: str, notdef: tuple | None = None) -> bool:
    """Whether the font draws the character, not its .notdef box (`notdef`: that box's mask,
    when the caller checks many characters)."""
    if char.isspace():
        return True
    return _mask(font, char) != (notdef or _mask(font, NOTDEF_PROBE))


def drawable(text: str, *, max_chars: int) -> str:
    """The text as the poster can draw it: invisible and bidi characters out (common.text),
    characters the font lacks (emoji, rare scripts) dropped rather than drawn as boxes, and
    at most max_chars characters, cut before the glyph checks so that they stay bounded."""
    text = clean_text(text)
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    probe = poster_font(PROBE_SIZE)
    notdef = _mask(probe, NOTDEF_PROBE)
    known: dict[str, bool] = {}
    kept = []
    for char in text:
        if char not in known:
            known[char] = has_glyph(probe, char, notdef)
        if known[char]:
            kept.append(char)
    return " ".join("".join(kept).split())
