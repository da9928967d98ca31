"""The world the demo people live in: capitals and provinces where trainings are held,
the ministries they work for, how many sit in a training, and why and how often they
leave anti-trafficking posts."""

from __future__ import annotations

import random

CAPITALS = {
    "KH": "Phnom Penh",
    "CN": "Kunming",
    "LA": "Vientiane",
    "MM": "Yangon",
    "TH": "Bangkok",
    "VN": "Ha Noi",
}
KH_PROVINCES = (
    "Battambang",
    "Siem Reap",
    "Kampong Cham",
    "Banteay Meanchey",
    "Svay Rieng",
    "Koh Kong",
)

# Sector -> the ministry name used for every country's demo organisations.
MINISTRIES = {
    "police": "Ministry of Public Security / Interior (police)",
    "labour": "Ministry of Labour",
    "social_affairs": "Ministry of Social Affairs",
    "womens_affairs": "Ministry of Women's Affairs",
    "justice": "Ministry of Justice",
    "education": "Ministry of Education",
}
LEAVING_REASONS = (
    ("moved_within_ministry", 0.36),
    ("left_ministry", 0.2),
    ("left_government", 0.18),
    ("retired", 0.1),
    ("promoted_within_anti_trafficking", 0.06),
    ("other", 0.1),
)
# Yearly hazard of leaving the anti-trafficking role: about a third gone within four years.
YEARLY_LEAVING_HAZARD = 0.1


def sizes_summing_to(
    rng: random.Random, *, count: int, total: int, low: int, high: int
) -> list[int]:
    """``count`` sizes between ``low`` and ``high`` that add up to ``total`` exactly."""
    sizes = [rng.randint(low, high) for _ in range(count)]
    while (difference := total - sum(sizes)) != 0:
        step = 1 if difference > 0 else -1
        candidates = [i for i, s in enumerate(sizes) if low <= s + step <= high]
        sizes[rng.choice(candidates)] += step
    return sizes
