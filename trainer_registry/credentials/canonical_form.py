"""The canonical form that a Data Integrity proof signs, and the fields it would not sign.

A JSON-LD document is signed as RDF: the document is expanded with its contexts, turned
into an RDF dataset and canonicalised with RDF Dataset Canonicalization (W3C RDFC-1.0,
the algorithm pyld names ``URDNA2015``; the two give the same N-Quads), so that two
JSON texts meaning the same statements give the same bytes.

What expansion drops is not signed: a field that no context defines (when no
``@vocab`` catches it), a ``null`` value, a key that looks like a keyword. Such a field
would still be shown by a viewer and could be changed without breaking the signature.
:func:`require_every_field_signed` therefore refuses a document that loses any field on
the way (found by expanding the document and compacting it again with its own context,
then comparing the fields with the original's), and one whose fields fall through to a
catch-all vocabulary (``issuer-dependent``, ``undefined-term``), which would sign a term
with no agreed meaning.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyld import jsonld

from trainer_registry.credentials import kept_contexts
from trainer_registry.credentials.document_loader import RemoteDocumentRefused

# Catch-all vocabularies: a term mapped into one of them has no agreed meaning (the VC
# 2.0 drafts' "issuer-dependent" @vocab, and the "undefined-terms" context of the final
# Recommendation).
CATCH_ALL_VOCABULARIES = (
    "https://www.w3.org/ns/credentials/issuer-dependent#",
    "https://www.w3.org/ns/credentials/undefined-term#",
)


class FieldNotSigned(ValueError):
    """A field of the document would not be covered by the signature; ``path`` names it."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(
            f"field {path!r} {why}; refusing to sign a document that does not mean what it shows"
        )
        self.path = path


def _unwrap_refusal(error: jsonld.JsonLdError) -> None:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, RemoteDocumentRefused):
            raise cause from None
        cause = (
            cause.__cause__
            or cause.__context__
            or (
                cause.details.get("cause")
                if isinstance(cause, jsonld.JsonLdError) and isinstance(cause.details, dict)
                else None
            )
        )


def canonical_nquads(document: dict) -> str:
    """The document's RDF dataset canonicalised by RDFC-1.0, as N-Quads text (one
    statement a line, sorted, blank nodes labelled ``_:c14n0``, ``_:c14n1``, ...)."""
    try:
        return kept_contexts.canonical_nquads(document)
    except jsonld.JsonLdError as error:
        _unwrap_refusal(error)
        raise


def _field_paths(node, prefix: str = "") -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _field_paths(item, prefix)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from _field_paths(value, path)


def _catch_all_term(iri) -> str | None:
    for vocabulary in CATCH_ALL_VOCABULARIES:
        if isinstance(iri, str) and iri.startswith(vocabulary):
            return iri[len(vocabulary) :]
    return None


def _catch_all_terms(node) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _catch_all_terms(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if (term := _catch_all_term(key)) is not None:
                yield term
            if key == "@type":
                for kind in value if isinstance(value, list) else [value]:
                    if (term := _catch_all_term(kind)) is not None:
                        yield term
            yield from _catch_all_terms(value)


def _unsigned_field(document: dict, expanded: list) -> FieldNotSigned | None:
    for term in _catch_all_terms(expanded):
        paths = [path for path in _field_paths(document) if path.rsplit(".", 1)[-1] == term]
        return FieldNotSigned(
            paths[0] if paths else term, "is not defined by any of the document's contexts"
        )
    compacted = kept_contexts.compact(expanded, document.get("@context", {}))
    kept = set(_field_paths(compacted))
    for path in _field_paths(document):
        if path not in kept:
            return FieldNotSigned(
                path,
                "is dropped by JSON-LD expansion (no context defines it, or its value is empty)",
            )
    return None


def checked_canonical_nquads(document: dict) -> tuple[str, FieldNotSigned | None]:
    """:func:`canonical_nquads` of the document and the first field of it that the
    signature would not cover (see :func:`require_every_field_signed`), or None; from
    one expansion of the document."""
    try:
        expanded = kept_contexts.expand(document)
        unsigned = _unsigned_field(document, expanded)
        return kept_contexts.canonical_nquads(document, expanded), unsigned
    except jsonld.JsonLdError as error:
        _unwrap_refusal(error)
        raise


def require_every_field_signed(document: dict) -> None:
    """Raise :class:`FieldNotSigned` naming the first field of ``document`` that JSON-LD
    expansion drops or maps only to a catch-all vocabulary."""
    try:
        unsigned = _unsigned_field(document, kept_contexts.expand(document))
    except jsonld.JsonLdError as error:
        _unwrap_refusal(error)
        raise
    if unsigned is not None:
        raise unsigned
