"""The cascade's tree written in Python: the markup, message ids, plural forms, escaping
and white space its template wrote (compared page by page with the template when it was
replaced: the same bytes)."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from trainer_registry.pages.analytics_people import Shown
from trainer_registry.pages.cascade_tree_html import tree_html

TRICKY = '<b>Sok</b> & "Dara"'


def _tree() -> list[dict]:
    child = {
        "person": Shown(label=TRICKY, key="K-2"),
        "generation": 2,
        "level": "provincial",
        "certified": False,
        "active": True,
        "trainees": 1,
        "trainings": [],
    }
    return [
        {
            "person": Shown(label="P-XMVB2J", key="P-XMVB2J", pseudonymous=True),
            "generation": 1,
            "level": "national",
            "certified": True,
            "active": False,
            "trainees": 1234,
            "trainings": [
                {
                    "training_id": "ntp-kh-01",
                    "held_on": date(2016, 3, 4),
                    "trainees": 1,
                    "other_trainers": 2,
                    "children": [child],
                },
                {
                    "training_id": "ntp-kh-02",
                    "held_on": date(2017, 5, 6),
                    "trainees": 30,
                    "other_trainers": 0,
                    "children": [],
                },
            ],
        }
    ]


def test_the_tree_is_written_as_its_template_wrote_it():
    with translation.override("en"):
        html = tree_html(_tree())
    assert html == (
        '<li data-trainer="P-XMVB2J" data-generation="1"><details open>\n'
        '  <summary><code class="pseudonym">P-XMVB2J</code>\n'
        " · national (generation 1) · trained 1234 people"
        ' <span class="tag tag-certified">certified</span></summary>\n'
        '  <ul aria-label="Trainings delivered by P-XMVB2J">\n'
        "  \n"
        '    <li data-training="ntp-kh-01">ntp-kh-01 (2016-03-04): 1 trainee,'
        " 2 of them trainers shown at another generation\n"
        "    \n"
        "      <details><summary>1 became a trainer</summary>\n"
        '      <ul aria-label="Trainers trained at ntp-kh-01">\n'
        '      <li data-trainer="K-2" data-generation="2"><details>\n'
        "  <summary>&lt;b&gt;Sok&lt;/b&gt; &amp; &quot;Dara&quot;\n"
        " · provincial (generation 2) · trained 1 person"
        ' <span class="tag tag-active">active</span></summary>\n'
        '  <ul aria-label="Trainings delivered by &lt;b&gt;Sok&lt;/b&gt; &amp; '
        '&quot;Dara&quot;">\n'
        "  <li>No training delivered by the reference date.</li>\n"
        "  \n"
        "  </ul>\n"
        "</details></li>\n"
        "\n"
        "      </ul></details>\n"
        "    \n"
        "    </li>\n"
        "  \n"
        '    <li data-training="ntp-kh-02">ntp-kh-02 (2017-05-06): 30 trainees\n'
        "    \n"
        "    </li>\n"
        "  \n"
        "  </ul>\n"
        "</details></li>\n"
    )


def test_the_tree_speaks_the_readers_language():
    with translation.override("vi"):
        vietnamese = tree_html(_tree())
    with translation.override("en"):
        english = tree_html(_tree())
    assert vietnamese != english
    assert "ntp-kh-01 (2016-03-04)" in vietnamese and "trained 1234 people" not in vietnamese
