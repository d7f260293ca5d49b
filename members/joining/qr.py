"""QR codes (segno): the join poster of a union or pool, and the e-card's code."""

from __future__ import annotations

import segno
from django.utils.html import escape

POSTER_WIDTH = 600
QR_SCALE = 10


def qr_svg_data_uri(url: str, *, scale: int = 4) -> str:
    """An <img src> for the e-card (data: images are allowed by the CSP)."""
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)


def poster_svg(*, union_name: str, url: str, title: str, hint: str) -> bytes:
    """A printable A-format poster: the union's name, the QR code, one line of instruction.

    Every text is escaped: a union's name is typed by people.
    """
    qr = segno.make(url, error="m")
    inner = qr.svg_inline(scale=QR_SCALE, border=2)
    size = qr.symbol_size(scale=QR_SCALE, border=2)[0]
    x = (POSTER_WIDTH - size) // 2
    height = 230 + size + 120
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{POSTER_WIDTH}" height="{height}" viewBox="0 0 {POSTER_WIDTH} {height}">
<rect width="100%" height="100%" fill="#ffffff"/>
<rect x="0" y="0" width="{POSTER_WIDTH}" height="12" fill="#b4232a"/>
<text x="{POSTER_WIDTH // 2}" y="90" text-anchor="middle" font-size="40" font-weight="bold" fill="#b4232a" font-family="sans-serif">{escape(title)}</text>
<text x="{POSTER_WIDTH // 2}" y="160" text-anchor="middle" font-size="26" fill="#1f2733" font-family="sans-serif">{escape(union_name)}</text>
<g transform="translate({x},200)">{_as_group(inner)}</g>
<text x="{POSTER_WIDTH // 2}" y="{230 + size + 40}" text-anchor="middle" font-size="22" fill="#4a5463" font-family="sans-serif">{escape(hint)}</text>
</svg>
"""
    return doc.encode("utf-8")


def _as_group(svg: str) -> str:
    """segno's <svg ...>BODY</svg> as BODY: drawn inside the poster's coordinate system."""
    start = svg.index(">") + 1
    end = svg.rindex("</svg>")
    return svg[start:end]
