"""The eddsa-rdfc-2022 proof as it was before the contexts were kept: the reference to beat.

The two modules (``canonical_form`` and ``eddsa_rdfc_2022``) are read from the commit
before the change (:data:`BEFORE`) with ``git show`` and imported from a scratch folder,
unchanged but for the one import between them: pyld called afresh for every document,
the document expanded twice (once for the check that every field is signed, once more
to canonicalise it).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
from pathlib import Path

BEFORE = "51d8a94554967b2bea0eed507c6f34bf861d4f5b"
MODULES = ("canonical_form", "eddsa_rdfc_2022")


def load(root: Path):
    """The old ``eddsa_rdfc_2022`` module, read from git history."""
    scratch = Path(tempfile.mkdtemp(prefix="commit-old-proof-"))
    for name in MODULES:
        source = subprocess.run(  # noqa: S603 - git, a fixed commit and path
            ["git", "show", f"{BEFORE}:trainer_registry/credentials/{name}.py"],  # noqa: S607
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        source = source.replace(
            "from trainer_registry.credentials.canonical_form import",
            "from old_canonical_form import",
        )
        (scratch / f"old_{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(scratch))
    return importlib.import_module("old_eddsa_rdfc_2022")
