"""Rendering shared by the blocks: the root wrapper, fragments, safe author markup."""

from __future__ import annotations

from django.utils.safestring import mark_safe
from web_fragments.fragment import Fragment

from commit_training import author_html
from commit_training.base import render


def safe(markup: str) -> str:
    """Author markup, sanitised, ready for a template."""
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
    frag.add_javascript_url(block.runtime.local_resource_url(block, "static/js/commit_blocks.js"))
    frag.initialize_js(js_init)
    return frag


def _language(get_language) -> str:
    try:
        return get_language() or "en"
    except Exception:
        return "en"
