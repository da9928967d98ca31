"""Who may call the API: anyone with a registry role reads; managers write."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from trainer_registry.access import Access, access_for


def request_access(request) -> Access:
    """The caller's access, computed once per request."""
    if not hasattr(request, "_registry_access"):
        request._registry_access = access_for(request.user)
    return request._registry_access


class HasRegistryRole(BasePermission):
    message = "No registry role has been granted to this account."

    def has_permission(self, request, view) -> bool:
        access = request_access(request)
        if request.method in SAFE_METHODS:
            return access.is_staff
        return access.can_change
