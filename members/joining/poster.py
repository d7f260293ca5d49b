"""The printable join poster as PNG and PDF (Pillow): an A4 page at 150 dpi with the title, the
union's name, the QR code (segno), one line of instruction, the address and the code's date.

The union's name is typed by people: it is cleaned and cut (poster_font.drawable), wrapped onto
at most NAME_MAX_LINES lines, so a hostile name costs no more than a long ordinary one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from PIL import Image, ImageDraw, ImageFont

from members.joining.poster_font import drawable, poster_font

DPI = 150
PAGE = (1240, 1754)  # A4 (210 x 297 mm) at 150 dpi
MARGIN = 100
TEXT_WIDTH = PAGE[0] - 2 * MARGIN
NAME_MAX_CHARS = 120  # a name of 120 characters fills four lines at the smallest size
NAME_MAX_LINES = 4
NAME_SIZES = (72, 60, 50)  # the largest size at which the name fits, else the smallest, cut
NAME_BAND = (250, 600)  # top and bottom of the name's lines
QR_TOP, QR_BOX = 620, 760  # the QR code is centred in this square
QUIET_ZONE = 4  # modules of white around the code: the QR standard's minimum

RED = (180, 35, 42)
INK = (31, 39, 51)
MUTED = (74, 84, 99)
# Only the QR modules are pure black: text is drawn in INK, so the code stands apart.
QR_DARK = (0, 0, 0)
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class PosterText:
    title: str
    union_name: str
    hint: str
    url: str
    footer: str  # e.g. when the code was made


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_lines: int) -> list[str]:
    """Greedy wrap by character (Chinese has no spaces to break at); past max_lines the last
    line ends with an ellipsis."""
    lines, line = [], ""
    for char in text:
        if font.getlength(line + char) > TEXT_WIDTH and line:
            lines.append(line.rstrip())
            line = char.lstrip()
            if len(lines) == max_lines:
                break
        else:
            line += char
    else:
        if line:
            lines.append(line)
        return lines
    last = lines[-1]
    while last and font.getlength(last + "…") > TEXT_WIDTH:
        last = last[:-1]
    lines[-1] = last + "…"
    return lines


def _name_lines(name: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    for size in NAME_SIZES:
        font = poster_font(size)
        lines = _wrap(name, font, NAME_MAX_LINES)
        if len(lines) < NAME_MAX_LINES or not lines[-1].endswith("…"):
            return font, lines
    return font, lines


def _centred(
    draw: ImageDraw.ImageDraw,
    top: int,
    lines: list[str],
    font: ImageFont.FreeTypeFont,
    fill: tuple,
    *,
    gap: float = 1.3,
    bold: bool = False,
) -> int:
    """Draws the lines centred from `top`; returns the y below the last one."""
    step = round(font.size * gap)
    for line in lines:
        draw.text(
            (PAGE[0] // 2, top),
            line,
            font=font,
            fill=fill,
            anchor="mt",
            stroke_width=2 if bold else 0,
            stroke_fill=fill,
        )
        top += step
    return top


def qr_image(url: str) -> Image.Image:
    """The QR code at a whole number of pixels per module (crisp in print), quiet zone included."""
    qr = segno.make(url, error="m")
    modules = qr.symbol_size(scale=1, border=QUIET_ZONE)[0]
    scale = QR_BOX // modules
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=scale, border=QUIET_ZONE, dark="#000", light="#fff")
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def poster_image(text: PosterText) -> Image.Image:
    """The poster as an RGB image of PAGE pixels. Raises PosterFontMissing without a CJK font."""
    image = Image.new("RGB", PAGE, WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, PAGE[0], 30), fill=RED)
    draw.rectangle((0, PAGE[1] - 30, PAGE[0], PAGE[1]), fill=RED)
    title_font = poster_font(100)
    _centred(
        draw,
        110,
        _wrap(drawable(text.title, max_chars=40), title_font, 1),
        title_font,
        RED,
        bold=True,
    )
    name_font, name_lines = _name_lines(drawable(text.union_name, max_chars=NAME_MAX_CHARS))
    # The name's block is centred in the band between the title and the code.
    block = round(name_font.size * 1.3) * len(name_lines)
    _centred(
        draw,
        NAME_BAND[0] + max(0, NAME_BAND[1] - NAME_BAND[0] - block) // 2,
        name_lines,
        name_font,
        INK,
    )
    code = qr_image(text.url)
    image.paste(code, ((PAGE[0] - code.width) // 2, QR_TOP + (QR_BOX - code.width) // 2))
    hint_font, small = poster_font(44), poster_font(28)
    y = _centred(
        draw,
        QR_TOP + QR_BOX + 40,
        _wrap(drawable(text.hint, max_chars=120), hint_font, 2),
        hint_font,
        INK,
    )
    y = _centred(draw, y + 20, _wrap(text.url, small, 2), small, MUTED)
    _centred(draw, y + 10, _wrap(drawable(text.footer, max_chars=80), small, 1), small, MUTED)
    return image


def poster_png(text: PosterText) -> bytes:
    buf = io.BytesIO()
    # The default compression: "optimize" saves 6% of the bytes for 2.5 times the time.
    poster_image(text).save(buf, "PNG", dpi=(DPI, DPI))
    return buf.getvalue()


def poster_pdf(text: PosterText) -> bytes:
    """One A4 page holding the raster poster (Pillow's PDF writer; 150 dpi gives A4)."""
    buf = io.BytesIO()
    poster_image(text).save(buf, "PDF", resolution=DPI, quality=92)
    return buf.getvalue()
