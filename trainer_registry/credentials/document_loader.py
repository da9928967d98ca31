"""The JSON-LD document loader: the contexts shipped in ``contexts/``, nothing remote.

JSON-LD processing fetches every context a document names. A verifier that fetched them
from the network would depend on those servers being up, and on them serving the same
text for ever; a document naming an attacker's context could change what a signature
means. This loader serves only the files listed in :data:`CONTEXT_FILES` (their source
and licence are in ``contexts/README.md``) and refuses every other URL.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIALS_EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"

CONTEXT_FILES = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    OPEN_BADGES_V3: "open-badges-3.0.3.jsonld",
    CREDENTIALS_EXAMPLES_V2: "credentials-examples-v2.jsonld",
}


class RemoteDocumentRefused(Exception):
    """A document named a context that is not shipped with the registry."""


@cache
def _context_text(url: str) -> str:
    return resources.files(__package__).joinpath("contexts", CONTEXT_FILES[url]).read_text("utf-8")


def load_document(url: str, options: dict | None = None) -> dict:
    """pyld's document loader: the shipped context for ``url``, or
    :class:`RemoteDocumentRefused` naming the URL and the contexts that are shipped."""
    if url not in CONTEXT_FILES:
        shipped = ", ".join(sorted(CONTEXT_FILES))
        raise RemoteDocumentRefused(
            f"refused to load {url!r}: remote JSON-LD documents are never fetched; "
            f"the shipped contexts are {shipped}"
        )
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(_context_text(url))}
