"""The audit log as an auditor uses it (trainer_registry/pages/audit_log.py): readable
labels and details, filters by date, action, country, record and user, a CSV copy of the
filtered entries, reading and exporting recorded apart, old and new values of role
grants, and a country auditor's reach."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.trainer_registry.pages.kept_parts_helpers import forms_rendered
from trainer_registry import audit
from trainer_registry.audit.presentation import detail_lines, record_label
from trainer_registry.audit.record_types import record_types
from trainer_registry.models import AuditAction, AuditEvent, Role, RoleGrant
from trainer_registry.pages import audit_log

pytestmark = pytest.mark.django_db
LOG = "/registry/audit/"
CSV = "/registry/audit/audit-log.csv"


@pytest.fixture
def trail(django_user_model):
    """Entries of three kinds, one of them three weeks old, in two countries."""
    someone = django_user_model.objects.create_user("manager-kh", password="x-long-password")
    audit.record(someone, AuditAction.VIEW, "person", "p-1", country="KH")
    audit.record(
        someone, AuditAction.LIST, "person", filters={"q": "Sok", "country": "KH", "page": ""}
    )
    audit.record(someone, AuditAction.EXPORT, "issuedcertificate", "ABCD", country="VN")
    old = AuditEvent.objects.get(object_type="issuedcertificate")
    # The log is append-only for the application; the test moves one entry back in time.
    with connection.cursor() as cursor:
        table = AuditEvent._meta.db_table
        cursor.execute(
            f"UPDATE {table} SET at = %s WHERE id = %s",  # noqa: S608 - fixed names
            [timezone.now() - timedelta(days=21), old.pk],
        )
    return someone


def _reader(client, django_user_model, role=Role.AUDITOR, country=""):
    user = django_user_model.objects.create_user(f"reader-{role}-{country}", password="x-long-pw")
    RoleGrant.objects.create(user=user, role=role, country=country)
    client.force_login(user)
    return user


def test_entries_read_as_people_read_them():
    assert record_label("issuedcertificate") == "certificate"
    assert record_label("positionspell") == "position spell"  # a model's own name
    assert record_label("no_such_thing") == "no such thing"
    lines = detail_lines(
        {"filters": {"q": "Sok", "country": "KH", "page": ""}, "fields": ["name", "email"]}
    )
    assert lines == [("Filters", "search Sok; country Cambodia"), ("Fields changed", "name, email")]
    assert detail_lines({"changes": {"role": ["auditor", "M&E analyst"]}}) == [
        ("Changes", "role auditor → M&E analyst")
    ]
    assert detail_lines({"drawn": 0, "via": ""}) == [("People drawn", "0")]


def test_the_page_shows_labels_details_and_local_times(client, django_user_model, trail):
    _reader(client, django_user_model)
    page = client.get(LOG).content.decode()
    assert "certificate" in page and "issuedcertificate</td>" not in page
    assert "search Sok; country Cambodia" in page and "{&#x27;q&#x27;" not in page
    assert "(UTC+07:00)" in page  # the site's zone, Asia/Bangkok, said
    assert "Viet Nam" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "view"}, {"person p-1"}),
        ({"country": "VN"}, {"issuedcertificate ABCD"}),
        ({"country": "-", "user": "manager-kh"}, {"person "}),
        ({"record": "issuedcertificate"}, {"issuedcertificate ABCD"}),
        ({"record_id": "p-1"}, {"person p-1"}),
        ({"until": str(timezone.localdate() - timedelta(days=7))}, {"issuedcertificate ABCD"}),
        (
            {"since": str(timezone.localdate() - timedelta(days=7)), "user": "manager-kh"},
            {"person p-1", "person "},
        ),
        ({"user": "nobody"}, set()),
    ],
)
def test_filters_narrow_the_page_and_the_csv_alike(
    client, django_user_model, trail, query, expected
):
    _reader(client, django_user_model)
    response = client.get(LOG, query)
    shown = {f"{e.object_type} {e.object_id}" for e in response.context["entries"]}
    assert shown == expected
    rows = list(
        csv.DictReader(io.StringIO(b"".join(client.get(CSV, query).streaming_content).decode()))
    )
    assert {f"{r['record_type']} {r['record_id']}" for r in rows} == expected


def test_a_bad_filter_is_named_and_shows_nothing(client, django_user_model, trail):
    _reader(client, django_user_model)
    response = client.get(LOG, {"since": "2026-05-01", "until": "2026-04-01"})
    assert "The end date is before the start date." in response.content.decode()
    assert list(response.context["entries"]) == []
    assert client.get(LOG, {"action": "steal"}).context["form"].errors["action"]


def test_reading_and_exporting_are_recorded_apart(client, django_user_model, trail):
    reader = _reader(client, django_user_model)
    client.get(LOG, {"action": "view"})
    b"".join(client.get(CSV, {"country": "VN"}).streaming_content)
    mine = AuditEvent.objects.filter(username=reader.username).order_by("id")
    assert [(e.action, e.object_type) for e in mine] == [
        ("list", "auditevent"),
        ("export", "auditevent"),
    ]
    assert mine[0].detail["filters"] == {"action": "view"}
    assert detail_lines(mine[0].detail) == [("Filters", "action viewed")]
    assert mine[1].detail == {"format": "csv", "filters": {"country": "VN"}}


def test_the_csv_is_safe_in_a_spreadsheet(client, django_user_model):
    _reader(client, django_user_model)
    audit.record(None, AuditAction.LIST, "person", filters={"q": '=HYPERLINK("x")'})
    body = b"".join(client.get(CSV).streaming_content).decode()
    assert "'Filters: search =HYPERLINK" not in body  # the cell starts with the label
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[-1]["detail"].startswith("Filters: search =HYPERLINK")
    audit.record(None, AuditAction.VIEW, "person", "=1+2")
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(CSV).streaming_content).decode())))
    assert any(r["record_id"] == "'=1+2" for r in rows)


def test_a_country_auditor_reads_their_country_and_none_other(client, django_user_model, trail):
    _reader(client, django_user_model, country="KH")
    shown = {e.country for e in client.get(LOG).context["entries"]}
    assert shown <= {"KH", ""} and "KH" in shown
    assert client.get(LOG, {"country": "VN"}).context["form"].errors["country"]


def test_managers_and_analysts_may_not_read_it(client, django_user_model):
    _reader(client, django_user_model, role=Role.COUNTRY_MANAGER, country="KH")
    assert client.get(LOG).status_code == 403
    assert client.get(CSV).status_code == 403


def test_role_grant_changes_keep_old_and_new_values(client, staff_user, django_user_model):
    client.force_login(staff_user)
    analyst = django_user_model.objects.create_user("someone", password="x-long-password")
    grant = RoleGrant.objects.create(user=analyst, role=Role.AUDITOR, country="KH")
    url = reverse("admin:trainer_registry_rolegrant_change", args=[grant.pk])
    response = client.post(
        url, {"user": analyst.pk, "role": Role.ME_ANALYST, "country": "VN", "person": ""}
    )
    assert response.status_code == 302, response.content
    entry = AuditEvent.objects.get(action="change", object_type="rolegrant")
    assert entry.detail["changes"] == {
        "country": ["KH", "VN"],
        "role": [Role.AUDITOR.label, Role.ME_ANALYST.label],
    }
    response = client.post(
        reverse("admin:trainer_registry_rolegrant_delete", args=[grant.pk]), {"post": "yes"}
    )
    deleted = AuditEvent.objects.get(action="delete", object_type="rolegrant")
    assert deleted.detail["values"]["role"] == Role.ME_ANALYST.label
    assert deleted.detail["values"]["user"] == "someone"


def test_the_record_filter_offers_the_kinds_in_the_readers_reach(client, django_user_model, trail):
    def offered(response) -> list[str]:
        return [value for value, _label in response.context["form"].fields["record"].choices]

    audit.record(None, AuditAction.VIEW, "trainingevent", "ntp-vn-01", country="VN")
    _reader(client, django_user_model)
    kinds = ["issuedcertificate", "person", "trainingevent"]
    assert sorted(offered(client.get(LOG))[1:]) == kinds
    # Every kind once, now the audit log itself too (the reader's own listing).
    kinds = ["auditevent", *kinds]
    assert sorted(offered(client.get(LOG))[1:]) == kinds
    assert record_types(None) == kinds
    # Cambodia's auditor: Cambodia's kinds and those of no country, never Viet Nam's.
    _reader(client, django_user_model, country="KH")
    assert sorted(offered(client.get(LOG))[1:]) == ["auditevent", "person"]
    assert record_types({"KH", "LA"}) == ["auditevent", "person"]
    assert record_types(set()) == ["auditevent", "person"]  # the list of people: no country
    assert record_types({"VN"}) == ["auditevent", "issuedcertificate", "person", "trainingevent"]


def test_the_log_counts_its_entries_only_ten_pages_past_the_one_shown(client, django_user_model):
    """The log grows with every page read: past ten pages beyond the one shown it says
    "More than" that many, counted along no more rows; below that the total is exact."""
    _reader(client, django_user_model)
    AuditEvent.objects.bulk_create(
        AuditEvent(username="manager-kh", action=AuditAction.VIEW, object_type="person")
        for _ in range(1150)
    )
    with CaptureQueriesContext(connection) as statements:
        first = client.get(LOG).content.decode()
    assert "More than 1100 entries" in first
    # Opened without filters, it reads whether an entry lies past the bound: one id.
    (counted,) = [q["sql"] for q in statements.captured_queries if "OFFSET 1100" in q["sql"]]
    assert "auditevent" in counted and "LIMIT 1 " in counted
    assert 'rel="next"' in first
    last = client.get(LOG, {"page": 12}).content.decode()  # its reach covers every entry
    assert "1152 entries" in last and "More than" not in last
    with CaptureQueriesContext(connection) as statements:
        filtered = client.get(LOG, {"action": "view"}).content.decode()
    assert "More than 1100 entries" in filtered
    (count,) = [q["sql"] for q in statements.captured_queries if "COUNT(" in q["sql"]]
    assert "LIMIT 1101" in count


@pytest.mark.parametrize(("role", "country"), [(Role.AUDITOR, ""), (Role.AUDITOR, "KH")])
def test_the_log_as_it_opens_shows_the_entries_the_query_gives(
    client, django_user_model, trail, role, country
):
    """The log as it opens reads its pages and its count with kept statements (decision
    0037): each page's entries are the reader's reach, newest first, as the query of
    every entry gives them; a page asked with empty filters is the same page."""
    _reader(client, django_user_model, role, country)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            username=f"trainer-{n % 3}",
            action=AuditAction.VIEW,
            object_type="person",
            object_id=f"p-{n}",
            country=("KH", "VN", "")[n % 3],
        )
        for n in range(230)
    )
    reach = AuditEvent.objects.all()
    if country:
        reach = reach.filter(country__in=[country, ""])
    pages = 3 if not country else 2  # 233 entries in every country, 157 in Cambodia's reach
    for number in range(1, pages + 1):
        page = client.get(LOG, {"page": number})
        listed = [(e.at, e.username, e.object_id) for e in page.context["page_obj"]]
        expected = reach.values_list("at", "username", "object_id")[
            (number - 1) * 100 : number * 100
        ]
        assert listed == list(expected)
        assert page.context["paginator"].count == reach.count()
    empty = client.get(LOG, {"user": "", "action": "", "page": 2})
    assert [e.object_id for e in empty.context["page_obj"]] == list(
        reach.values_list("object_id", flat=True)[100:200]
    )


def test_the_filters_as_the_log_opens_are_made_once_for_readers_alike(
    client, django_user_model, trail
):
    """The unfiltered log's filters are the same for every reader of the same countries,
    language and site: made once and kept, the same HTML a form made for the request
    writes; a filtered log (or another reach or language) has its own."""
    _reader(client, django_user_model)
    audit.record(None, AuditAction.VIEW, "auditevent")  # the kinds stay as they are
    real = audit_log.render_to_string

    with forms_rendered(audit_log, "trainer_registry/audit_filters.html") as made:
        first = client.get(LOG).content.decode()
        assert client.get(LOG).content.decode().count("<select") >= 3
        assert client.get(LOG, {"page": "1"}).status_code == 200
        assert len(made) <= 1  # none when an earlier test kept the same filters
        expected = audit_log.AuditFilterForm(None, countries=None, record_types=record_types(None))
        assert real("trainer_registry/audit_filters.html", {"form": expected}) in first

        made.clear()
        filtered = client.get(LOG, {"action": "view"}).content.decode()
        assert len(made) == 1 and made[0].is_bound
        assert '<option value="view" selected>' in filtered

        made.clear()
        khmer = client.get(LOG, HTTP_ACCEPT_LANGUAGE="km").content.decode()
        assert len(made) <= 1
        filters = khmer.split('class="filters audit-filters"')[1].split("</form>")[0]
        assert "លេខសម្គាល់កំណត់ត្រា" in filters  # "Record id": the filters in Khmer

    # A Cambodian auditor's filters offer Cambodia's kinds and country alone.
    _reader(client, django_user_model, country="KH")
    page = client.get(LOG).content.decode()
    country_filter = page.split('name="country"')[1].split("</select>")[0]
    assert 'value="KH"' in country_filter and 'value="VN"' not in country_filter
    record_filter = page.split('name="record"')[1].split("</select>")[0]
    assert 'value="issuedcertificate"' not in record_filter
