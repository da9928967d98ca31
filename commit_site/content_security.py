"""The site's Content-Security-Policy: what a page may load and run.

Scripts run only from this site, or inline when the template gave them this response's
nonce (``{{ request.csp_nonce }}``): text that slips into a page (a name, an answer, a
scenario's HTML) cannot run as script, whatever escaping missed. Styles may be inline
(the blocks' and the workbench's markup carries ``style`` attributes) but come from no
other site; images from this site or ``data:`` (QR codes); requests from the blocks'
JavaScript to this site only; no plugins; forms post here; pages are framed only here.

The policy is set on every response that does not set its own. A deployment that puts
the registry inside Open edX uses the platform's policy instead; this is the standalone
site's (see docs/deployment.md).
"""

from __future__ import annotations

import secrets

HEADER = "Content-Security-Policy"


def policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        )
    )


class ContentSecurityPolicyMiddleware:
    """Give each request a fresh nonce and each response the policy that admits it."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy(request.csp_nonce)
        return response
