"""The quiet line a translated unit shows while its translation is not final.

A unit of a translated course rests on the English strings its text was translated from
(:attr:`.course_model.Unit.messages`). When one of them has no translation the build can
use (empty, fuzzy or missing: the learner reads English there), the unit says *Parts of
this unit are not yet translated*; otherwise, when one is still a draft, it says *This
translation is a draft under review*. A unit whose strings are all reviewed or approved
says nothing. Under the line, a native ``<details>`` element holds the English text of
the unit's pages (and the stages of its cases), marked ``lang="en"``, so that a learner
can read the source by keyboard or screen reader without leaving the page.

The notice's own words are in :data:`NOTICES`, one row per language of the catalogues.
"""

from __future__ import annotations

from lxml import etree

from .course_model import Component, Course, Unit
from .review_status import ReviewState, Status

DRAFT = "draft"
UNTRANSLATED = "untranslated"
ENGLISH = "english"
NOTICES: dict[str, dict[str, str]] = {
    "km": {
        DRAFT: "ការបកប្រែនេះជាសេចក្តីព្រាងដែលកំពុងត្រូវបានពិនិត្យ។",
        UNTRANSLATED: "ផ្នែកខ្លះនៃមេរៀននេះមិនទាន់បានបកប្រែនៅឡើយទេ។",
        ENGLISH: "អត្ថបទដើមជាភាសាអង់គ្លេស",
    },
    "lo": {
        DRAFT: "ການແປນີ້ເປັນຮ່າງທີ່ກຳລັງຖືກກວດກາ.",
        UNTRANSLATED: "ບາງສ່ວນຂອງບົດຮຽນນີ້ຍັງບໍ່ທັນໄດ້ແປ.",
        ENGLISH: "ຕົ້ນສະບັບພາສາອັງກິດ",
    },
    "my": {
        DRAFT: "ဤဘာသာပြန်ချက်သည် ပြန်လည်စိစစ်ဆဲ မူကြမ်းဖြစ်သည်။",
        UNTRANSLATED: "ဤသင်ခန်းစာ၏ အချို့အပိုင်းများကို ဘာသာမပြန်ရသေးပါ။",
        ENGLISH: "အင်္ဂလိပ်မူရင်း",
    },
    "th": {
        DRAFT: "คำแปลนี้เป็นฉบับร่างที่อยู่ระหว่างการตรวจทาน",
        UNTRANSLATED: "บางส่วนของบทเรียนนี้ยังไม่ได้แปล",
        ENGLISH: "ต้นฉบับภาษาอังกฤษ",
    },
    "vi": {
        DRAFT: "Bản dịch này là bản nháp đang được rà soát.",
        UNTRANSLATED: "Một số phần của bài này chưa được dịch.",
        ENGLISH: "Bản gốc tiếng Anh",
    },
    "zh_Hans": {
        DRAFT: "本译文为草稿，正在审校中。",
        UNTRANSLATED: "本单元部分内容尚未翻译。",
        ENGLISH: "英文原文",
    },
}
# The language tags of HTML (BCP 47) for the catalogue languages.
BCP47 = {"zh_Hans": "zh-Hans"}
FINAL = (ReviewState.REVIEWED, ReviewState.APPROVED)


def unit_state(messages: tuple[str, ...], statuses: dict[str, Status]) -> str | None:
    """:data:`UNTRANSLATED`, :data:`DRAFT` or ``None`` (final) for a unit's strings."""
    states = [statuses[m].state if m in statuses else ReviewState.UNTRANSLATED for m in messages]
    if any(s in (ReviewState.UNTRANSLATED, ReviewState.CHANGED) for s in states):
        return UNTRANSLATED
    if any(s not in FINAL for s in states):
        return DRAFT
    return None


def add_notices(
    course: Course, english: Course, statuses: dict[str, Status], language: str
) -> None:
    """Put the notice at the top of every unit of ``course`` whose translation is not final.

    ``english`` is the same course built untranslated; its units have the same ids.
    """
    english_units = {
        unit.id: unit for c in english.chapters for s in c.sections for unit in s.units
    }
    for chapter in course.chapters:
        for section in chapter.sections:
            for unit in section.units:
                state = unit_state(unit.messages, statuses)
                if state is not None and unit.id in english_units:
                    notice = _notice(unit, english_units[unit.id], state, language)
                    unit.components.insert(0, notice)


def _notice(unit: Unit, english: Unit, state: str, language: str) -> Component:
    words = NOTICES[language]
    box = etree.Element(
        "div", attrib={"class": "commit-translation-notice", "lang": BCP47.get(language, language)}
    )
    line = etree.SubElement(box, "p", attrib={"class": "commit-translation-notice-line"})
    line.text = words[state]
    details = etree.SubElement(box, "details")
    etree.SubElement(details, "summary").text = words[ENGLISH]
    source = etree.SubElement(details, "div", lang="en")
    for component in english.components:
        if component.tag == "html":
            for element in component.body:
                source.append(_copy(element))
        else:
            for stage in component.body[0].iter("stage"):
                heading = etree.SubElement(source, "p")
                etree.SubElement(heading, "strong").text = stage.get("title", "")
                body = etree.SubElement(source, "div")
                body.text = stage.text
                for child in stage:
                    body.append(_copy(child))
    return Component(f"{unit.id}_translation_notice", unit.title, "html", [box])


def _copy(element: etree._Element) -> etree._Element:
    copied = etree.fromstring(etree.tostring(element, with_tail=False))
    return copied
