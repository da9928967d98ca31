"""A course evaluation's items, read from its OLX content."""

from __future__ import annotations

import functools

from commit_training.author_html import inner_markup
from commit_training.knowledge_check.content import checked_id
from commit_training.olx import ContentError, choice, content_root
from commit_training.scoring.evaluation import Item, Scale

SCALES = tuple(s.value for s in Scale)


@functools.lru_cache(maxsize=256)
def parse(content_xml: str) -> tuple[Item, ...]:
    root = content_root("commit_course_evaluation", content_xml)
    items = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if element.tag == "likert":
            items.append(
                Item(
                    id=checked_id(element),
                    kind="likert",
                    prompt=inner_markup(element),
                    scale=Scale(choice(element, "scale", SCALES, "agreement")),
                )
            )
        elif element.tag == "text":
            raw = element.get("max_length", "2000")
            if not raw.isdigit() or not 1 <= int(raw) <= 10000:
                raise ContentError(
                    f"<text id={element.get('id')!r}> line {element.sourceline}: max_length "
                    f"{raw!r} must be a whole number from 1 to 10000"
                )
            items.append(
                Item(
                    id=checked_id(element),
                    kind="text",
                    prompt=inner_markup(element),
                    max_length=int(raw),
                )
            )
        else:
            raise ContentError(
                f"line {element.sourceline}: <{element.tag}> does not belong in an evaluation; "
                "use <likert> or <text>"
            )
    return tuple(items)


def problems(items: tuple[Item, ...]) -> list[str]:
    found = [] if items else ["the evaluation has no <likert> or <text> item"]
    ids = [item.id for item in items]
    found.extend(
        f"two items have the id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})
    )
    found.extend(f"item {item.id!r} has no question" for item in items if not item.prompt)
    return found
