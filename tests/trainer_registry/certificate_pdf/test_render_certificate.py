"""The certificate PDF, rasterised and read back as a person or a program would.

Each sample certificate (one per script of the region, and plain Latin) is rasterised with
poppler's ``pdftoppm`` and compared with a committed reference image in ``data/``, whose
every tile was looked at when it was made. The comparison works tile by tile, so that one
wrong glyph (a missing-glyph box, an unshaped mark) fails it even though it changes little
of the page. To remake the references after a deliberate change of layout, run these tests
with ``UPDATE_CERTIFICATE_IMAGES=1`` and look at every image before committing it.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfgen.canvas import Canvas

from tests.conftest import require
from trainer_registry.certificate_pdf import (
    UncoveredText,
    read_embedded_credential,
    render_certificate,
)
from trainer_registry.certificate_pdf.drawing import draw_certificate
from trainer_registry.certificate_pdf.fonts import Script, font_for
from trainer_registry.certificate_pdf.layout import CENTRE, PAGE_HEIGHT, PAGE_WIDTH, plan

DATA = Path(__file__).parent / "data"
LANGUAGES = ["km", "lo", "my", "th", "vi", "zh-hans", ""]
REFERENCE_DPI = 40
TILE = 12  # pixels: about a fifth of an inch at 40 dpi, the size of one large glyph
MAX_TILE_DIFFERENCE = 12.0  # mean absolute grey difference in the worst tile, of 255
MAX_PAGE_DIFFERENCE = 1.0  # over the whole page


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    require(found is not None, f"{tool} is missing: apt-get install poppler-utils")
    return found


def rasterise(pdf: bytes, tmp_path: Path, *, dpi: int = REFERENCE_DPI, crop=None) -> np.ndarray:
    """The page as grey levels (0 black .. 255 white), by pdftoppm; ``crop`` is
    (x, y, width, height) in pixels from the top left."""
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    command = [_poppler("pdftoppm"), "-r", str(dpi), "-gray", "-png", "-singlefile"]
    if crop:
        x, y, width, height = crop
        command += ["-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height)]
    subprocess.run([*command, str(source), str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page.png") as image:
        return np.asarray(image.convert("L"), dtype=np.float64)


def worst_tile_difference(a: np.ndarray, b: np.ndarray) -> float:
    """The largest mean absolute difference over TILE x TILE squares of two images."""
    assert a.shape == b.shape, (a.shape, b.shape)
    difference = np.abs(a - b)
    rows, cols = (n // TILE * TILE for n in difference.shape)
    tiles = difference[:rows, :cols].reshape(rows // TILE, TILE, cols // TILE, TILE)
    return float(tiles.mean(axis=(1, 3)).max())


def reference_name(language: str) -> str:
    return f"certificate-{language or 'latin'}.png"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_script_renders_like_its_reference_image(make_print, tmp_path, language):
    page = rasterise(render_certificate(make_print(language)), tmp_path)
    reference_path = DATA / reference_name(language)
    if os.environ.get("UPDATE_CERTIFICATE_IMAGES") == "1":
        Image.fromarray(page.astype(np.uint8), mode="L").save(reference_path, optimize=True)
    with Image.open(reference_path) as image:
        reference = np.asarray(image, dtype=np.float64)
    assert reference_path.stat().st_size < 100_000
    assert page.shape == reference.shape == (331, 468)  # A4 landscape at 40 dpi
    assert float(np.abs(page - reference).mean()) < MAX_PAGE_DIFFERENCE
    assert worst_tile_difference(page, reference) < MAX_TILE_DIFFERENCE


def test_a_missing_glyph_box_fails_the_image_comparison(make_print, tmp_path):
    """The Khmer name drawn with the Latin font (which has no Khmer glyphs) shows empty
    boxes; the tile comparison must see that, or it could not guard the references."""
    layout = plan(make_print("km"))
    latin = font_for(Script.LATIN)
    boxed = [
        replace(placed, line=replace(placed.line, runs=(replace(placed.line.runs[0], font=latin),)))
        if placed.lang == "km"
        else placed
        for placed in layout.lines
    ]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1)
    draw_certificate(canvas, replace(layout, lines=tuple(boxed)))
    canvas.showPage()
    canvas.save()
    page = rasterise(out.getvalue(), tmp_path)
    with Image.open(DATA / reference_name("km")) as image:
        reference = np.asarray(image, dtype=np.float64)
    assert worst_tile_difference(page, reference) > 2 * MAX_TILE_DIFFERENCE


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_line_uses_the_missing_glyph(make_print, language):
    for placed in plan(make_print(language)).lines:
        for run in placed.line.runs:
            assert 0 not in run.glyph_ids, (placed.line.text, run.text)
            assert all(run.font.covers(c) or not c.strip() for c in run.text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_names_are_centred_on_the_page(make_print, tmp_path, language):
    """Centred by shaped width in the plan, and the ink of the name line is centred on the
    rasterised page too (within a point)."""
    data = make_print(language)
    layout = plan(data)
    name_line = next(p for p in layout.lines if p.line.text == data.holder_names()[0])
    assert name_line.x + name_line.line.width / 2 == pytest.approx(CENTRE)
    dpi = 144
    scale = dpi / 72
    top = int((PAGE_HEIGHT - name_line.y - name_line.line.size) * scale)
    band = (0, top, int(PAGE_WIDTH * scale), int(name_line.line.size * 1.4 * scale))
    ink = rasterise(render_certificate(data), tmp_path, dpi=dpi, crop=band) < 128
    columns = np.flatnonzero(ink.any(axis=0))
    ink_centre = (columns[0] + columns[-1] + 1) / 2 / scale
    assert ink_centre == pytest.approx(CENTRE, abs=1.5)


@pytest.mark.parametrize("language", ["km", "lo", "my", "th", "vi", "zh-hans"])
def test_the_own_script_name_reads_back_as_written(make_print, tmp_path, language):
    data = make_print(language)
    source = tmp_path / "certificate.pdf"
    source.write_bytes(render_certificate(data))
    text = subprocess.run(
        [_poppler("pdftotext"), str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = text.splitlines()
    assert data.name_own_script in lines
    assert data.name_latin in lines
    assert "7G4K-Q2MD-9TZX-EB1R-V" in lines
    assert "Verify at https://registry.example.org/verify/7G4KQ2MD9TZXEB1RV" in lines
    assert "This certifies that" in lines


def test_the_qr_code_holds_the_verification_address(make_print, tmp_path):
    """Every module of the drawn QR code, read back from the raster, is the module
    reportlab's encoder gives for the verify address."""
    data = make_print("th")
    qr = plan(data).qr
    expected = QrCodeWidget(qr.value, barLevel="M")
    expected.qr.make()
    modules = np.array(expected.qr.modules, dtype=bool)
    count = modules.shape[0]
    dpi = 288
    scale = dpi / 72
    box = (
        int(qr.x * scale),
        int((PAGE_HEIGHT - qr.y - qr.size) * scale),
        int(qr.size * scale),
        int(qr.size * scale),
    )
    page = rasterise(render_certificate(data), tmp_path, dpi=dpi, crop=box)
    module = qr.size * scale / (count + 8)
    centres = (np.arange(count) + 4 + 0.5) * module
    read = page[np.ix_(centres.astype(int), centres.astype(int))] < 128
    assert read.shape == modules.shape
    assert (read == modules).all()


def test_the_signed_credential_travels_inside_the_pdf(make_print, tmp_path):
    data = make_print("vi")
    pdf = render_certificate(data)
    assert read_embedded_credential(pdf) == data.embedded_credential
    (attachment,) = PdfReader(io.BytesIO(pdf)).attachment_list
    assert attachment.name == "credential.json"
    assert attachment.subtype == "/application/ld+json"
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    listed = subprocess.run(
        [_poppler("pdfdetach"), "-list", str(source)], check=True, capture_output=True, text=True
    ).stdout
    assert "1: credential.json" in listed


def test_a_certificate_without_a_credential_has_none(make_print):
    assert (
        read_embedded_credential(render_certificate(make_print(embedded_credential=None))) is None
    )


def test_reading_a_credential_from_something_else_than_a_pdf_is_refused():
    with pytest.raises(ValueError, match="not a readable PDF"):
        read_embedded_credential(b"%PDF-1.4 garbage")


def test_the_pdf_says_what_it_is_and_in_which_language(make_print):
    data = make_print("my")
    reader = PdfReader(io.BytesIO(render_certificate(data)))
    assert reader.metadata.title == (
        "Certificate of Completion: Aung Kyaw Myint, "
        "Victim identification and rights-based interviewing"
    )
    assert reader.metadata.author == "Chea Sopheap"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    (page,) = reader.pages
    assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, PAGE_WIDTH, PAGE_HEIGHT])
    content = page.get_contents().get_data()
    assert b"/Span <</Lang (my) /ActualText <FEFF" in content
    fonts = {font.get_object()["/BaseFont"] for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("NotoSerifMyanmar-Regular") for name in fonts)


def test_a_trainer_certificate_shows_its_validity(make_print, tmp_path):
    from datetime import date

    data = make_print("th", kind="trainer", valid_until=date(2029, 5, 16))
    source = tmp_path / "certificate.pdf"
    source.write_bytes(render_certificate(data))
    text = subprocess.run(
        [_poppler("pdftotext"), str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Trainer Certificate" in text
    assert "Issued on 16 May 2026 · valid until 16 May 2029" in text
    assert "is a certified trainer of" in text


def test_the_same_certificate_gives_the_same_bytes(make_print):
    assert render_certificate(make_print("km")) == render_certificate(make_print("km"))


def test_a_name_too_long_for_the_page_is_refused(make_print):
    with pytest.raises(ValueError, match=r"name_latin: .* is too long to print on one line"):
        render_certificate(make_print("", name_latin="Maria " * 19 + "Cruz"))


def test_a_character_no_font_has_is_named_before_drawing(make_print):
    with pytest.raises(UncoveredText, match=r"certificate: place: .*U\+1200 ETHIOPIC SYLLABLE HA"):
        render_certificate(make_print(place="ሀ Town"))


def test_text_in_the_regions_scripts_is_marked_with_its_language(make_print, tmp_path):
    data = make_print("my", training="ကုန်ကူးမှု တားဆီးရေး", place="ရန်ကုန်")
    pdf = render_certificate(data)
    (page,) = PdfReader(io.BytesIO(pdf)).pages
    content = page.get_contents().get_data()
    assert content.count(b"/Span <</Lang (my)>> BDC") == 2  # the training and the place
    assert content.count(b"/Span <</Lang (my) /ActualText") == 1  # the name
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    text = subprocess.run(
        [_poppler("pdftotext"), str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "12–16 May 2026, ရန်ကုန်" in text.splitlines()
    assert "National Training Programme: ကုန်ကူးမှု တားဆီးရေး" in text.splitlines()
