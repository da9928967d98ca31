"""Author text: Markdown in the sources, a small safe XHTML subset in the OLX.

Course pages (``text`` components) may use the whole of CommonMark plus tables; text
inside the interactive blocks may only use what the blocks keep after sanitising (p, ul,
ol, li, em, strong, br, a[href], blockquote), so :func:`block_text` refuses the rest
at build time rather than letting it vanish at learner time.
"""

from __future__ import annotations

import re

from lxml import etree
from markdown_it import MarkdownIt

_PAGE = MarkdownIt("commonmark", {"xhtmlOut": True, "html": False}).enable("table")
_BLOCK = MarkdownIt("commonmark", {"xhtmlOut": True, "html": False})
for _renderer in (_PAGE, _BLOCK):
    # A line break inside a paragraph is a space, as in the rendered page.
    _renderer.add_render_rule("softbreak", lambda *_args: " ")
BLOCK_TAGS = frozenset({"p", "ul", "ol", "li", "em", "strong", "br", "a", "blockquote"})
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")


class TextError(ValueError):
    """Text that cannot go where it was written; the message says why."""


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace each ``{{ name }}`` by ``values[name]``; an unknown name is a TextError."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise TextError(
                f"placeholder {{{{{name}}}}} has no value in this course "
                "(declare it under 'placeholders' in the course file)"
            )
        return values[name]

    return _PLACEHOLDER.sub(value, text)


def placeholders_in(text: str) -> list[str]:
    """The names of the ``{{ placeholders }}`` in ``text``, in order."""
    return [match.group(1) for match in _PLACEHOLDER.finditer(text)]


def page_html(markdown: str) -> list[etree._Element]:
    """A course page's Markdown as a list of XHTML elements (paragraphs, lists, tables)."""
    return _elements(_PAGE.render(markdown))


def block_text(markdown: str) -> tuple[str | None, list[etree._Element]]:
    """Text for inside a block: plain text for a single plain paragraph, else elements.

    Returns ``(text, [])`` when the Markdown is one paragraph without markup, and
    ``(None, elements)`` otherwise; tags outside :data:`BLOCK_TAGS` raise TextError.
    """
    elements = _elements(_BLOCK.render(markdown))
    for element in elements:
        for node in element.iter():
            if node.tag not in BLOCK_TAGS:
                raise TextError(
                    f"<{node.tag}> is not allowed inside a block "
                    f"(allowed: {', '.join(sorted(BLOCK_TAGS))})"
                )
    if len(elements) == 1 and elements[0].tag == "p" and len(elements[0]) == 0:
        return elements[0].text or "", []
    return None, elements


def _elements(xhtml: str) -> list[etree._Element]:
    wrapper = etree.fromstring(f"<div>{xhtml}</div>")
    return list(wrapper)
