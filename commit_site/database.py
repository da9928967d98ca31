"""The site's database, chosen by one setting: ``DATABASE_URL``.

Accepted forms::

    sqlite:///var/commit.sqlite3         (relative to the working directory)
    sqlite:////abs/path/commit.sqlite3
    postgresql://user:password@host:5432/name    (also postgres://)
    mysql://user:password@host:3306/name         (also mariadb://)

Bad values raise :class:`DatabaseSettingError`, whose message is one line that names the
setting, what is wrong and how to fix it. The entry points (``manage.py``, the
``trainer-registry`` command and the WSGI application) print that line and stop.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SETTING = "DATABASE_URL"

ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgresql": "django.db.backends.postgresql",
    "postgres": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
    "mariadb": "django.db.backends.mysql",
}

DEFAULT_PORTS = {"postgresql": 5432, "postgres": 5432, "mysql": 3306, "mariadb": 3306}

# SQLite serves several writers at once only with a write-ahead log, a busy timeout that
# lets a writer wait for the lock instead of failing, and transactions that take the write
# lock when they begin (IMMEDIATE), so that two readers never deadlock on upgrading.
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=30000;"
    ),
}


class DatabaseSettingError(ImproperlyConfigured):
    """``DATABASE_URL`` cannot be used; the message says why in one line."""


def _hidden_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def parse_database_url(url: str, *, base_dir: Path) -> dict:
    """Turn ``url`` into a Django ``DATABASES['default']`` entry.

    ``base_dir`` anchors relative SQLite paths. Raises :class:`DatabaseSettingError`.
    """
    shown = _hidden_password(url)
    if "://" not in url:
        raise DatabaseSettingError(
            f"{SETTING}={shown!r} is not a URL; use sqlite:///var/commit.sqlite3, "
            "postgresql://user@host:5432/name or mysql://user@host:3306/name"
        )
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise DatabaseSettingError(
            f"{SETTING}={shown!r} has the unknown scheme {scheme!r}; use one of: {known}"
        )
    options = dict(parse_qsl(parts.query))
    if scheme == "sqlite":
        raw_path = unquote(parts.path)
        if parts.netloc:
            raise DatabaseSettingError(
                f"{SETTING}={shown!r}: an SQLite URL has no host; write sqlite:///relative/path "
                "or sqlite:////absolute/path"
            )
        name = raw_path[1:] if raw_path.startswith("/") else raw_path
        if not name:
            raise DatabaseSettingError(
                f"{SETTING}={shown!r} names no SQLite file; for example sqlite:///var/commit.sqlite3"
            )
        path = Path(name) if Path(name).is_absolute() else base_dir / name
        return {
            "ENGINE": ENGINES[scheme],
            "NAME": str(path),
            "OPTIONS": {**SQLITE_OPTIONS, **options},
            # Each server thread keeps its connection: opening one (and running the
            # PRAGMAs above) cost about 1 ms of every request (decision 0007).
            "CONN_MAX_AGE": 60,
            "TEST": {"NAME": str(path.with_name(f"test_{path.name}"))},
        }
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise DatabaseSettingError(
            f"{SETTING}={shown!r} names no database; add it after the host, "
            f"as in {scheme}://user@host/commit"
        )
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as exc:
        raise DatabaseSettingError(f"{SETTING}={shown!r} has a bad port: {exc}") from None
    config = {
        "ENGINE": ENGINES[scheme],
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "127.0.0.1",
        "PORT": str(port),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }
    if config["ENGINE"] == ENGINES["mysql"]:
        # utf8mb4 stores every script of the region (and emoji) in four bytes; strict mode
        # turns silent truncation into an error.
        config["OPTIONS"] = {
            "charset": "utf8mb4",
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
            "isolation_level": "read committed",
            **options,
        }
        config["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    return config


def describe(config: dict) -> str:
    """A short, password-free description of a database entry, for messages."""
    engine = config["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite file {config['NAME']}"
    user = f"{config['USER']}@" if config.get("USER") else ""
    return f"{engine} database {config['NAME']!r} at {user}{config['HOST']}:{config['PORT']}"


def check_reachable(alias: str = "default") -> None:
    """Connect once to the configured database, or raise a one-line
    :class:`DatabaseSettingError`."""
    from django.conf import settings
    from django.db import DatabaseError, connections

    where = describe(settings.DATABASES[alias])
    try:
        connections[alias].ensure_connection()
    except (ImportError, ImproperlyConfigured) as exc:
        raise DatabaseSettingError(
            f"{SETTING}: the driver for the {where} is not installed ({_first_line(exc)}); "
            "run: make requirements"
        ) from None
    except (DatabaseError, OSError) as exc:
        raise DatabaseSettingError(
            f"{SETTING}: cannot reach the {where}: {_first_line(exc)}"
        ) from None


def check_migrated(alias: str = "default") -> None:
    """Raise a one-line :class:`DatabaseSettingError` when the database lacks migrations
    (a command run before ``migrate`` would otherwise end in a "no such table"
    traceback)."""
    from django.conf import settings
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        where = describe(settings.DATABASES[alias])
        missing = (
            "no tables yet"
            if len(plan) == len(executor.loader.graph.nodes)
            else (f"{len(plan)} migrations not applied")
        )
        raise DatabaseSettingError(
            f"the {where} has {missing}: run `make migrate` (or `manage.py migrate`) first"
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
