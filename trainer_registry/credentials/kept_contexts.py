"""JSON-LD processing with the shipped contexts processed once and kept.

pyld, as it comes, processes a document's contexts afresh for every document: the
contexts named by URL are loaded and resolved again on every call, each scoped context
inside them (Open Badges defines one for every type) is serialised to find it in a cache,
and a type-scoped context, which does not propagate to nested nodes, is applied to a new
copy of the active context with a new identity every time, so that pyld's own cache of
processed contexts never finds it. For a certificate credential that was about two
thirds of the cost of its proof.

Here the work is kept, without changing what any of it computes:

- the shipped contexts (:mod:`~trainer_registry.credentials.document_loader`, nothing
  else is ever loaded) are parsed once and their resolved form kept by URL;
- a scoped context that belongs to a shipped context is found by identity, not by
  serialising it;
- the copy of an active context that a type-scoped context is applied to gets an
  identity derived from its parent's (it is a function of the parent alone), so the
  processed result is found again the next time the same type meets the same context.

pyld's caches are plain dictionaries that are not safe to change from two threads at
once, so every operation holds :data:`LOCK` (pure-Python work gains nothing from
threads anyway).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import cache

from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from trainer_registry.credentials.document_loader import load_document

LOCK = threading.RLock()
# Resolved contexts by URL or by serialised form: the shipped contexts, and the inline
# contexts that documents bring (bounded, as a document to verify may bring any).
_RESOLVED = LRUCache(maxsize=256)
# id() of each scoped context inside a shipped context -> (the context, its resolved
# form once known). The shipped documents are kept for ever, so the ids stay theirs.
_SHIPPED_SCOPED: dict[int, list] = {}


def _dicts(node) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _dicts(item)


@cache
def _shipped(url: str) -> dict:
    """The shipped context at ``url``, parsed once; its scoped contexts registered."""
    document = load_document(url)["document"]
    for scoped in _dicts(document):
        _SHIPPED_SCOPED[id(scoped)] = [scoped, None]
    return document


def kept_loader(url: str, options: dict | None = None) -> dict:
    """The document loader with the shipped contexts kept (``tag``: pyld then keeps their
    resolved form in the shared cache); refuses every other URL like
    :func:`~trainer_registry.credentials.document_loader.load_document`."""
    load_document(url)  # refuses a URL that is not shipped
    return {"contextUrl": None, "documentUrl": url, "document": _shipped(url), "tag": "static"}


class _KeptContexts(ContextResolver):
    """pyld's resolver, finding a shipped context's scoped contexts by identity."""

    def resolve(self, active_ctx, context, base, cycles=None):
        if isinstance(context, dict) and "@context" in context:
            context = context["@context"]
        resolved = []
        for ctx in context if isinstance(context, list) else [context]:
            kept = _SHIPPED_SCOPED.get(id(ctx)) if isinstance(ctx, dict) else None
            if kept is None or kept[0] is not ctx:
                resolved.extend(super().resolve(active_ctx, [ctx], base, cycles))
                continue
            if kept[1] is None:
                kept[1] = super().resolve(active_ctx, [ctx], base, cycles)
            resolved.extend(kept[1])
        return resolved


class _Processor(jsonld.JsonLdProcessor):
    """pyld's processor, keeping processed type-scoped contexts, and taking an already
    expanded form instead of expanding the same document again."""

    def __init__(self, expanded: tuple[object, list] | None = None) -> None:
        super().__init__()
        self._expanded = expanded

    def expand(self, input_, options):
        if self._expanded is not None and input_ is self._expanded[0]:
            return json.loads(json.dumps(self._expanded[1]))  # pyld may change its input
        return super().expand(input_, options)

    def _process_context(self, active_ctx, local_ctx, options, *args, **kwargs):
        propagate = kwargs.get("propagate", args[1] if len(args) > 1 else True)
        if (
            propagate is False
            and isinstance(local_ctx, dict)
            and "@context" not in local_ctx
            and "@propagate" not in local_ctx
            and not active_ctx.get("previousContext")
            and "_uuid" in active_ctx
        ):
            # What pyld does next (a copy remembering its parent), with an identity
            # that is the parent's own: the same parent gives the same copy.
            child = self._clone_active_context(active_ctx)
            child["previousContext"] = active_ctx
            child["_uuid"] = f"{active_ctx['_uuid']}/type-scoped"
            active_ctx = child
        return super()._process_context(active_ctx, local_ctx, options, *args, **kwargs)


def options(**more) -> dict:
    """pyld options for one operation: the kept loader and contexts, JSON-LD 1.1."""
    return {
        "documentLoader": kept_loader,
        "contextResolver": _KeptContexts(_RESOLVED, kept_loader),
        "processingMode": "json-ld-1.1",
        **more,
    }


def expand(document: dict) -> list:
    """The document's JSON-LD expanded form."""
    with LOCK:
        return _Processor().expand(document, options())


def compact(expanded: list, context) -> dict:
    """An expanded form compacted with ``context`` (not expanded again: expansion of an
    expanded form gives it back)."""
    with LOCK:
        return _Processor().compact(expanded, {"@context": context}, options(skipExpansion=True))


def canonical_nquads(document: dict, expanded: list | None = None) -> str:
    """RDFC-1.0 (pyld's ``URDNA2015``) N-Quads of ``document``, from its ``expanded``
    form when the caller has it."""
    known = (document, expanded) if expanded is not None else None
    with LOCK:
        return _Processor(known).normalize(
            document, options(algorithm="URDNA2015", format="application/n-quads")
        )
