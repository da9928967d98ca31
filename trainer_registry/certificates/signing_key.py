"""The programme's Ed25519 signing key for certificate credentials and status lists.

The key lives in a file named by the setting ``TRAINER_REGISTRY_CREDENTIAL_KEY_FILE``
(by default ``credential-signing-key.pem`` in the standalone site's ``VAR_DIR``), as
PKCS#8 PEM readable by its owner only (mode 0600). It is made on first use; making it
is safe when several processes start at once (the file appears whole or not at all, and
the first one made wins). Why a file and not the database: see
``docs/decisions/0005-credential-signing-key.md``.

Losing the file means the programme can no longer sign with that key; replacing it by hand
means credentials signed before no longer verify. Back it up with the server's secrets, not
with the database.

Rotating it (:func:`rotate`, ``trainer-registry certificate rotate-key``) makes a new key
and keeps the old one's public half beside the key file, in ``<key file>.retired/``: the
credentials it signed still verify. A key that may have leaked is withdrawn instead: its
public half goes to ``<key file>.withdrawn/`` and what it signed no longer verifies, with
that reason. Only public keys are kept; the old private key is gone once replaced. Every
process notices a new key file at its next signature (the file is looked at each time,
read again only when it changed).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from datetime import date
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "TRAINER_REGISTRY_CREDENTIAL_KEY_FILE"
RETIRED = "retired"  # public keys whose credentials still verify
WITHDRAWN = "withdrawn"  # public keys whose credentials no longer verify


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


def _new_private_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )


def _draft(folder: Path, data: bytes, mode: int) -> str:
    """``data`` written and synced to a new temporary file in ``folder``; its path."""
    handle, draft = tempfile.mkstemp(dir=folder, prefix=".signing-key-")
    try:
        os.fchmod(handle, mode)
        os.write(handle, data)
        os.fsync(handle)
    finally:
        os.close(handle)
    return draft


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = _draft(path.parent, _new_private_pem(), 0o600)
    try:
        with contextlib.suppress(FileExistsError):  # another process made it first: keep theirs
            os.link(draft, path)
    finally:
        os.unlink(draft)


@cache
def _load(path: Path, version: tuple[int, int]) -> Ed25519PrivateKey:
    """The key in ``path``, read once per ``version`` of the file (inode, change time)."""
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as error:
        raise ImproperlyConfigured(f"{path} is not a PEM private key: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} holds a key that is not Ed25519")
    return key


def signing_key() -> Ed25519PrivateKey:
    """The programme's signing key, made on first use."""
    path = key_file()
    if not path.exists():
        _create(path)
    found = path.stat()
    return _load(path, (found.st_ino, found.st_mtime_ns))


def _folder(kind: str) -> Path:
    path = key_file()
    return path.with_name(f"{path.name}.{kind}")


@cache
def _public_keys_in(folder: Path, version: int) -> tuple[Ed25519PublicKey, ...]:
    keys = []
    for file in sorted(folder.glob("*.pem")):
        try:
            key = load_pem_public_key(file.read_bytes())
        except ValueError as error:
            raise ImproperlyConfigured(f"{file} is not a PEM public key: {error}") from None
        if not isinstance(key, Ed25519PublicKey):
            raise ImproperlyConfigured(f"{file} holds a key that is not Ed25519")
        keys.append(key)
    return tuple(keys)


def _public_keys(kind: str) -> tuple[Ed25519PublicKey, ...]:
    folder = _folder(kind)
    if not folder.is_dir():
        return ()
    return _public_keys_in(folder, folder.stat().st_mtime_ns)


def retired_keys() -> tuple[Ed25519PublicKey, ...]:
    """Earlier signing keys whose credentials still verify, oldest first."""
    return _public_keys(RETIRED)


def withdrawn_keys() -> tuple[Ed25519PublicKey, ...]:
    """Earlier signing keys withdrawn from use: what they signed no longer verifies."""
    return _public_keys(WITHDRAWN)


def fingerprint(key: Ed25519PublicKey) -> str:
    """16 hex digits naming a public key (SHA-256 of its raw bytes)."""
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def rotate(*, withdraw: bool = False, today: date | None = None) -> Ed25519PublicKey:
    """Replace the signing key with a new one and return the old one's public half, kept
    among the retired keys, or among the withdrawn keys with ``withdraw``. The public
    half is stored before the key file is replaced, so a failure in between leaves the
    old key in use and nothing lost."""
    path = key_file()
    old = signing_key().public_key()
    folder = _folder(WITHDRAWN if withdraw else RETIRED)
    folder.mkdir(mode=0o755, exist_ok=True)
    name = f"{today or date.today():%Y-%m-%d}-{fingerprint(old)}.pem"
    public_pem = old.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    os.replace(_draft(folder, public_pem, 0o644), folder / name)
    os.replace(_draft(path.parent, _new_private_pem(), 0o600), path)
    return old
