"""Name parts for generating officials' names in each country's own script.

Each part is a common name element paired with its usual Latin spelling. Names are built
at random from these parts, so they belong to nobody. Order follows each country's custom:
family name first in Cambodia, China and Viet Nam; given name first in Lao PDR and
Thailand; Myanmar names have no family name and are built from two or three elements.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

Part = tuple[str, str]  # (own script, Latin)


@dataclass(frozen=True)
class NameParts:
    family: tuple[Part, ...]
    given_female: tuple[Part, ...]
    given_male: tuple[Part, ...]
    family_first: bool
    local_separator: str = " "


NAME_PARTS: dict[str, NameParts] = {
    "KH": NameParts(
        family=(("សុខ", "Sok"), ("ចាន់", "Chan"), ("ហេង", "Heng"), ("កែវ", "Keo"), ("ម៉ៅ", "Mao")),
        given_female=(
            ("សុភា", "Sophea"),
            ("ធារី", "Theary"),
            ("បុប្ផា", "Bopha"),
            ("ចន្ថា", "Chantha"),
            ("រតនា", "Ratana"),
        ),
        given_male=(
            ("ដារ៉ា", "Dara"),
            ("វិចិត្រ", "Vichet"),
            ("សុផល", "Sophal"),
            ("សំណាង", "Samnang"),
            ("វណ្ណា", "Vanna"),
        ),
        family_first=True,
    ),
    "CN": NameParts(
        family=(
            ("王", "Wang"),
            ("李", "Li"),
            ("张", "Zhang"),
            ("刘", "Liu"),
            ("陈", "Chen"),
            ("杨", "Yang"),
        ),
        given_female=(
            ("芳", "Fang"),
            ("丽", "Li"),
            ("静", "Jing"),
            ("敏", "Min"),
            ("海燕", "Haiyan"),
        ),
        given_male=(
            ("伟", "Wei"),
            ("强", "Qiang"),
            ("磊", "Lei"),
            ("军", "Jun"),
            ("建国", "Jianguo"),
        ),
        family_first=True,
        local_separator="",
    ),
    "LA": NameParts(
        family=(
            ("ພົມມະຈັນ", "Phommachanh"),
            ("ວົງສາ", "Vongsa"),
            ("ສີສະຫວາດ", "Sisavath"),
            ("ແກ້ວມະນີ", "Keomany"),
            ("ພັນທະວົງ", "Phanthavong"),
        ),
        given_female=(
            ("ມະນີ", "Many"),
            ("ພອນສະຫວັນ", "Phonesavanh"),
            ("ຄຳຫຼ້າ", "Khamla"),
            ("ນ້ອຍ", "Noy"),
        ),
        given_male=(
            ("ສົມພອນ", "Somphone"),
            ("ບຸນມີ", "Bounmy"),
            ("ຄຳພອນ", "Khamphone"),
            ("ສົມສັກ", "Somsack"),
        ),
        family_first=False,
    ),
    "MM": NameParts(
        family=(),
        given_female=(
            ("ခင်", "Khin"),
            ("သီတာ", "Thida"),
            ("နွယ်", "Nwe"),
            ("စန္ဒာ", "Sandar"),
            ("မြ", "Mya"),
            ("ဖြူ", "Phyu"),
        ),
        given_male=(
            ("အောင်", "Aung"),
            ("ကျော်", "Kyaw"),
            ("ဇော်", "Zaw"),
            ("ထွန်း", "Tun"),
            ("ဝင်း", "Win"),
            ("မြင့်", "Myint"),
            ("လှိုင်", "Hlaing"),
        ),
        family_first=False,
        local_separator="",
    ),
    "TH": NameParts(
        family=(
            ("ใจดี", "Jaidee"),
            ("ศรีสุข", "Srisuk"),
            ("วงศ์ไทย", "Wongthai"),
            ("แก้วมณี", "Kaewmanee"),
            ("บุญมา", "Boonma"),
        ),
        given_female=(("สุดา", "Suda"), ("มาลี", "Malee"), ("นภา", "Napha"), ("วันเพ็ญ", "Wanphen")),
        given_male=(
            ("สมชาย", "Somchai"),
            ("สมศักดิ์", "Somsak"),
            ("วิชัย", "Wichai"),
            ("ประเสริฐ", "Prasert"),
        ),
        family_first=False,
    ),
    "VN": NameParts(
        family=(("Nguyễn", ""), ("Trần", ""), ("Lê", ""), ("Phạm", ""), ("Hoàng", ""), ("Vũ", "")),
        given_female=(
            ("Thị Lan", ""),
            ("Thị Hương", ""),
            ("Thu Hà", ""),
            ("Thị Mai", ""),
            ("Ngọc Ánh", ""),
        ),
        given_male=(
            ("Văn Dũng", ""),
            ("Văn Hùng", ""),
            ("Minh Tuấn", ""),
            ("Đức Quang", ""),
            ("Quốc Bảo", ""),
        ),
        family_first=True,
    ),
}


def latin_without_marks(text: str) -> str:
    """Vietnamese written without its tone and vowel marks, as on many forms: ``Nguyễn`` ->
    ``Nguyen``, ``Đức`` -> ``Duc``."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def generate_name(country: str, sex: str, rng: random.Random) -> tuple[str, str]:
    """A made-up name as ``(own script, Latin script)`` for a person of ``country``."""
    parts = NAME_PARTS[country]
    given_pool = parts.given_female if sex == "female" else parts.given_male
    if not parts.family:  # Myanmar: two or three name elements
        chosen = rng.sample(given_pool, k=rng.choice((2, 2, 3)))
        local = parts.local_separator.join(local for local, _ in chosen)
        latin = " ".join(latin for _, latin in chosen)
        return local, latin
    family = rng.choice(parts.family)
    given = rng.choice(given_pool)
    ordered = (family, given) if parts.family_first else (given, family)
    local = parts.local_separator.join(local for local, _ in ordered)
    if country == "VN":
        return local, latin_without_marks(local)
    return local, " ".join(latin for _, latin in ordered)
