"""Made-up certificate holders and their signed credentials, for the benchmark.

Names are drawn (with a fixed seed) from common given and family names of each country,
in their own script and in Latin script; they belong to no one. Each holder gets an Open
Badges 3.0 style credential of realistic size (about 2.5 KB), signed with Ed25519 as a
stand-in for the registry's ``eddsa-rdfc-2022`` proof: the signature is over the SHA-256
of the credential's sorted-key JSON, not over an RDF canonical form.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import uuid
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# language -> lists of (Latin, own script) parts: family names, then given names.
PARTS: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    "km": (
        [("Sok", "សុខ"), ("Chea", "ជា"), ("Kim", "គីម"), ("Heng", "ហេង"), ("Meas", "មាស")],
        [
            ("Dara", "តារា"),
            ("Sophea", "សុភា"),
            ("Chantrea", "ចន្ទ្រា"),
            ("Sreypov", "ស្រីពៅ"),
            ("Pisey", "ពិសី"),
            ("Vuthy", "វុទ្ធី"),
        ],
    ),
    "lo": (
        [("Keo", "ແກ້ວ"), ("Phommachanh", "ພົມມະຈັນ"), ("Sisavath", "ສີສະຫວາດ")],
        [("Manivong", "ມະນີວົງ"), ("Somphone", "ສົມພອນ"), ("Bounmy", "ບຸນມີ"), ("Vilay", "ວິໄລ")],
    ),
    "my": (
        [("Aung", "အောင်"), ("Kyaw", "ကျော်"), ("Thida", "သီတာ"), ("Zaw", "ဇော်")],
        [("Myint", "မြင့်"), ("Win", "ဝင်း"), ("Hla", "လှ"), ("Moe", "မိုး"), ("Tun", "ထွန်း")],
    ),
    "th": (
        [("Jaidee", "ใจดี"), ("Srisuk", "ศรีสุข"), ("Boonmee", "บุญมี"), ("Wongsa", "วงศา")],
        [("Somsak", "สมศักดิ์"), ("Malee", "มาลี"), ("Prasert", "ประเสริฐ"), ("Suda", "สุดา")],
    ),
    "vi": (
        [("Nguyen", "Nguyễn"), ("Tran", "Trần"), ("Le", "Lê"), ("Pham", "Phạm")],
        [
            ("Thi Phuong", "Thị Phượng"),
            ("Van Minh", "Văn Minh"),
            ("Duc Dung", "Đức Dũng"),
            ("Thi Huong", "Thị Hương"),
        ],
    ),
    "zh-hans": (
        [("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈")],
        [("Xiuying", "秀英"), ("Wei", "伟"), ("Fang", "芳"), ("Jianguo", "建国"), ("Min", "敏")],
    ),
    "": (
        [("Dela Cruz", ""), ("Santos", ""), ("Reyes", "")],
        [("Maria", ""), ("Jose", ""), ("Ana", "")],
    ),
}
FAMILY_FIRST = {"km", "vi", "zh-hans"}  # Lao and Thai names put the given name first
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def holders(count: int, seed: int = 5) -> list[dict[str, str]]:
    """``count`` holders, the languages in turn: {language, name_latin, name_own_script}."""
    draw = random.Random(seed)  # noqa: S311 - made-up names, seeded on purpose
    languages = list(PARTS)
    people = []
    for index in range(count):
        language = languages[index % len(languages)]
        families, givens = PARTS[language]
        family, given = draw.choice(families), draw.choice(givens)
        if language == "my":  # Burmese names have no family name: two name syllables
            order = (family, given)
            joiner = ("", " ")
        elif language in FAMILY_FIRST:
            order, joiner = (family, given), (" ", " ")
        else:
            order, joiner = (given, family), (" ", " ")
        people.append(
            {
                "language": language,
                "name_latin": " ".join(part[0] for part in order),
                "name_own_script": joiner[0].join(part[1] for part in order) if language else "",
            }
        )
    return people


def verification_code(draw: random.Random) -> str:
    """A code of the registry's shape (16 random symbols and a mod-37 check symbol)."""
    symbols = "".join(draw.choice(CODE_ALPHABET) for _ in range(16))
    value = 0
    for symbol in symbols:
        value = value * 32 + CODE_ALPHABET.index(symbol)
    check = (CODE_ALPHABET + "*~$=U")[value % 37]
    return symbols + check


def credential(holder: dict[str, str], code: str, issued_on: date) -> dict:
    """An unsigned Open Badges 3.0 style credential for ``holder``."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"urn:uuid:{uuid.UUID(bytes=hashlib.sha256(code.encode()).digest()[:16])}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": "https://registry.example.org/issuers/commit-regional",
            "type": ["Profile"],
            "name": "COMMIT Regional Training Programme",
        },
        "validFrom": f"{issued_on.isoformat()}T00:00:00Z",
        "name": "Certificate of Completion: Victim identification and rights-based interviewing",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": holder["name_latin"],
            "achievement": {
                "id": "https://registry.example.org/achievements/ntp-victim-identification",
                "type": ["Achievement"],
                "achievementType": "CertificateOfCompletion",
                "name": "Victim identification and rights-based interviewing",
                "description": (
                    "Five days of the National Training Programme: indicators of trafficking, "
                    "victim identification in the field, rights-based interviewing with "
                    "interpreters, referral to protection services and case management."
                ),
                "criteria": {
                    "narrative": (
                        "Attended at least 80 percent of the sessions, passed the post-test "
                        "with at least 70 percent, and completed the case scenarios and the "
                        "interview simulation of the course."
                    )
                },
            },
        },
        "credentialStatus": {
            "id": f"https://registry.example.org/status/1#{int(code[:6], 36) % 131072}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(int(code[:6], 36) % 131072),
            "statusListCredential": "https://registry.example.org/status/1",
        },
    }


def signed_credential(document: dict, key: Ed25519PrivateKey) -> bytes:
    """``document`` with a stand-in Data Integrity proof, as the JSON to embed."""
    payload = json.dumps(document, sort_keys=True, ensure_ascii=False).encode()
    signature = key.sign(hashlib.sha256(payload).digest())
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": document["validFrom"],
        "verificationMethod": "https://registry.example.org/issuers/commit-regional#key-1",
        "proofPurpose": "assertionMethod",
        "proofValue": "u" + base64.urlsafe_b64encode(signature).decode().rstrip("="),
    }
    return json.dumps({**document, "proof": proof}, ensure_ascii=False, indent=1).encode()
