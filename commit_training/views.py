"""Rendering shared by the blocks: the root wrapper, fragments, safe author markup."""

from __future__ import annotations

import functools
from pathlib import Path

from django.utils.safestring import mark_safe
from django.utils.translation import to_locale
from web_fragments.fragment import Fragment

from commit_training import author_html
from commit_training.base import render

_PACKAGE_DIR = Path(__file__).resolve().parent
I18N_RUNTIME = "static/js/i18n_runtime.js"  # window.CommitTrainingI18N: gettext and friends


@functools.lru_cache(maxsize=4096)
def safe(markup: str) -> str:
    """Author markup, sanitised, ready for a template.

    Kept per markup (a string cannot change): a learner's feedback shows the same prompts
    and options on every request, and marking each anew was a tenth of a submit's time.
    """
    return mark_safe(author_html.clean(markup))  # noqa: S308 - sanitised just above


def element_ids(block, *names: str) -> dict[str, str]:
    """Ids unique to this block on a page that may show several."""
    stem = "commit-" + "".join(c if c.isalnum() else "-" for c in str(block.scope_ids.usage_id))
    return {name: f"{stem}-{name}" for name in names}


def fragment(block, template: str, context: dict, js_init: str) -> Fragment:
    body = render(block, template, context)
    language = getattr(block.runtime.service(block, "i18n"), "get_language", lambda: "en")
    root = render(block, "root.html", {"body": mark_safe(body), "language": _language(language)})  # noqa: S308
    frag = Fragment(root)
    frag.add_css_url(block.runtime.local_resource_url(block, "static/css/commit_blocks.css"))
    # The runtime, then the catalogue that registers with it, then the script that reads it.
    frag.add_javascript_url(block.runtime.local_resource_url(block, I18N_RUNTIME))
    catalogue = catalogue_url(block, _language(language))
    if catalogue:
        frag.add_javascript_url(catalogue)
    frag.add_javascript_url(block.runtime.local_resource_url(block, "static/js/commit_blocks.js"))
    frag.initialize_js(js_init)
    return frag


def catalogue_url(block, language: str) -> str | None:
    """The URL of the browser catalogue for ``language``, or None (English, untranslated).

    An LMS that compiled the blocks' messages itself (Open edX's OEP-58 translations, under
    the blocks' ``i18n_js_namespace``) says where through its i18n service's
    ``get_javascript_i18n_catalog_url``; otherwise the catalogue shipped in the package's
    public folder, served by the runtime like any other block resource.
    """
    service = block.runtime.service(block, "i18n")
    compiled = getattr(service, "get_javascript_i18n_catalog_url", None)
    url = compiled(block) if callable(compiled) else None
    if url:
        return url
    shipped = js_catalogue(language)
    return block.runtime.local_resource_url(block, shipped) if shipped else None


def js_catalogue(language: str) -> str | None:
    """The browser catalogue for ``language`` (``static/js/translations/<locale>/text.js``),
    or None for English and for a language the blocks are not translated into."""
    for candidate in dict.fromkeys((to_locale(language), to_locale(language.split("-")[0]))):
        path = f"static/js/translations/{candidate}/text.js"
        if (_PACKAGE_DIR / path).is_file():
            return path
    return None


def _language(get_language) -> str:
    try:
        return get_language() or "en"
    except Exception:
        return "en"
