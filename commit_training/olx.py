"""Reading and writing the blocks' OLX with lxml.

Each block keeps the elements inside its OLX tag as one string field (``content_xml``):
the source a course team reviews, edits in Studio and gets back on export, unchanged.
The block's settings are the tag's attributes. Parsing the content into the scoring
cores' dataclasses happens in each block's ``content`` module, cached on the string.
"""

from __future__ import annotations

from lxml import etree

PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)


class ContentError(ValueError):
    """Content that cannot be read; the message names the element and what is wrong."""


def content_root(tag: str, content_xml: str) -> etree._Element:
    """Parse the stored inner content back under an element named ``tag``."""
    try:
        return etree.fromstring(f"<{tag}>{content_xml}</{tag}>", PARSER)
    except etree.XMLSyntaxError as error:
        raise ContentError(f"the content is not well-formed XML: {error}") from None


def inner_xml(node: etree._Element) -> str:
    """The children of ``node`` (and the text between them) as a string."""
    text = node.text or ""
    return (text + "".join(etree.tostring(child, encoding="unicode") for child in node)).strip()


def append_inner_xml(node: etree._Element, content_xml: str) -> None:
    """Add the stored content back under ``node`` for export."""
    if not content_xml.strip():
        return
    wrapper = content_root(node.tag, content_xml)
    node.text = wrapper.text
    for child in wrapper:
        node.append(child)


def required(element: etree._Element, attribute: str) -> str:
    value = element.get(attribute)
    if value is None or not value.strip():
        raise ContentError(f"{_where(element)} needs a {attribute!r} attribute")
    return value.strip()


def choice(element: etree._Element, attribute: str, allowed, default: str | None = None) -> str:
    value = element.get(attribute, default)
    if value not in allowed:
        raise ContentError(
            f"{_where(element)}: {attribute}={value!r} is not one of {', '.join(allowed)}"
        )
    return value


def flag(element: etree._Element, attribute: str, default: bool = False) -> bool:
    value = element.get(attribute)
    if value is None:
        return default
    if value.lower() in {"true", "yes", "1"}:
        return True
    if value.lower() in {"false", "no", "0"}:
        return False
    raise ContentError(f"{_where(element)}: {attribute}={value!r} must be true or false")


def _where(element: etree._Element) -> str:
    ident = element.get("id")
    line = f" (line {element.sourceline})" if element.sourceline else ""
    return f"<{element.tag}{f' id={ident!r}' if ident else ''}>{line}"
