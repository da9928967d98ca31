"""The site's login page, with failed attempts limited per account and per address.

After ``LOGIN_FAILURE_LIMIT`` failed attempts within ``LOGIN_LOCKOUT_SECONDS`` for the same
username, or twice that many from the same address, further attempts are refused until
the period has passed, whatever password is given. Counts live in the cache (per process
with the default in-memory cache; set ``COMMIT_REDIS_URL`` to share them between processes).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.utils.translation import gettext as _


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _period() -> int:
    return getattr(settings, "LOGIN_LOCKOUT_SECONDS", 900)


def _keys(request, username: str) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR", "")
    return f"login-failures:user:{username.strip().lower()}", f"login-failures:addr:{address}"


def is_locked_out(request, username: str) -> bool:
    user_key, address_key = _keys(request, username)
    return cache.get(user_key, 0) >= _limit() or cache.get(address_key, 0) >= 2 * _limit()


def record_failure(request, username: str) -> None:
    for key in _keys(request, username):
        cache.add(key, 0, _period())
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, _period())


def clear_failures(request, username: str) -> None:
    cache.delete(_keys(request, username)[0])


class ThrottledLoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if is_locked_out(request, username):
            form = self.get_form()
            minutes = max(1, _period() // 60)
            form.add_error(
                None,
                _("Too many failed attempts. Try again in %(minutes)d minutes.")
                % {"minutes": minutes},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        record_failure(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        clear_failures(self.request, form.get_user().get_username())
        return super().form_valid(form)
