"""``{% access_of user as reach %}``: what a user may do in the registry, for templates
that are not rendered by a registry view (the site's pages, the error pages), so that
every page's menu shows only what the reader's role can use. A registry view has read
the reader's access already (``access`` in its context): that one is used, not read
again."""

from django import template

from trainer_registry.access import NO_ACCESS, Access, access_for

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
