"""The staff page of the course translations: the same counts as the command, for the
programme staff only, in the reader's language, with the changed entries listed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from commit_site.translation_status import catalogue_rows
from curriculum_build.translation_status import catalogue_statuses
from trainer_registry.models import Role, RoleGrant

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum"
URL = "/courses/translations/"

# A curriculum of one catalogue: a draft, a reviewed entry, an approved one, one whose
# English changed since its review, and one not translated yet.
CATALOGUE = """\
msgid ""
msgstr ""
"Language: lo\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

# review: draft
msgid "Referral"
msgstr "ການສົ່ງຕໍ່"

# review: reviewed by Reviewer A on 2026-11-30
msgid "Presumed victim"
msgstr "ຜູ້ທີ່ສົງໄສວ່າເປັນຜູ້ເຄາະຮ້າຍ"

# review: approved by Reviewer B on 2026-12-01
msgid "Interview"
msgstr "ການສຳພາດ"

# review: reviewed by Reviewer A on 2026-11-30
#, fuzzy
#| msgid "The team decides."
msgid "The multidisciplinary team decides together."
msgstr "ທີມຕັດສິນ."

msgid "Not translated yet"
msgstr ""
"""


@pytest.fixture
def curriculum(tmp_path, settings):
    folder = tmp_path / "curriculum" / "courses" / "ntp" / "locale" / "lo" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ntp-la.po").write_text(CATALOGUE, "utf-8")
    settings.COMMIT_CURRICULUM_DIR = tmp_path / "curriculum"
    return tmp_path / "curriculum"


@pytest.mark.django_db
def test_the_page_shows_the_shares_and_lists_what_changed(client, staff_user, curriculum):
    client.force_login(staff_user)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    row = page.split('<th scope="row">ntp-la</th>')[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]
    # 5 entries: 3 translated (draft, reviewed, approved), 2 reviewed or approved, 1
    # approved, 1 draft, 1 changed since review, 1 untranslated.
    assert [c.strip() for c in cells] == [
        "ພາສາລາວ",
        "5",
        "60.0 %",
        "40.0 %",
        "20.0 %",
        "1",
        "1",
        "1",
    ]
    assert "ntp-la in ພາສາລາວ: 1 entry whose English changed" in page
    assert '<li lang="en">The multidisciplinary team decides together.</li>' in page


@pytest.mark.django_db
def test_the_csv_is_the_commands_table(client, staff_user, curriculum):
    client.force_login(staff_user)
    response = client.get(URL, {"format": "csv"})
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    (status,) = catalogue_statuses(curriculum)
    assert row == {key: str(value) for key, value in status.row().items()}


@pytest.mark.django_db
def test_the_real_catalogues_are_all_on_the_page(client, staff_user, settings):
    settings.COMMIT_CURRICULUM_DIR = CURRICULUM
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    rows = catalogue_rows(CURRICULUM)
    assert {(row.status.course, row.status.language) for row in rows} >= {
        ("ntp-kh", "km"),
        ("ntp-cn", "zh_Hans"),
        ("ntp-la", "lo"),
        ("ntp-mm", "my"),
        ("ntp-th", "th"),
        ("ntp-vn", "vi"),
        *(("tot", language) for language in ("km", "lo", "my", "th", "vi", "zh_Hans")),
    }
    assert page.count('<th scope="row">') == len(rows)
    # The interface catalogues follow the courses, reviewed the same way.
    assert {(row.status.course, row.status.language) for row in rows} >= {
        (name, language)
        for name in ("interface-registry", "interface-blocks", "interface-site")
        for language in ("km", "lo", "my", "th", "vi", "zh_Hans")
    }
    assert "Registry pages, programme report, follow-up survey" in page


@pytest.mark.django_db
def test_the_page_is_in_the_readers_language(client, staff_user, curriculum):
    client.force_login(staff_user)
    page = client.get(URL, headers={"accept-language": "km"}).content.decode()
    assert '<html lang="km"' in page
    assert "ការបកប្រែវគ្គសិក្សា" in page  # Course translations
    assert "Course translations" not in page


@pytest.mark.django_db
def test_a_country_manager_sees_it_and_a_learner_does_not(client, django_user_model, curriculum):
    learner = django_user_model.objects.create_user("learner", password="a-long-password-1")
    client.force_login(learner)
    assert client.get(URL).status_code == 403
    RoleGrant.objects.create(user=learner, role=Role.COUNTRY_MANAGER, country="LA")
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_anyone_not_logged_in_is_sent_to_log_in(client, curriculum):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_site_without_the_course_sources_says_so(client, staff_user, settings, tmp_path):
    settings.COMMIT_CURRICULUM_DIR = tmp_path / "nowhere"
    client.force_login(staff_user)
    page = client.get(URL).content.decode()
    assert "The course sources are not on this server" in page
