"""What building one course needs to know while it reads the sources.

A :class:`CourseContext` carries the curriculum folder, the indicator catalogue, the
course's placeholder values and its translator (noting each string it translates), and
turns author text (Markdown with
``{{ placeholders }}``) into XHTML for the OLX, raising :class:`CurriculumError` at the
line where the text was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .bibliography import Bibliography
from .indicator_catalogue import IndicatorCatalogue
from .markdown_text import TextError, block_text, page_html, placeholders_in, substitute
from .rubric import Rubric
from .sources import SourceMap, load_yaml, require

Translator = Callable[[str], str]


def untranslated(text: str) -> str:
    """The English source as it is."""
    return text


@dataclass
class CourseContext:
    """The sources of one course build: where they are and how text is rendered."""

    root: Path
    catalogue: IndicatorCatalogue
    bibliography: Bibliography = field(default_factory=lambda: Bibliography({}))
    placeholders: dict[str, str] = field(default_factory=dict)
    # The references each placeholder's value rests on (a national course's facts).
    placeholder_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    translate: Translator = untranslated
    # A national course's own questions (:func:`.national.pack_questions`), and the pack's
    # name, which starts each of their ids.
    national_questions: Path | None = None
    national_prefix: str = ""
    # The observation rubric the course names (``rubric:`` in course.yaml), if any.
    rubric: Rubric | None = None
    # Every English string passed to the translator, in order: a unit's share of it is
    # what its translation status rests on (:attr:`.course_model.Unit.messages`).
    heard: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        given = self.translate

        def translate(text: str) -> str:
            self.heard.append(text)
            return given(text)

        self.translate = translate

    def shown(self, path: Path) -> Path:
        """``path`` as errors show it: relative to the curriculum folder's parent."""
        try:
            return path.relative_to(self.root.parent)
        except ValueError:
            return path

    def load(self, path: Path) -> SourceMap:
        return load_yaml(path, display=self.shown(path))

    def include(self, mapping: SourceMap, key: str) -> tuple[SourceMap, Path]:
        """Load the file named by ``mapping[key]``, relative to the file of ``mapping``."""
        name = require(mapping, key)
        base = self.root.parent / mapping.path
        path = (base.parent / name).resolve()
        if not path.is_file():
            raise mapping.error(key, f"{key} file {name!r} does not exist")
        return self.load(path), path

    def plain(self, mapping: SourceMap, key: str) -> str:
        """Required text, translated, placeholders filled, kept as plain text."""
        return self._prepare(mapping, key).strip()

    def page(self, mapping: SourceMap, key: str) -> list[etree._Element]:
        """Required Markdown rendered as course-page XHTML elements."""
        return page_html(self._prepare(mapping, key))

    def fill(self, element: etree._Element, mapping: SourceMap, key: str) -> etree._Element:
        """Put the text at ``key`` inside ``element`` in the blocks' safe subset."""
        try:
            text, children = block_text(self._prepare(mapping, key))
        except TextError as error:
            raise mapping.error(key, str(error)) from None
        if text is not None:
            element.text = (element.text or "") + text
        else:
            element.extend(children)
        return element

    def english(self, text: str) -> str:
        """Author text as the English course shows it: placeholders filled, untranslated."""
        try:
            return substitute(text, self.placeholders)
        except TextError:
            return text

    def sources_of_placeholders(self, text: str) -> tuple[str, ...]:
        """The references behind the placeholders ``text`` uses, in order of use."""
        found: dict[str, None] = {}
        for name in placeholders_in(text):
            for key in self.placeholder_sources.get(name, ()):
                found.setdefault(key, None)
        return tuple(found)

    def _prepare(self, mapping: SourceMap, key: str) -> str:
        text = require(mapping, key)
        try:
            return substitute(self.translate(text), self.placeholders)
        except TextError as error:
            raise mapping.error(key, str(error)) from None
