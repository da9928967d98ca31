"""``trainer-registry restore FILE``: an archive from ``backup`` into an empty registry."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer_registry.cli import InputError
from trainer_registry.commands.backup import progress

COMMAND = "restore"
HELP = "restore a backup archive into an empty, migrated database (all or nothing)"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive", type=Path, help="archive written by: trainer-registry backup")


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.records.backup import BackupError, restore_backup

    if not args.archive.is_file():
        raise InputError(f"{args.archive}: no such file")
    try:
        counts = restore_backup(args.archive, progress=progress)
    except BackupError as exc:
        raise InputError(f"{args.archive}: {exc}; nothing was restored") from None
    print(f"Restored {sum(counts.values())} records from {args.archive}.")
    return 0
