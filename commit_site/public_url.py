"""The address people reach the site at, for the links that leave it: certificates'
verify addresses and QR codes, survey invitations and reminders.

``COMMIT_PUBLIC_URL`` when set (a deployment behind a proxy names its https address);
otherwise the local address on the port the site serves, ``COMMIT_PORT`` (``make run
PORT=8010`` sets it), so that a demo on another port does not send people to port 8000.
A public address on this machine with another port than the one served is almost always
a mistake: :func:`check_public_url` says so when the site starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def public_url(environ: Mapping[str, str]) -> str:
    """The site's public address from the environment."""
    configured = environ.get("COMMIT_PUBLIC_URL", "").strip()
    if configured:
        return configured.rstrip("/")
    return f"http://127.0.0.1:{environ.get('COMMIT_PORT', '8000')}"


def port_mismatch(url: str, port: str) -> str | None:
    """Why ``url`` cannot reach a site served locally on ``port``, or ``None``."""
    parts = urlsplit(url)
    if parts.hostname not in LOCAL_HOSTS:
        return None  # a public host: a proxy in front decides the port
    given = parts.port or (443 if parts.scheme == "https" else 80)
    if str(given) == str(port):
        return None
    return (
        f"COMMIT_PUBLIC_URL={url} points to port {given} of this machine, but the site "
        f"serves on port {port}: links in certificates and invitations would not reach it"
    )


@register()
def check_public_url(app_configs=None, **kwargs) -> list[Warning]:
    problem = port_mismatch(settings.TRAINER_REGISTRY_PUBLIC_URL, settings.COMMIT_PORT)
    if problem is None:
        return []
    return [
        Warning(
            problem,
            hint="Unset COMMIT_PUBLIC_URL to use the served port, or give the right address.",
            id="commit_site.W001",
        )
    ]
