"""The blocks in the six languages of the region: catalogues complete, pages translated."""

import re
from pathlib import Path

import block_runtime
import pytest
from block_runtime import Course
from django.test import Client
from django.utils import translation

from commit_training import i18n_js

LOCALE_DIR = Path(i18n_js.__file__).parent / "conf" / "locale"
LANGUAGES = ["km", "lo", "my", "th", "vi", "zh-hans"]
FOLDERS = {"zh-hans": "zh_Hans"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%|\{[a-z_]+\}")

# One string each block shows on its first page, with its translation in each language.
FIRST_PAGE = {
    "knowledge check: before": "Submit answers",
    "case: the fishing boat": "Read on",
    "interview: a worker who wants to stop": "What do you do?",
    "course evaluation": "Send my answers",
}
EXPECTED = {
    "Submit answers": {
        "km": "ដាក់ស្នើចម្លើយ",
        "lo": "ສົ່ງຄຳຕອບ",
        "my": "အဖြေများ တင်သွင်းပါ",
        "th": "ส่งคำตอบ",
        "vi": "Nộp câu trả lời",
        "zh-hans": "提交答案",
    },
    "Read on": {
        "km": "អានបន្ត",
        "lo": "ອ່ານຕໍ່",
        "my": "ဆက်ဖတ်ပါ",
        "th": "อ่านต่อ",
        "vi": "Đọc tiếp",
        "zh-hans": "继续阅读",
    },
    "What do you do?": {
        "km": "តើអ្នកធ្វើអ្វី?",
        "lo": "ທ່ານຈະເຮັດແນວໃດ?",
        "my": "သင် ဘာလုပ်မည်နည်း။",
        "th": "คุณจะทำอย่างไร",
        "vi": "Bạn sẽ làm gì?",
        "zh-hans": "你会怎么做？",
    },
    "Send my answers": {
        "km": "ផ្ញើចម្លើយរបស់ខ្ញុំ",
        "lo": "ສົ່ງຄຳຕອບຂອງຂ້ອຍ",
        "my": "ကျွန်ုပ်၏ အဖြေများကို ပို့ပါ",
        "th": "ส่งคำตอบ",
        "vi": "Gửi câu trả lời",
        "zh-hans": "提交我的答复",
    },
}


def catalogue(language, domain="django"):
    folder = FOLDERS.get(language, language)
    path = LOCALE_DIR / folder / "LC_MESSAGES" / f"{domain}.po"
    return i18n_js.parse_po(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language, domain):
    entries = [entry for entry in catalogue(language, domain) if entry.msgid]
    assert len(entries) >= (100 if domain == "django" else 2)
    assert i18n_js.plural_rule(catalogue(language, domain)) == "nplurals=1; plural=0;"
    for entry in entries:
        assert not entry.fuzzy, entry.msgid
        assert len(entry.translations) == 1, entry.msgid
        (translated,) = entry.translations
        assert translated.strip(), f"{language}: {entry.msgid!r} has no translation"
        assert translated != entry.msgid or PLACEHOLDER.sub("", entry.msgid).strip(" =n") == ""
        for source in filter(None, [entry.msgid, entry.msgid_plural]):
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), (
                f"{language}: placeholders of {source!r} differ in {translated!r}"
            )


@pytest.mark.parametrize("language", ["km", "lo", "my"])
def test_drafts_awaiting_native_review_say_so_in_the_header(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert "awaits review by native-speaking trainers" in path.read_text(encoding="utf-8")


@pytest.fixture
def django_i18n(monkeypatch):
    """The test runtime's i18n service, answering with Django's active language."""
    monkeypatch.setattr(block_runtime.I18n, "gettext", lambda self, text: translation.gettext(text))
    monkeypatch.setattr(
        block_runtime.I18n,
        "ngettext",
        lambda self, singular, plural, n: translation.ngettext(singular, plural, n),
    )


CHECK = (
    '<commit_knowledge_check url_name="kc" display_name="Check" assessment_id="core" '
    'phase="pre"><question id="q" kind="single"><prompt>Which?</prompt>'
    '<option id="a" correct="true">A</option><option id="b">B</option></question>'
    "</commit_knowledge_check>"
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_student_view_follows_the_active_language(language, django_i18n):
    block = Course(CHECK).learner("amara")
    with translation.override(language):
        fragment = block.student_view({})
    html = fragment.content
    scripts = [
        resource.data
        for resource in fragment.resources
        if resource.mimetype == "application/javascript"
    ]
    catalogue = f"static/js/translations/{translation.to_locale(language)}/text.js"
    assert [i for i, url in enumerate(scripts) if url.endswith(catalogue)] == [0], scripts
    assert scripts[1].endswith("static/js/commit_blocks.js")  # after the catalogue it reads
    assert EXPECTED["Submit answers"][language] in html
    assert "Submit answers" not in html
    assert "This check is not graded" not in html


def test_english_pages_load_no_catalogue(django_i18n):
    block = Course(CHECK).learner("amara")
    with translation.override("en"):
        fragment = block.student_view({})
    assert not [r for r in fragment.resources if "translations/" in str(r.data)]


@pytest.fixture
def _scenarios():
    from workbench.scenarios import get_scenarios, init_scenarios

    init_scenarios()
    get_scenarios.initialized = True


def workbench_page(client, title_fragment):
    index = client.get("/workbench/").content.decode()
    links = re.findall(r'<a href="(/workbench/scenario/[^"]+/)">([^<]+)</a>', index)
    (href,) = [href for href, title in links if title_fragment in title]
    page = client.get(f"{href}?student=amara")
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("_scenarios")
@pytest.mark.parametrize("language", LANGUAGES)
def test_workbench_shows_every_block_in_the_language_the_site_is_set_to(language):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": language, "next": "/workbench/"})
    assert response.status_code == 302
    for title_fragment, english in FIRST_PAGE.items():
        html = workbench_page(client, title_fragment)
        assert EXPECTED[english][language] in html, (language, title_fragment)
        assert f"translations/{translation.to_locale(language)}/text.js" in html
        assert f">{english}<" not in html and f"{english}</" not in html, (language, english)


def test_browser_catalogues_define_the_blocks_namespace_for_their_strings(tmp_path):
    written = i18n_js.build(output_dir=tmp_path)
    assert sorted(path.parent.name for path in written) == sorted(
        FOLDERS.get(language, language) for language in LANGUAGES
    )
    thai = (tmp_path / "th" / "text.js").read_text(encoding="utf-8")
    assert "global.CommitTrainingI18N = {gettext: gettext, ngettext: ngettext" in thai
    assert '"Error": "ข้อผิดพลาด"' in thai
    shipped = i18n_js.OUTPUT_DIR / "th" / "text.js"
    assert shipped.read_text(encoding="utf-8") == thai, "run make compile_translations"


def test_a_catalogue_with_another_plural_rule_is_refused(tmp_path):
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "djangojs.po").write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
        encoding="utf-8",
    )
    with pytest.raises(i18n_js.CatalogueError, match=r"xx/LC_MESSAGES/djangojs\.po: Plural-Forms"):
        i18n_js.build(locale_dir=tmp_path, output_dir=tmp_path / "out")


def test_fuzzy_and_untranslated_entries_stay_in_english():
    entries = i18n_js.parse_po(
        '#, fuzzy\nmsgid "Error"\nmsgstr "X"\n\nmsgid "Error %(status)s"\nmsgstr ""\n'
    )
    assert i18n_js.catalogue_for(entries, {"Error", "Error %(status)s"}) == {}
