"""A Khmer learner opens a case and an interview simulation of the Cambodian NTP, and a
Burmese learner the same of the ToT, on a phone (the simulation played one step): every
character of the page is drawn with a real glyph (no missing-glyph boxes), stacked
consonants are shaped into one cluster, and the draft notice shows with the English source
one tap away.

Missing glyphs are found the way the browser draws them: the page's own font stack
draws each grapheme cluster of the text on a canvas, and a cluster drawn pixel for pixel
like a character that no font has (U+0378, unassigned) is a box. Screenshots go with the other
browser tests' pictures.
"""

from __future__ import annotations

import pytest

from curriculum_build.workbench import workbench_units
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_courses_on_a_phone import PHONE
from tests.e2e.test_learning_blocks import (
    learner,
    workbench,  # noqa: F401 - the fixture that loads the course units
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Clusters of each script that only shape right as one glyph stack: a consonant with a
# subscript (Khmer coeng, Burmese virama) is narrower than its letters drawn apart.
STACKED = {"km": "ស្ត្រី", "my": "မ္မ"}

BOXES = """([text, family]) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const pen = canvas.getContext('2d', {willReadFrequently: true});
  pen.font = `32px ${family}`;
  const draw = c => {
    pen.clearRect(0, 0, 64, 64);
    pen.fillText(c, 8, 44);
    return pen.getImageData(0, 0, 64, 64).data.join();
  };
  const box = draw('\\u0378');
  const clusters = new Set([...new Intl.Segmenter().segment(text)].map(s => s.segment));
  return [...clusters].filter(c => c.trim() && draw(c) === box);
}"""

APART = """([text, font]) => {
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = font;
  const width = t => canvas.measureText(t).width;
  return [width(text), [...text].reduce((sum, c) => sum + width(c), 0)];
}"""


BLOCKS = {"case": "commit_case_scenario", "simulation": "commit_interview_sim"}


def _unit_number(course: str, kind: str) -> int:
    """The scenario number of the course's first unit holding a block of ``kind`` (the
    same in every language)."""
    units = workbench_units()[course]
    tag = f"<{BLOCKS[kind]}"
    return next(i for i, (_, olx) in enumerate(units, start=1) if tag in olx)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.mark.parametrize("kind", list(BLOCKS))
@pytest.mark.parametrize(("course", "language"), [("ntp-kh", "km"), ("tot", "my")])
def test_a_translated_unit_has_no_missing_glyph(phone, workbench, course, language, kind):  # noqa: F811
    page = phone
    page.context.add_cookies([{"name": "django_language", "value": language, "url": workbench.url}])
    number = _unit_number(course, kind)
    page.goto(
        f"{workbench.url}/workbench/scenario/course-{course}.{number:03d}/?student={learner()}"
    )
    assert f"/course-{course}.{language}.{number:03d}/" in page.url
    page.locator(".commit-block").first.wait_for()
    assert page.locator("html").get_attribute("lang") == language
    if kind == "simulation":  # one step: the learner's choice and what the person says back
        page.locator("button[data-choice]").first.tap()
        page.locator(".commit-result").first.wait_for()
    text = page.locator("body").inner_text()
    font = page.evaluate("getComputedStyle(document.body).font")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate(BOXES, ["x\u0378", family]) == ["\u0378"]  # the check sees a box
    assert page.evaluate(BOXES, [text, family]) == []
    together, apart = page.evaluate(APART, [STACKED[language], font])
    assert together < apart * 0.9, (together, apart)
    notice = page.locator(".commit-translation-notice")
    if notice.count():
        notice.locator("summary").first.tap()
        assert notice.locator("details div[lang=en]").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"phone-{course}-{language}-{kind}.png", full_page=True)
