"""``trainer-registry certificate verify CODE``: exit 0 if genuine and valid, 1 otherwise."""

from __future__ import annotations

import argparse

COMMAND = "certificate"
HELP = "certificates: verify one by its code"
NEEDS_DATABASE = True


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="is the certificate with this code genuine and valid?"
    )
    verify.add_argument("code", help="the verification code printed on the certificate")


def run(args: argparse.Namespace) -> int:
    from trainer_registry.certificate_issuing import verify

    result = verify(args.code)
    details = result.details
    if details:
        print(
            f"{details['code']}: {details['name_latin']} - {details['training']} "
            f"({details['starts_on']} to {details['ends_on']}), issued by {details['issuer']} "
            f"on {details['issued_on']}"
        )
    print(("VALID: " if result.valid else "NOT VALID: ") + result.reason)
    return 0 if result.valid else 1
