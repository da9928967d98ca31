"""``trainer-registry backup --out FILE``: the whole registry as one signed archive."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer_registry.cli import InputError

COMMAND = "backup"
HELP = "write the whole registry to a portable, signed archive (restore with: restore FILE)"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="archive to write (.zip)")


def progress(label: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label:<40}",
        end="",
        file=sys.stderr,
    )
    if done == total:
        print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.records.backup import BackupError, write_backup

    if not args.out.parent.exists():
        raise InputError(f"--out {args.out}: the folder {args.out.parent} does not exist")
    try:
        manifest = write_backup(args.out, progress=progress)
    except BackupError as exc:
        raise InputError(f"{exc}; no backup was written") from None
    rows = sum(table["rows"] for table in manifest["tables"].values())
    print(f"Wrote {args.out}: {rows} records in {len(manifest['tables'])} tables.")
    return 0
