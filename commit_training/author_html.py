"""Author content in OLX: read it from an element, keep it as written, show it sanitised.

Authors write plain text or a small HTML subset inside the blocks' OLX elements. The
blocks keep what was written (so that export gives it back) and sanitise it on the
server every time it is shown: anything outside the subset, scripts, event handlers and
``javascript:`` links are removed.
"""

from __future__ import annotations

import functools

import nh3
from lxml import etree

ALLOWED_TAGS = frozenset(
    {"p", "ul", "ol", "li", "em", "strong", "br", "a", "blockquote", "span", "b", "i"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}}


@functools.lru_cache(maxsize=4096)
def clean(html: str) -> str:
    """``html`` reduced to the allowed subset; links open safely."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def inner_markup(element: etree._Element, *, skip: frozenset[str] = frozenset()) -> str:
    """The text and markup inside ``element``, leaving out child elements named in ``skip``.

    The tail text of a skipped child is kept, so ``<option>Label<feedback>..</feedback>
    </option>`` gives ``Label``.
    """
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in skip:
            parts.append(child.tail or "")
            continue
        if not isinstance(child.tag, str):  # comments and processing instructions
            parts.append(child.tail or "")
            continue
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return " ".join("".join(parts).split())


def child_markup(element: etree._Element, tag: str) -> str:
    """The inner markup of the first child named ``tag``, or an empty string."""
    child = element.find(tag)
    return "" if child is None else inner_markup(child)
