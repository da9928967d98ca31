"""What a verifier concludes about a signed certificate credential, from plain data.

The checks, in order, each with the reason a person reads when it fails:

1. the proof is an ``eddsa-rdfc-2022`` proof by one of the issuer's keys, the current
   one or one it retired (``signature invalid``: changed after signing, signed by someone
   else, or by a key the issuer withdrew);
2. the status list the credential names is the issuer's, its own proof by one of those
   keys holds and its bits are the ones the issuer keeps (``status list tampered``);
3. the credential's bit in that list is clear (``revoked``, with the issuer's reason);
4. today is within ``validFrom`` .. ``validUntil`` (``expired``, ``not yet valid``).

Looking the list up and telling the reason for a revocation are the caller's (the
registry keeps both); this module only decides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from trainer_registry.credentials import eddsa_rdfc_2022, multibase, status_list


@dataclass(frozen=True)
class PublishedList:
    """A status list as the issuer keeps it: its signed credential and its true bits."""

    credential: dict
    bits: bytes


@dataclass(frozen=True)
class CredentialCheck:
    """``valid`` when every check passed; otherwise ``reason`` names the first failure
    and ``genuine`` says whether the issuer did sign this credential."""

    genuine: bool
    valid: bool
    reason: str


def _date(text: str | None) -> date | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).date()


@dataclass(frozen=True)
class IssuerKeys:
    """The issuer's keys: the one it signs with now, those it retired (what they signed
    still verifies) and those it withdrew (what they signed no longer verifies)."""

    current: Ed25519PublicKey
    retired: Sequence[Ed25519PublicKey] = ()
    withdrawn: Sequence[Ed25519PublicKey] = ()

    def signer(self, document) -> tuple[Ed25519PublicKey | None, str]:
        """The trusted key ``document``'s proof names, or None and why not."""
        proof = eddsa_rdfc_2022.single_proof(document)
        method = proof.get("verificationMethod", "") if proof is not None else ""
        # A withdrawn key stays withdrawn even if it was retired before.
        for key in self.withdrawn:
            if method == multibase.did_key_verification_method(key):
                return None, "signed with a key this registry has withdrawn"
        for key in (self.current, *self.retired):
            if method == multibase.did_key_verification_method(key):
                return key, ""
        return None, "not signed with this registry's key"


def check_status_list(published: PublishedList, keys: IssuerKeys) -> str:
    """Empty when the published list is intact; otherwise what is wrong with it."""
    key, why_not = keys.signer(published.credential)
    if key is None:
        return f"status list tampered: {why_not}"
    proof = eddsa_rdfc_2022.verify(published.credential, key)
    if not proof.valid:
        return f"status list tampered: {proof.reason}"
    try:
        bits = status_list.decode(published.credential["credentialSubject"]["encodedList"])
    except (KeyError, TypeError, status_list.StatusListError) as error:
        return f"status list tampered: its list cannot be read ({error})"
    if bytes(bits) != bytes(published.bits):
        return "status list tampered: the published list differs from the issuer's records"
    return ""


def check_credential(
    document: dict,
    *,
    keys: IssuerKeys,
    find_list: Callable[[str], PublishedList | None],
    revocation_reason: Callable[[], str],
    today: date,
) -> CredentialCheck:
    """Check ``document`` against the issuer's keys and status lists (see the module)."""
    key, why_not = keys.signer(document)
    if key is None:
        return CredentialCheck(False, False, f"signature invalid: {why_not}")
    signature = eddsa_rdfc_2022.verify(document, key)
    if not signature.valid:
        return CredentialCheck(False, False, signature.reason)
    entry = document.get("credentialStatus")
    if entry is not None:
        try:
            list_url = entry["statusListCredential"]
            index = int(entry["statusListIndex"])
        except (KeyError, TypeError, ValueError):
            return CredentialCheck(
                True, False, "status list tampered: the status entry cannot be read"
            )
        published = find_list(list_url)
        if published is None:
            return CredentialCheck(
                True, False, f"status list tampered: {list_url} is not one of this registry's lists"
            )
        problem = check_status_list(published, keys)
        if problem:
            return CredentialCheck(True, False, problem)
        try:
            revoked = status_list.bit_at(published.bits, index)
        except status_list.StatusListError as error:
            return CredentialCheck(True, False, f"status list tampered: {error}")
        if revoked:
            return CredentialCheck(True, False, revocation_reason())
    valid_from, valid_until = _date(document.get("validFrom")), _date(document.get("validUntil"))
    if valid_from is not None and today < valid_from:
        return CredentialCheck(True, False, f"not yet valid: valid from {valid_from.isoformat()}")
    if valid_until is not None and today > valid_until:
        return CredentialCheck(True, False, f"expired on {valid_until.isoformat()}")
    return CredentialCheck(True, True, "genuine and valid")
