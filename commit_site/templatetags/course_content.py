"""``{{ scenario_id|content_language }}``: the language of a workbench unit's course text.

A course unit is English (``course-<name>.<nnn>``) or in its translation's language
(``course-<name>.<language>.<nnn>``, as an HTML language tag); other scenarios have no
course text and give ``""``. The page marks its main content with it, so that a screen
reader reads an English unit in English under a Khmer interface.
"""

from django import template

from commit_site.course_language import COURSE_UNIT

register = template.Library()
HTML_TAG = {"zh_Hans": "zh-Hans"}


@register.filter
def content_language(scenario_id: str) -> str:
    match = COURSE_UNIT.match(str(scenario_id))
    if match is None:
        return ""
    language = match["language"]
    return HTML_TAG.get(language, language) if language else "en"
