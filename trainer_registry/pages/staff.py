"""What every staff page shares: a login and a registry role, and what the user reaches.

Every staff page needs a login and a registry role; ``self.access``
(:class:`~trainer_registry.access.Access`) narrows what the page lists, so a record out of
reach answers 404 like a missing one.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from trainer_registry.access import access_for


class StaffMixin(LoginRequiredMixin):
    """A logged-in user with a registry role; ``self.access`` says what they reach."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = access_for(request.user)
        if not self.access.is_staff:
            raise PermissionDenied("No registry role has been granted to this account.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["access"] = self.access
        return context
