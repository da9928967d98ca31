"""The ``trainer-registry`` command line.

Each subcommand is a module in :mod:`trainer_registry.commands` that defines:

``COMMAND``
    the subcommand's name as typed (``"attrition"``, ``"sample-size"``);
``HELP``
    one line for ``trainer-registry --help``;
``configure(parser)``
    adds its arguments to an :class:`argparse.ArgumentParser`;
``run(args) -> int``
    does the work and returns the exit code;
``NEEDS_DATABASE`` (optional, default ``False``)
    set Django up and check the database before ``run``;
``NEEDS_DJANGO`` (optional, default ``False``)
    set Django up (settings, translations) without touching the database.

Either may instead be a function of the parsed arguments, for commands whose actions
differ.

Input errors raise :class:`InputError`; the command line prints its message as one line
on standard error and exits with status 2, printing nothing on standard output.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from trainer_registry import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INPUT_ERROR = 2


class InputError(Exception):
    """Input a person gave (a file, an option) is wrong; the message says where and how."""


def _command_modules() -> list[ModuleType]:
    # Django and the site load only for the commands that need them (see main).
    from trainer_registry import commands

    modules = []
    for info in pkgutil.iter_modules(commands.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "COMMAND"):
            modules.append(module)
    return sorted(modules, key=lambda module: module.COMMAND)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer-registry",
        description="Record COMMIT trainings and people, certify trainers, follow them up "
        "and measure attrition.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _command_modules():
        sub = subparsers.add_parser(module.COMMAND, help=module.HELP, description=module.HELP)
        module.configure(sub)
        sub.set_defaults(_module=module)
    return parser


def setup_django(*, check_database: bool = True) -> None:
    """Load the site's settings (``DJANGO_SETTINGS_MODULE``, by default the standalone
    site's) and, unless told otherwise, check that the database answers."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commit_site.settings")
    # Django and the site load only for the commands that need them (see main).
    import django

    from commit_site.database import check_migrated, check_reachable

    django.setup()
    if check_database:
        check_reachable()
        check_migrated()


def _needs(module: ModuleType, name: str, args: argparse.Namespace) -> bool:
    value = getattr(module, name, False)
    return bool(value(args) if callable(value) else value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    module = args._module
    prefix = f"trainer-registry {module.COMMAND}: error:"
    try:
        needs_database = _needs(module, "NEEDS_DATABASE", args)
        if needs_database or _needs(module, "NEEDS_DJANGO", args):
            setup_django(check_database=needs_database)
        return int(module.run(args) or EXIT_OK)
    except InputError as exc:
        print(f"{prefix} {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except Exception as exc:
        # Django and the site load only for the commands that need them (see main).
        from django.core.exceptions import ImproperlyConfigured

        if isinstance(exc, ImproperlyConfigured):
            print(f"{prefix} {exc}", file=sys.stderr)
            return EXIT_INPUT_ERROR
        raise


if __name__ == "__main__":  # pragma: no cover
    # Run as ``python -m trainer_registry.cli``: use the imported module, whose InputError
    # is the one the commands raise.
    from trainer_registry import cli

    sys.exit(cli.main())
