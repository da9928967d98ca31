"""The blocks in the six languages of the region: catalogues complete, pages translated."""

import json
import re
from pathlib import Path

import block_runtime
import pytest
from block_runtime import Course
from browser_scripts import evaluate
from django.test import Client
from django.utils import translation

from commit_training import i18n_js, views

PACKAGE_DIR = Path(i18n_js.__file__).parent
LOCALE_DIR = PACKAGE_DIR / "conf" / "locale"
RUNTIME = "static/js/i18n_runtime.js"
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


def page_scripts(fragment):
    """The URLs of the scripts a block's fragment puts on the page, in order."""
    return [r.data for r in fragment.resources if r.mimetype == "application/javascript"]


def script_file(url):
    """The package file the test runtime serves at ``url`` (``/resource/<uri>``)."""
    return PACKAGE_DIR / url.removeprefix("/resource/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_student_view_follows_the_active_language(language, django_i18n):
    block = Course(CHECK).learner("amara")
    with translation.override(language):
        fragment = block.student_view({})
    html = fragment.content
    scripts = page_scripts(fragment)
    catalogue = f"static/js/translations/{translation.to_locale(language)}/text.js"
    # the runtime, the catalogue that registers with it, the blocks' script that reads it
    assert scripts == [f"/resource/{RUNTIME}", f"/resource/{catalogue}", scripts[2]], scripts
    assert scripts[2].endswith("static/js/commit_blocks.js")
    assert EXPECTED["Submit answers"][language] in html
    assert "Submit answers" not in html
    assert "This check is not graded" not in html


def test_english_pages_load_the_runtime_and_no_catalogue(django_i18n):
    block = Course(CHECK).learner("amara")
    with translation.override("en"):
        fragment = block.student_view({})
    assert page_scripts(fragment) == [
        f"/resource/{RUNTIME}",
        "/resource/static/js/commit_blocks.js",
    ]


def js_messages(language):
    """msgid -> translation of the browser messages in ``language``'s djangojs.po."""
    return {
        entry.msgid: entry.translations[0]
        for entry in catalogue(language, "djangojs")
        if entry.msgid in i18n_js.strings_in_scripts()
    }


MISSING = "A message no catalogue has"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scripts_a_block_loads_translate_its_messages_and_keep_english_for_the_rest(
    language, django_i18n
):
    block = Course(CHECK).learner("amara")
    with translation.override(language):
        urls = page_scripts(block.student_view({}))[:-1]  # commit_blocks.js needs a DOM
    scripts = [(url, script_file(url).read_text(encoding="utf-8")) for url in urls]
    messages = js_messages(language)
    assert set(messages) == {"Error", "Error %(status)s"}
    values = evaluate(
        scripts,
        [f"CommitTrainingI18N.gettext({json.dumps(msgid)})" for msgid in messages]
        + [
            f"CommitTrainingI18N.gettext({json.dumps(MISSING)})",
            'CommitTrainingI18N.ngettext("one answer", "%(n)s answers", 1)',
            'CommitTrainingI18N.ngettext("one answer", "%(n)s answers", 4)',
            'CommitTrainingI18N.gettext("constructor")',
            "CommitTrainingI18N.language",
        ],
    )
    assert values[: len(messages)] == list(messages.values())
    assert all(translated not in {"Error", "Error %(status)s"} for translated in values[:2])
    assert values[len(messages) :] == [
        MISSING,
        "one answer",
        "%(n)s answers",
        "constructor",
        translation.to_locale(language),
    ]


def test_without_a_catalogue_the_runtime_answers_in_english():
    runtime = (PACKAGE_DIR / RUNTIME).read_text(encoding="utf-8")
    values = evaluate(
        [(RUNTIME, runtime)],
        [
            'CommitTrainingI18N.gettext("Error")',
            'CommitTrainingI18N.ngettext("one answer", "%(n)s answers", 1)',
            'CommitTrainingI18N.ngettext("one answer", "%(n)s answers", 0)',
            "[CommitTrainingI18N.pluralidx(1), CommitTrainingI18N.pluralidx(2)]",
        ],
    )
    assert values == ["Error", "one answer", "%(n)s answers", [0, 1]]


def test_a_registered_language_takes_its_one_plural_form_for_every_count():
    runtime = (PACKAGE_DIR / RUNTIME).read_text(encoding="utf-8")
    thai = i18n_js.render_text_js({"%(n)s answer": ["%(n)s คำตอบ"], "Error": "ข้อผิดพลาด"}, "th")
    values = evaluate(
        [(RUNTIME, runtime), ("th/text.js", thai)],
        [
            'CommitTrainingI18N.ngettext("%(n)s answer", "%(n)s answers", 1)',
            'CommitTrainingI18N.ngettext("%(n)s answer", "%(n)s answers", 7)',
            "CommitTrainingI18N.pluralidx(7)",
        ],
    )
    assert values == ["%(n)s คำตอบ", "%(n)s คำตอบ", 0]


# What an LMS that compiles the blocks' messages itself serves (OEP-58): a catalogue that
# brings its own gettext and sets the namespace to a new object. A stand-in, written here.
COMPILED = """
(function (global) {
  var messages = {"Error": "ERROR (compiled by the LMS)"};
  global.CommitTrainingI18N = {
    gettext: function (msgid) { return messages[msgid] || msgid; }
  };
})(this);
"""


def test_a_second_block_on_the_page_leaves_the_loaded_catalogue_in_place():
    runtime = (PACKAGE_DIR / RUNTIME).read_text(encoding="utf-8")
    thai = (i18n_js.OUTPUT_DIR / "th" / "text.js").read_text(encoding="utf-8")
    shipped = [(RUNTIME, runtime), ("th/text.js", thai), (RUNTIME, runtime)]
    compiled = [(RUNTIME, runtime), ("compiled.js", COMPILED), (RUNTIME, runtime)]
    gettext = ['CommitTrainingI18N.gettext("Error")']
    assert evaluate(shipped, gettext) == [js_messages("th")["Error"]]
    assert evaluate(compiled, gettext) == ["ERROR (compiled by the LMS)"]


class CompilingI18n(block_runtime.I18n):
    """An LMS i18n service that compiled the blocks' browser messages (Redwood and later)."""

    def get_javascript_i18n_catalog_url(self, block):
        assert block.get_i18n_js_namespace() == "CommitTrainingI18N"
        return "/static/js/xblock.v1-i18n/commit_training/th.js"


def test_a_catalogue_the_lms_compiled_replaces_the_shipped_one(monkeypatch):
    block = Course(CHECK).learner("amara")
    monkeypatch.setitem(block.runtime._services, "i18n", CompilingI18n())
    with translation.override("th"):
        scripts = page_scripts(block.student_view({}))
    assert scripts[:2] == [
        f"/resource/{RUNTIME}",
        CompilingI18n().get_javascript_i18n_catalog_url(block),
    ]
    assert not [url for url in scripts if "translations/" in url]
    assert views.catalogue_url(block, "th") == scripts[1]


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
        catalogue = f"static/js/translations/{translation.to_locale(language)}/text.js"
        for served in (RUNTIME, catalogue):  # from the blocks' public folder, as the LMS does
            (url,) = set(re.findall(rf"""src=["']([^"']*{re.escape(served)})["']""", html))
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response) if response.streaming else response.content
            assert body == (PACKAGE_DIR / served).read_bytes(), url
        assert f">{english}<" not in html and f"{english}</" not in html, (language, english)


def test_browser_catalogues_hold_their_language_s_messages_and_no_code(tmp_path):
    written = i18n_js.build(output_dir=tmp_path)
    assert sorted(path.parent.name for path in written) == sorted(
        FOLDERS.get(language, language) for language in LANGUAGES
    )
    assert {path.name for path in tmp_path.rglob("*") if path.is_file()} == {"text.js"}
    wanted = i18n_js.strings_in_scripts()
    for language in LANGUAGES:
        folder = FOLDERS.get(language, language)
        script = (tmp_path / folder / "text.js").read_text(encoding="utf-8")
        call = re.fullmatch(
            r"/\*[^*]*\*/\nwindow\.CommitTrainingI18N\.register\((\"[^\"]+\"), (\{.*\})\);\n",
            script,
            re.DOTALL,
        )
        assert call, script
        assert json.loads(call.group(1)) == folder
        data = json.loads(call.group(2))
        assert data == i18n_js.catalogue_for(catalogue(language, "djangojs"), wanted)
        assert data["Error"] == js_messages(language)["Error"] != "Error"
        assert "function" not in script and "=>" not in script
        shipped = i18n_js.OUTPUT_DIR / folder / "text.js"
        assert shipped.read_text(encoding="utf-8") == script, "run make compile_translations"


def test_one_hand_written_runtime_defines_gettext_for_every_language():
    scripts = sorted((PACKAGE_DIR / "static").rglob("*.js"))
    defining = [path.name for path in scripts if "function ngettext" in path.read_text("utf-8")]
    assert defining == ["i18n_runtime.js"]
    runtime = (PACKAGE_DIR / RUNTIME).read_text(encoding="utf-8")
    assert "Generated" not in runtime and "do not edit" not in runtime
    assert "register" in runtime and "ข้อผิดพลาด" not in runtime  # no messages of its own
    assert i18n_js.RUNTIME == PACKAGE_DIR / RUNTIME == PACKAGE_DIR / views.I18N_RUNTIME


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
