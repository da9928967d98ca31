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
    catalogue = js_catalogue(_language(language))
    if catalogue:  # before the blocks' script, which reads it when it translates
        frag.add_javascript_url(block.runtime.local_resource_url(block, catalogue))
    frag.add_javascript_url(block.runtime.local_resource_url(block, "static/js/commit_blocks.js"))
    frag.initialize_js(js_init)
    return frag


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
