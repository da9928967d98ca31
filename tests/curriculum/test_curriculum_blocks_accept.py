"""Every block the courses declare is read by the real COMMIT block without an authoring
error, as Studio validation would report it after an import."""

from __future__ import annotations

import pytest
from lxml import etree
from xblock.runtime import DictKeyValueStore, KvsFieldData, MemoryIdManager, Runtime

from curriculum_build import build_course, course_names


class _Translations:
    def gettext(self, text):
        return text

    def ngettext(self, singular, plural, n):
        return singular if n == 1 else plural

    def get_language(self):
        return "en"


class _AuthorRuntime(Runtime):
    """An in-memory runtime with only what parsing and validation need."""

    def __init__(self):
        ids = MemoryIdManager()
        super().__init__(
            ids,
            ids,
            services={"field-data": KvsFieldData(DictKeyValueStore()), "i18n": _Translations()},
        )

    def handler_url(self, *args, **kwargs):
        return "/handler"

    def local_resource_url(self, block, uri):
        return f"/resource/{uri}"

    def resource_url(self, resource):
        return f"/resource/{resource}"

    def publish(self, block, event_type, event_data):
        raise AssertionError("nothing is published while authoring")


def _declared_blocks():
    """Each block once, from the first course that declares it."""
    seen: set[str] = set()
    for name in course_names():
        for component in build_course(name).course.components():
            if component.tag != "html" and component.url_name not in seen:
                seen.add(component.url_name)
                yield pytest.param(component.body[0], id=f"{name}-{component.url_name}")


@pytest.mark.parametrize("element", list(_declared_blocks()))
def test_the_block_reads_the_declaration_with_no_authoring_error(element):
    runtime = _AuthorRuntime()
    block = runtime.get_block(runtime.parse_xml_string(etree.tostring(element).decode()))
    assert block.display_name == element.get("display_name")
    messages = [m.text for m in block.validate().messages]
    assert messages == []
