"""Text is cut into runs per script, every glyph comes from a font that has it, and shaped
widths (not character widths) are what lines are measured by."""

from __future__ import annotations

import pytest
import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr

from trainer_registry.certificate_pdf import fonts
from trainer_registry.certificate_pdf.fonts import MissingFont, Weight, font_for
from trainer_registry.certificate_pdf.scripts import Script, resolved_scripts, script_of
from trainer_registry.certificate_pdf.shaping import UncoveredText, shape_line, split_runs

SCRIPT_LANGUAGES = ["km", "lo", "my", "th", "vi", "zh-hans"]


def test_scripts_of_the_region_are_told_apart():
    assert [script_of(c) for c in "កກကกaễ王"] == [
        Script.KHMER,
        Script.LAO,
        Script.MYANMAR,
        Script.THAI,
        Script.LATIN,
        Script.LATIN,
        Script.HAN,
    ]
    assert script_of(" ") is Script.COMMON
    assert script_of("\u0301") is Script.INHERITED


def test_shared_characters_join_the_letters_around_them():
    assert resolved_scripts("(ใจดี) 2026") == [Script.THAI] * 11
    assert resolved_scripts(" A") == [Script.LATIN, Script.LATIN]


def test_a_thai_name_with_digits_is_drawn_in_two_fonts():
    runs = split_runs("สมศักดิ์ 2026")
    assert [(text, font.path.name) for text, font in runs] == [
        ("สมศักดิ์ ", "NotoSerifThai-Regular.ttf"),
        ("2026", "NotoSerif-Regular.ttf"),
    ]


def test_chinese_uses_a_truetype_outline_font():
    font = font_for(Script.HAN)
    assert font.path.name in {"uming.ttc", "wqy-zenhei.ttc"}
    assert font.covers("王")


def test_characters_no_font_has_are_named():
    with pytest.raises(UncoveredText) as refused:
        split_runs("Abebe ሀይሉ")  # Ethiopic: no certificate font has it
    message = str(refused.value)
    assert "U+1200 ETHIOPIC SYLLABLE HA" in message
    assert "U+12ED ETHIOPIC SYLLABLE YE" in message


@pytest.mark.parametrize("language", SCRIPT_LANGUAGES)
def test_every_name_shapes_without_empty_boxes(names, language):
    line = shape_line(names[language][1], 34.0)
    glyph_ids = [gid for run in line.runs for gid in run.glyph_ids]
    assert glyph_ids
    assert 0 not in glyph_ids


@pytest.mark.parametrize("language", ["km", "lo", "my", "th", "vi"])
def test_the_drawn_glyphs_are_harfbuzzs_glyphs(names, language):
    """Shape each name again straight with HarfBuzz and the font file: the glyph ids drawn
    are the same, none is .notdef, and for the complex scripts they differ from what
    unshaped drawing would show: other glyphs than the plain character-to-glyph lookup, or
    marks moved by HarfBuzz's offsets."""
    name = names[language][1]
    (run,) = shape_line(name, 34.0).runs
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(run.font.path)))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(name)
    buffer.guess_segment_properties()
    uharfbuzz.shape(uharfbuzz.Font(face), buffer, {"kern": True, "liga": True})
    harfbuzz_ids = tuple(info.codepoint for info in buffer.glyph_infos)
    assert 0 not in harfbuzz_ids
    assert run.glyph_ids == harfbuzz_ids
    unshaped = tuple(run.font.glyph_of[ord(c)] for c in name)
    moved = any(p.x_offset or p.y_offset for p in buffer.glyph_positions)
    if language != "vi":
        assert run.glyph_ids != unshaped or moved
        assert isinstance(run.glyphs, ShapedStr)  # drawn glyph by glyph at those offsets


def test_shaped_widths_are_measured_not_string_widths(names):
    name = names["km"][1]
    line = shape_line(name, 34.0)
    (run,) = line.runs
    string_width = pdfmetrics.stringWidth(name, run.font.name, 34.0)
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(run.font.path)))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(name)
    buffer.guess_segment_properties()
    uharfbuzz.shape(uharfbuzz.Font(face), buffer, {"kern": True, "liga": True})
    advances = sum(p.x_advance for p in buffer.glyph_positions) * 34.0 / face.upem
    assert line.width == pytest.approx(advances, abs=0.01)
    # stringWidth counts the subscript consonants' spacing forms: the name would sit 9 pt
    # off centre
    assert string_width - line.width > 15


def test_bold_lines_use_the_bold_faces():
    (run,) = shape_line("Certificate", 30.0, Weight.BOLD).runs
    assert run.font.path.name == "NotoSerif-Bold.ttf"


@pytest.fixture
def no_fonts_installed(tmp_path, monkeypatch):
    monkeypatch.setenv(fonts.SETTING, str(tmp_path))
    fonts.forget_font_locations()
    yield tmp_path
    fonts.forget_font_locations()


def test_a_missing_font_names_the_debian_package(no_fonts_installed):
    with pytest.raises(MissingFont) as missing:
        font_for(Script.KHMER)
    message = str(missing.value)
    assert "NotoSerifKhmer-Regular.ttf" in message
    assert "fonts-noto-core" in message
    assert str(no_fonts_installed) in message
    with pytest.raises(MissingFont, match="fonts-arphic-uming or fonts-wqy-zenhei"):
        font_for(Script.HAN)


def test_the_django_setting_names_the_font_folders(settings, tmp_path):
    settings.TRAINER_REGISTRY_FONT_DIRS = [str(tmp_path)]
    fonts.forget_font_locations()
    try:
        assert fonts.font_dirs() == (tmp_path,)
        with pytest.raises(MissingFont, match="install the Debian package fonts-noto-core"):
            font_for(Script.LAO, Weight.BOLD)
    finally:
        fonts.forget_font_locations()
