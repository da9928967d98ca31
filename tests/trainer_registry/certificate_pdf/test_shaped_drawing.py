"""A shaped run is drawn glyph by glyph at HarfBuzz's positions: a word draws the same
wherever it stands. reportlab's own drawing of a shaped string kept the rise of a mark
below the line (the Khmer vowel sign under a subscript) for the letters after it, so
in "គ្រូបណ្តុះបណ្តាល" (trainer) the last syllables were drawn raised."""

from __future__ import annotations

import io

import numpy as np
import pytest
from reportlab.pdfgen.canvas import Canvas

from tests.trainer_registry.certificate_pdf.test_render_certificate import rasterise
from trainer_registry.certificate_pdf.drawing import draw_run
from trainer_registry.certificate_pdf.shaping import shape_line

SIZE = 24


def _drawn(text: str, x: float, tmp_path) -> np.ndarray:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(480, 60), invariant=1)
    line = shape_line(text, SIZE)
    for run in line.runs:
        draw_run(canvas, run, x, 20, SIZE, (0, 0, 0))
        x += run.width
    canvas.save()
    return rasterise(out.getvalue(), tmp_path, dpi=144) < 128


@pytest.mark.parametrize(
    ("before", "word"),
    [("គ្រូបណ្តុះ", "បណ្តាល"), ("ស្ត្រី ", "ស្ត្រី"), ("ဒုက္ခ", "သည်")],
)
def test_a_word_after_a_mark_below_the_line_draws_as_it_does_alone(tmp_path, before, word):
    start = 10 + shape_line(before, SIZE).width
    together = _drawn(before + word, 10, tmp_path)
    alone = _drawn(word, start, tmp_path)
    left = int(start * 2) + 2  # 144 dpi: two pixels a point; past the last mark before
    assert alone[:, left:].any()
    assert np.array_equal(together[:, left:], alone[:, left:])
