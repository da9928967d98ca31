"""``{% access_of user as reach %}``: what a user may do in the registry, for templates
that are not rendered by a registry view (the site's pages, the error pages), so that
every page's menu shows only what the reader's role can use."""

from django import template

from trainer_registry.access import NO_ACCESS, access_for

register = template.Library()


@register.simple_tag
def access_of(user):
    """The user's :class:`~trainer_registry.access.Access` (none for a visitor)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NO_ACCESS
    return access_for(user)
