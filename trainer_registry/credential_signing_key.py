"""The programme's Ed25519 signing key for certificate credentials and status lists.

The key lives in a file named by the setting ``TRAINER_REGISTRY_CREDENTIAL_KEY_FILE``
(by default ``credential-signing-key.pem`` in the standalone site's ``VAR_DIR``), as
PKCS#8 PEM readable by its owner only (mode 0600). It is made on first use; making it
is safe when several processes start at once (the file appears whole or not at all, and
the first one made wins). Why a file and not the database: see
``docs/decisions/0005-credential-signing-key.md``.

Losing the file means the programme can no longer sign; changing it means credentials
signed before no longer verify against the registry's key. Back it up with the server's
secrets, not with the database.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "TRAINER_REGISTRY_CREDENTIAL_KEY_FILE"


def key_file() -> Path:
    """Where the key is kept: the setting, else ``VAR_DIR/credential-signing-key.pem``."""
    configured = getattr(settings, SETTING, None)
    if configured:
        return Path(configured)
    var_dir = getattr(settings, "VAR_DIR", None)
    if var_dir:
        return Path(var_dir) / "credential-signing-key.pem"
    raise ImproperlyConfigured(
        f"Set {SETTING} to the file that holds (or will hold) the certificate signing key."
    )


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    handle, draft = tempfile.mkstemp(dir=path.parent, prefix=".signing-key-")
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, pem)
        os.fsync(handle)
        os.close(handle)
        with contextlib.suppress(FileExistsError):  # another process made it first: keep theirs
            os.link(draft, path)
    finally:
        os.unlink(draft)


@cache
def _load(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        _create(path)
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as error:
        raise ImproperlyConfigured(f"{path} is not a PEM private key: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} holds a key that is not Ed25519")
    return key


def signing_key() -> Ed25519PrivateKey:
    """The programme's signing key, made on first use."""
    return _load(key_file())
