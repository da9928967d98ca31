"""Failed logins limited in the authentication path itself, so that every login form of
the site (its own login page and the admin's) shares one count.

After ``LOGIN_FAILURE_LIMIT`` failed attempts within ``LOGIN_LOCKOUT_SECONDS`` for one
username from one address, or twice that many from one address whatever the usernames,
further attempts from that address are refused until the period has passed, whatever
password is given. The count is per username *and* address: a stranger who types a
known username wrongly locks out only their own address, never the account's owner.
Counts live in the cache (per process with the default in-memory cache; set
``COMMIT_REDIS_URL`` to share them between processes).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _period() -> int:
    return getattr(settings, "LOGIN_LOCKOUT_SECONDS", 900)


def _keys(request, username: str) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR", "")
    account = (username or "").strip().lower()
    return f"login-failures:user:{account}:addr:{address}", f"login-failures:addr:{address}"


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


class ThrottledModelBackend(ModelBackend):
    """The model backend, refusing an address locked out for a username (whatever the
    password) and counting failures and successes, for every login form alike."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:  # not a login form (a management command, a test helper)
            return super().authenticate(request, username, password, **kwargs)
        if is_locked_out(request, username or ""):
            request.login_locked_out = True
            raise PermissionDenied("too many failed login attempts")
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            record_failure(request, username or "")
        else:
            clear_failures(request, username or "")
        return user


def admin_login(login_view):
    """The admin's login view, answering 429 when the address is locked out."""

    def login(request, *args, **kwargs):
        response = login_view(request, *args, **kwargs)
        if getattr(request, "login_locked_out", False):
            response.status_code = 429
        return response

    return login


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
