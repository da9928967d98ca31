"""``trainer-registry certificate verify PATH_OR_CODE``: exit 0 if genuine and valid, 1 if not.

The argument is a verification code as printed on a certificate, or a file: the
certificate's PDF (its signed credential is embedded in it) or the credential as JSON.

``trainer-registry certificate rotate-key [--withdraw]``: sign with a new key from now on.
The old key is retired (the credentials it signed still verify) or, with ``--withdraw``
(it may have leaked), withdrawn (they no longer verify and need reissuing). Every status
list is signed again with the new key.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from trainer_registry.cli import InputError

COMMAND = "certificate"
HELP = "certificates: verify one by its code, its PDF or its credential; rotate the signing key"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="is this certificate genuine and valid? (a code, a PDF or a JSON file)"
    )
    verify.add_argument(
        "code",
        metavar="PATH_OR_CODE",
        help="the verification code printed on the certificate, or the certificate's PDF, "
        "or its credential as a JSON file",
    )
    rotate = actions.add_parser(
        "rotate-key",
        help="sign certificates with a new key from now on; the old one is retired "
        "(what it signed still verifies)",
    )
    rotate.add_argument(
        "--withdraw",
        action="store_true",
        help="the old key may have leaked: what it signed no longer verifies",
    )


def _credential_in(path: Path) -> dict:
    """The credential in a PDF or JSON file, checked at the door."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if data.startswith(b"%PDF"):
        try:
            # Loaded at run time: the CLI parser is built before Django is set up.
            from trainer_registry.certificate_pdf import read_embedded_credential
        except ImportError:
            raise InputError(f"{path}: reading certificate PDFs is not installed") from None
        try:
            data = read_embedded_credential(data)
        except ValueError as error:
            raise InputError(f"{path}: {error}") from None
        if data is None:
            raise InputError(f"{path}: this PDF carries no signed credential")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: not a PDF and not a JSON credential ({error})") from None
    if not isinstance(document, dict):
        raise InputError(f"{path}: a credential is a JSON object, this is not")
    return document


def _rotate(withdraw: bool) -> int:
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.certificates.credentials import rotate_signing_key

    old, new = rotate_signing_key(withdraw=withdraw)
    print(f"New signing key: {new}")
    if withdraw:
        print(
            f"Withdrawn: {old}. Certificates it signed no longer verify "
            "('signed with a key this registry has withdrawn'): reissue them."
        )
    else:
        print(f"Retired: {old}. Certificates it signed still verify.")
    print("Every status list is signed with the new key.")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.action == "rotate-key":
        return _rotate(args.withdraw)
    # Loaded at run time: the CLI parser is built before Django is set up.
    from trainer_registry.certificates.verification import verify, verify_credential

    path = Path(args.code)
    looks_like_file = path.suffix.lower() in {".pdf", ".json"} or "/" in args.code
    if looks_like_file and not path.is_file():
        raise InputError(f"{path}: no such file")
    result = verify_credential(_credential_in(path)) if path.is_file() else verify(args.code)
    details = result.details
    if details:
        print(
            f"{details['code']}: {details['name_latin']} - {details['training']} "
            f"({details['starts_on']} to {details['ends_on']}), issued by {details['issuer']} "
            f"on {details['issued_on']}"
        )
    print(("VALID: " if result.valid else "NOT VALID: ") + result.reason)
    return 0 if result.valid else 1
