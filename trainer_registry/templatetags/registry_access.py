"""What the reader's role lets the page frame show.

``{% access_of user as reach %}``: what a user may do in the registry, for templates that
are not rendered by a registry view (the site's pages, the error pages). A registry view
has read the reader's access already (``access`` in its context): that one is used, not
read again.

``{% main_menu user %}``: the site's main menu (``trainer_registry/main_menu.html``), with
an item only for what the reader's role can open. The menu is the same for everyone who
holds the same roles, in the same language, on the same site, so each process makes it
once for each such reader and keeps it (:mod:`trainer_registry.listing.kept_parts`): it is on
every page, and made anew it reversed eleven addresses and translated a dozen labels for
each request.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from trainer_registry.access import NO_ACCESS, Access, access_for
from trainer_registry.listing.kept_parts import kept_part, site_and_language

register = template.Library()


@register.simple_tag(takes_context=True)
def access_of(context, user):
    """The user's :class:`~trainer_registry.access.Access` (none for a visitor)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NO_ACCESS
    known = context.get("access")
    if isinstance(known, Access) and known.username == user.get_username():
        return known
    return access_for(user)


@register.simple_tag(takes_context=True)
def main_menu(context, user) -> SafeString:
    """The main menu for ``user``, as their roles, the language and the site make it."""
    reach = access_of(context, user)
    signed_in = bool(getattr(user, "is_authenticated", False))
    return _menu(
        *site_and_language(),
        signed_in,
        signed_in and bool(user.is_staff),
        reach.roles,
    )


@kept_part(maxsize=512)
def _menu(
    urlconf, script_prefix: str, language: str, signed_in: bool, is_staff: bool, roles
) -> SafeString:
    # The arguments are the whole of what the menu depends on (the address and the
    # language are read from the thread by reverse() and the translations): the menu
    # template sees nothing else.
    return SafeString(
        render_to_string(
            "trainer_registry/main_menu.html",
            {
                "user": {"is_authenticated": signed_in, "is_staff": is_staff},
                "reach": Access(roles=roles, countries=None),
            },
        )
    )
