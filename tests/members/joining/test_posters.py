"""The printable join posters (PNG and PDF): the QR code carries the current join address, the
name is drawn in real Chinese glyphs, hostile names render, and the scope holds.

No QR decoder is installed, so the code is checked module by module against segno's matrix
of the expected address: a poster with another address or an old token fails."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import segno
from django.contrib.messages import get_messages
from django.urls import reverse
from PIL import Image, ImageChops

from members.joining import poster, services
from members.joining.poster_font import NOTDEF_PROBE, PosterFontMissing, drawable, poster_font
from organizations.models import Role
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.cjk_font]

JOIN_URL = "http://testserver/j/{token}/"


def _black_box(image: Image.Image) -> tuple[int, int, int, int]:
    """The box of the pure-black pixels: only the QR modules are pure black (text is INK)."""
    r, g, b = (band.point(lambda v: 255 if v == 0 else 0) for band in image.convert("RGB").split())
    return ImageChops.multiply(ImageChops.multiply(r, g), b).getbbox()


def qr_centres(image: Image.Image, url: str) -> list[tuple[int, int, bool]]:
    """(x, y, dark) of each module's centre of the QR code in the image, if it is url's code
    with a quiet zone; fails the test otherwise."""
    matrix = segno.make(url, error="m").matrix
    n = len(matrix)
    left, top, right, bottom = _black_box(image)
    assert right - left == bottom - top and (right - left) % n == 0, "not this address's code"
    scale = (right - left) // n
    quiet = image.convert("L").crop(
        (left - 4 * scale, top - 4 * scale, right + 4 * scale, bottom + 4 * scale)
    )
    inner = Image.new("L", (right - left, bottom - top), 255)
    quiet.paste(inner, (4 * scale, 4 * scale))
    assert quiet.getextrema()[0] == 255, "the quiet zone is not white"
    return [
        (left + c * scale + scale // 2, top + r * scale + scale // 2, bool(matrix[r][c]))
        for r in range(n)
        for c in range(n)
    ]


def assert_qr_of(image: Image.Image, url: str, *, threshold: int | None = None) -> None:
    grey = image.convert("L")
    centres = qr_centres(image, url)
    for x, y, dark in centres:
        value = grey.getpixel((x, y))
        drawn_dark = value < 128 if threshold is None else value < threshold
        assert drawn_dark == dark, f"module at {x},{y} differs from {url}'s code"


def _png(client, union) -> Image.Image:
    response = client.get(reverse("joining_poster_png", args=[union.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(response.content))


def test_the_png_poster_is_a4_and_its_code_is_the_join_link(client_for, tree, editor_a):
    link = services.link_of(tree.union_a)
    image = _png(client_for(editor_a), tree.union_a)
    assert image.size == poster.PAGE == (1240, 1754)
    assert_qr_of(image, JOIN_URL.format(token=link.token))


def test_renewing_the_code_changes_the_posters_qr(client_for, tree, editor_a):
    c = client_for(editor_a)
    old = services.link_of(tree.union_a).token
    c.post(reverse("joining_renew", args=[tree.union_a.pk]))
    new = services.link_of(tree.union_a).token
    assert new != old
    image = _png(c, tree.union_a)
    assert_qr_of(image, JOIN_URL.format(token=new))
    with pytest.raises(AssertionError):
        assert_qr_of(image, JOIN_URL.format(token=old))


def _pdf_image(pdf: bytes) -> Image.Image:
    """The page's raster: Pillow stores it as one JPEG stream."""
    match = re.search(rb"/DCTDecode.*?stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL)
    return Image.open(io.BytesIO(match.group(1)))


def test_the_pdf_poster_is_one_a4_page_with_the_code(client_for, tree, editor_a):
    link = services.link_of(tree.union_a)
    c = client_for(editor_a)
    response = c.get(reverse("joining_poster_pdf", args=[tree.union_a.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", pdf).group(1).split()]
    assert box[:2] == [0, 0] and abs(box[2] - 595.3) < 1 and abs(box[3] - 841.9) < 1  # A4 in pt
    # The JPEG is checked where the PNG's modules are: dark modules dark, light ones light.
    png = _png(c, tree.union_a)
    jpeg = _pdf_image(pdf).convert("L")
    assert jpeg.size == png.size
    for x, y, dark in qr_centres(png, JOIN_URL.format(token=link.token)):
        assert (jpeg.getpixel((x, y)) < 100) if dark else (jpeg.getpixel((x, y)) > 155)


def test_the_download_has_a_safe_chinese_file_name(client_for, tree, editor_a):
    tree.union_a.name = '甲/公司:"工会"\r\n'
    tree.union_a.save()
    response = client_for(editor_a).get(reverse("joining_poster_pdf", args=[tree.union_a.pk]))
    header = response["Content-Disposition"]
    assert header.startswith("attachment;") and header.isascii()
    assert f'filename="join-poster-{tree.union_a.pk}.pdf"' in header
    chinese = unquote(header.split("filename*=UTF-8''")[1])
    assert chinese == "甲_公司_工会入会海报.pdf"


def test_posters_are_404_outside_the_area(client_for, tree, editor_a):
    """editor_a (county A) and union B (county B); a viewer of county B for union A."""
    viewer_b = f.staff("viewer_b", tree.county_b, Role.VIEWER)
    for user, union in ((editor_a, tree.union_b), (viewer_b, tree.union_a)):
        c = client_for(user)
        for name in ("joining_poster_png", "joining_poster_pdf"):
            assert c.get(reverse(name, args=[union.pk])).status_code == 404, (user, name)
    # A federation node is not a grassroots union: it has no poster either.
    c = client_for(editor_a)
    assert c.get(reverse("joining_poster_png", args=[tree.county_a.pk])).status_code == 404


def test_anonymous_users_are_sent_to_login(client, tree):
    response = client.get(reverse("joining_poster_png", args=[tree.union_a.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_union_page_links_the_posters(client_for, tree, viewer_a):
    c = client_for(viewer_a)
    text = c.get(reverse("joining_union", args=[tree.union_a.pk])).content.decode()
    for name in ("joining_poster_png", "joining_poster_pdf"):
        url = reverse(name, args=[tree.union_a.pk])
        assert url in text
        assert c.get(url).status_code == 200  # viewers of the area may print it, as the SVG


@pytest.mark.parametrize(
    "name",
    [
        "工" * 200,  # the longest name a union may have
        "😀" * 60 + "甲公司工会" + "\u202e\u200f\u200b\x07\x1b[31m" + "👩‍👩‍👧" * 20,
        "مرحبا نقابة" + "A" * 150,
        "\x01\x02",  # nothing drawable is left
    ],
)
def test_hostile_names_render(client_for, tree, editor_a, name):
    tree.union_a.name = name
    tree.union_a.save()
    image = _png(client_for(editor_a), tree.union_a)
    assert_qr_of(image, JOIN_URL.format(token=services.link_of(tree.union_a).token))


def test_names_longer_than_the_database_allows_are_cut():
    """The drawing bounds the name itself, whatever the database allows: 300 characters of
    emoji, Chinese and NUL still make a poster."""
    url = JOIN_URL.format(token="t" * 32)
    text = poster.PosterText(
        title="扫码入会", union_name=("工会😀\x00" * 100), hint="扫码", url=url, footer=""
    )
    image = Image.open(io.BytesIO(poster.poster_png(text)))
    assert image.size == poster.PAGE
    assert_qr_of(image, url)


def _mask(font, char):
    mask = font.getmask(char)
    return mask.size, bytes(mask)


def test_the_font_has_real_chinese_glyphs(tree):
    """Each character of a Chinese name draws a glyph, not the .notdef box that a private-use
    character gets."""
    font = poster_font(48)
    notdef = _mask(font, NOTDEF_PROBE)
    for char in "扫码入会" + tree.union_a.name:
        assert _mask(font, char) != notdef, char
    assert _mask(font, "\U0001f600") == notdef  # the probe tells a missing glyph


def test_characters_without_glyphs_are_dropped_not_boxed():
    assert drawable("甲😀\u202e\x07乙 \t 丙", max_chars=50) == "甲乙 丙"
    assert drawable("工" * 300, max_chars=120) == "工" * 119 + "…"


def _latin_only_fonts() -> list[str]:
    return sorted(
        str(p)
        for d in ("dejavu", "liberation")
        for p in Path("/usr/share/fonts/truetype", d).glob("*.ttf")
    )[:1]


def test_without_a_chinese_font_the_poster_is_refused_in_chinese(
    client_for, tree, editor_a, settings, caplog
):
    settings.POSTER_FONT_PATHS = ["/nonexistent/NotoSansCJK-Regular.ttc", *_latin_only_fonts()]
    with pytest.raises(PosterFontMissing):
        poster_font(20)
    c = client_for(editor_a)
    with caplog.at_level(logging.ERROR, logger="members.joining.views_staff"):
        response = c.get(reverse("joining_poster_png", args=[tree.union_a.pk]))
    assert response.status_code == 302
    assert response.url == reverse("joining_union", args=[tree.union_a.pk])
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "中文字体" in message
    assert any("no Chinese font" in r.getMessage() for r in caplog.records)
