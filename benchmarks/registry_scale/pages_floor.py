"""The floors of the pages benchmark, served beside the site by the benchmark's settings.

A floor is what a page or an API list shows, fetched by ONE hand-written SQL statement
and written out as JSON: no ORM, no template, no serializer, no form, no audit entry.
It answers under ``/floor/<name>/`` in the same gunicorn worker as the site and behind the
same middleware (sessions, locale, CSRF, login), and it reads the logged-in user as the
pages do, so a page and its floor pay the same HTTP and session costs; what differs is
only the work the product does to build what it shows.

What each floor fetches (``FLOORS``):

* the staff lists (people found by a search, trainings, certified trainers, audit log):
  the rows of the page shown, without the list's total;
* a person, a training: the record and what its page lists, one row each;
* a campaign: its disposition counts and the first page of its sampled people;
* the analytics pages: the figures as SQL aggregates (the dashboard's counts by country,
  knowledge gain's sums by programme, attrition's counts by sector and disposition), and
  the cascade's deliveries with their number of participants;
* the API lists: the first page of 50 rows, with the total count the API answers.

The SQL is SQLite's (the benchmark's registries are SQLite files).
"""

# The statements are built from the fixed table names below and take every value as a
# parameter: nothing from a request is formatted into them.
# ruff: noqa: S608

from __future__ import annotations

import json
import uuid

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import include, path

T = "trainer_registry_"
PERSON, EVENT, PART = f"{T}person", f"{T}trainingevent", f"{T}participation"
PROG, ORG, SPELL = f"{T}programme", f"{T}organisation", f"{T}positionspell"
CERT, ISSUED, AUDIT = f"{T}trainercertification", f"{T}issuedcertificate", f"{T}auditevent"
CAMPAIGN, MEMBER = f"{T}followupcampaign", f"{T}campaignmember"
INVITE, ANSWER, ITEM = f"{T}invitation", f"{T}followupresponse", f"{T}itemresponse"
CO = f"{T}trainingevent_co_trainers"


def count_queries(get_response):
    """Middleware: the number of SQL statements of the request, in ``X-Queries``."""

    def middleware(request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = get_response(request)
        response["X-Queries"] = str(count)
        return response

    return middleware


def _uuid(value: str) -> str:
    return uuid.UUID(value).hex  # as SQLite stores a UUIDField


# name -> (SQL, the query-string parameters it takes, in order, each with its converter)
FLOORS: dict[str, tuple[str, tuple[tuple[str, object], ...]]] = {
    "dashboard": (
        f"""SELECT p.country, COUNT(*),
          SUM(CASE WHEN p.sex = 'female' THEN 1 ELSE 0 END),
          SUM(CASE WHEN p.sex = 'male' THEN 1 ELSE 0 END),
          SUM(CASE WHEN EXISTS (SELECT 1 FROM {SPELL} s WHERE s.person_id = p.id
              AND s.is_anti_trafficking AND s.ended_on IS NULL) THEN 1 ELSE 0 END),
          SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM {SPELL} s WHERE s.person_id = p.id
              AND s.is_anti_trafficking AND s.ended_on IS NULL)
              AND EXISTS (SELECT 1 FROM {SPELL} s WHERE s.person_id = p.id
              AND s.is_anti_trafficking) THEN 1 ELSE 0 END),
          (SELECT COUNT(*) FROM {EVENT} e WHERE e.country = p.country),
          (SELECT COUNT(*) FROM {PART} pa JOIN {PERSON} q ON q.id = pa.person_id
              WHERE q.country = p.country)
        FROM {PERSON} p GROUP BY p.country ORDER BY p.country""",
        (),
    ),
    "people-search": (
        f"""SELECT p.public_id, p.name_latin, p.name_local, p.language, p.country,
          (SELECT COUNT(*) FROM {PART} pa WHERE pa.person_id = p.id)
        FROM {PERSON} p WHERE p.name_latin LIKE '%%' || %s || '%%'
          OR p.name_local LIKE '%%' || %s || '%%'
        ORDER BY p.name_latin, p.id LIMIT 50""",
        (("q", str), ("q", str)),
    ),
    "person": (
        f"""WITH me AS (SELECT id FROM {PERSON} WHERE public_id = %s)
        SELECT 'person', p.name_latin, p.name_local, p.country, p.sex, p.email, p.phone,
          NULL, NULL FROM {PERSON} p WHERE p.id = (SELECT id FROM me)
        UNION ALL SELECT 'spell', o.name, s.title, s.started_on, s.ended_on, s.end_reason,
          s.is_anti_trafficking, NULL, NULL
          FROM {SPELL} s JOIN {ORG} o ON o.id = s.organisation_id
          WHERE s.person_id = (SELECT id FROM me)
        UNION ALL SELECT 'training', e.code, e.title, pr.name, e.starts_on,
          pa.pre_test_score, pa.post_test_score, pa.completed,
          (SELECT COUNT(*) FROM {ITEM} i WHERE i.participation_id = pa.id)
          FROM {PART} pa JOIN {EVENT} e ON e.id = pa.event_id
          JOIN {PROG} pr ON pr.id = e.programme_id WHERE pa.person_id = (SELECT id FROM me)
        UNION ALL SELECT 'certification', pr.name, c.level, c.status, c.certified_on,
          c.valid_until, NULL, NULL, NULL
          FROM {CERT} c JOIN {PROG} pr ON pr.id = c.programme_id
          WHERE c.person_id = (SELECT id FROM me)""",
        (("id", _uuid),),
    ),
    "training": (
        f"""SELECT e.code, e.title, e.country, e.starts_on, e.ends_on, pr.name,
          lt.name_latin, p.public_id, p.name_latin, p.name_local, o.name, pa.role,
          pa.attendance_percent, pa.pre_test_score, pa.post_test_score, pa.completed
        FROM {EVENT} e JOIN {PROG} pr ON pr.id = e.programme_id
          LEFT JOIN {PERSON} lt ON lt.id = e.lead_trainer_id
          LEFT JOIN {PART} pa ON pa.event_id = e.id
          LEFT JOIN {PERSON} p ON p.id = pa.person_id
          LEFT JOIN {ORG} o ON o.id = pa.organisation_id
        WHERE e.code = %s ORDER BY p.name_latin""",
        (("code", str),),
    ),
    "campaign": (
        f"""SELECT * FROM (SELECT 'count', m.disposition, COUNT(*), NULL, NULL, NULL
          FROM {MEMBER} m WHERE m.campaign_id = (SELECT id FROM {CAMPAIGN} WHERE code = %s)
          GROUP BY m.disposition)
        UNION ALL SELECT * FROM (SELECT 'member', p.public_id, p.name_latin, m.disposition,
          (SELECT MAX(i.wave) FROM {INVITE} i WHERE i.member_id = m.id),
          EXISTS (SELECT 1 FROM {ANSWER} r WHERE r.member_id = m.id)
          FROM {MEMBER} m JOIN {PERSON} p ON p.id = m.person_id
          WHERE m.campaign_id = (SELECT id FROM {CAMPAIGN} WHERE code = %s)
          ORDER BY p.name_latin, m.id LIMIT 50)""",
        (("code", str), ("code", str)),
    ),
    "attrition": (
        f"""SELECT o.sector, m.disposition, COUNT(*), SUM(m.base_weight),
          SUM(CASE WHEN r.still_in_role = 'no' THEN 1 ELSE 0 END)
        FROM {MEMBER} m JOIN {PERSON} p ON p.id = m.person_id
          LEFT JOIN {SPELL} s ON s.id = (SELECT s2.id FROM {SPELL} s2
            WHERE s2.person_id = p.id ORDER BY s2.started_on DESC LIMIT 1)
          LEFT JOIN {ORG} o ON o.id = s.organisation_id
          LEFT JOIN {ANSWER} r ON r.id = (SELECT r2.id FROM {ANSWER} r2
            WHERE r2.member_id = m.id ORDER BY r2.wave DESC LIMIT 1)
        WHERE m.campaign_id = (SELECT id FROM {CAMPAIGN} WHERE code = %s)
          AND p.country = %s AND p.consents_to_follow_up AND p.erased_at IS NULL
        GROUP BY o.sector, m.disposition""",
        (("campaign", str), ("country", str)),
    ),
    "knowledge-gain": (
        f"""SELECT pr.code, pr.name, COUNT(*),
          SUM(pa.post_test_score - pa.pre_test_score),
          SUM((pa.post_test_score - pa.pre_test_score)
              * (pa.post_test_score - pa.pre_test_score)),
          SUM(CASE WHEN pa.post_test_score >= 75 THEN 1 ELSE 0 END)
        FROM {PART} pa JOIN {PERSON} p ON p.id = pa.person_id
          JOIN {EVENT} e ON e.id = pa.event_id JOIN {PROG} pr ON pr.id = e.programme_id
        WHERE pa.role = 'participant' AND p.country = %s AND pr.kind = %s
          AND pa.pre_test_score IS NOT NULL AND pa.post_test_score IS NOT NULL
        GROUP BY pr.code, pr.name ORDER BY pr.code""",
        (("country", str), ("programme", str)),
    ),
    "cascade": (
        f"""SELECT e.code, e.ends_on, t.public_id,
          (SELECT COUNT(*) FROM {PART} pa WHERE pa.event_id = e.id
            AND pa.role = 'participant')
        FROM {EVENT} e JOIN (SELECT id AS event_id, lead_trainer_id AS person_id FROM {EVENT}
            WHERE lead_trainer_id IS NOT NULL
          UNION SELECT trainingevent_id, person_id FROM {CO}) d ON d.event_id = e.id
          JOIN {PERSON} t ON t.id = d.person_id
        WHERE e.country = %s ORDER BY e.code, t.public_id""",
        (("country", str),),
    ),
    "trainings": (
        f"""SELECT e.code, e.title, e.country, e.starts_on, e.ends_on, pr.name, lt.name_latin,
          (SELECT COUNT(*) FROM {PART} pa WHERE pa.event_id = e.id),
          (SELECT COUNT(*) FROM {PART} pa JOIN {PERSON} q ON q.id = pa.person_id
            WHERE pa.event_id = e.id AND q.sex = 'female'),
          (SELECT COUNT(*) FROM {PART} pa JOIN {PERSON} q ON q.id = pa.person_id
            WHERE pa.event_id = e.id AND q.sex = 'male')
        FROM {EVENT} e JOIN {PROG} pr ON pr.id = e.programme_id
          LEFT JOIN {PERSON} lt ON lt.id = e.lead_trainer_id
        ORDER BY e.starts_on DESC, e.code LIMIT 50""",
        (),
    ),
    "trainers": (
        f"""SELECT p.public_id, p.name_latin, p.name_local, p.country, pr.name, c.level,
          c.status, c.certified_on, c.valid_until
        FROM {CERT} c JOIN {PERSON} p ON p.id = c.person_id
          JOIN {PROG} pr ON pr.id = c.programme_id
        WHERE NOT EXISTS (SELECT 1 FROM {CERT} s WHERE s.supersedes_id = c.id)
        ORDER BY c.certified_on DESC, c.id LIMIT 100""",
        (),
    ),
    "audit-log": (
        f"""SELECT at, username, action, object_type, object_id, country, detail
        FROM {AUDIT} ORDER BY at DESC, id DESC LIMIT 100""",
        (),
    ),
    "api-organisations": (
        f"""SELECT id, name, name_local, country, sector, parent_id, is_government,
          (SELECT COUNT(*) FROM {ORG})
        FROM {ORG} ORDER BY country, name, id LIMIT 50""",
        (),
    ),
    "api-people": (
        f"""SELECT public_id, name_latin, name_local, language, sex, country, email, phone,
          consents_to_follow_up, consent_recorded_on, (SELECT COUNT(*) FROM {PERSON})
        FROM {PERSON} ORDER BY name_latin, id LIMIT 50""",
        (),
    ),
    "api-events": (
        f"""SELECT e.code, e.title, pr.code, e.country, e.place, e.language, e.starts_on,
          e.ends_on, lt.public_id, e.course_run,
          (SELECT COUNT(*) FROM {PART} pa WHERE pa.event_id = e.id),
          (SELECT COUNT(*) FROM {EVENT})
        FROM {EVENT} e JOIN {PROG} pr ON pr.id = e.programme_id
          LEFT JOIN {PERSON} lt ON lt.id = e.lead_trainer_id
        ORDER BY e.starts_on DESC, e.code LIMIT 50""",
        (),
    ),
    "api-participations": (
        f"""SELECT e.code, p.public_id, pa.role, pa.attendance_percent, pa.pre_test_score,
          pa.post_test_score, pa.completed, pa.completed_on, (SELECT COUNT(*) FROM {PART})
        FROM {PART} pa JOIN {EVENT} e ON e.id = pa.event_id
          JOIN {PERSON} p ON p.id = pa.person_id
        ORDER BY e.code, p.public_id LIMIT 50""",
        (),
    ),
    "api-certifications": (
        f"""SELECT c.id, p.public_id, pr.code, c.level, c.status, c.status_reason,
          c.certified_on, c.valid_until, c.supersedes_id, (SELECT COUNT(*) FROM {CERT})
        FROM {CERT} c JOIN {PERSON} p ON p.id = c.person_id
          JOIN {PROG} pr ON pr.id = c.programme_id
        ORDER BY c.certified_on DESC, c.id LIMIT 50""",
        (),
    ),
    "api-campaigns": (
        f"""SELECT c.code, c.name, c.status, c.design, c.allocation, c.countries, c.sectors,
          (SELECT group_concat(pr.code) FROM {CAMPAIGN}_programmes cp
            JOIN {PROG} pr ON pr.id = cp.programme_id WHERE cp.followupcampaign_id = c.id),
          c.trained_from, c.trained_until, c.sample_size, c.seed, c.drawn_at,
          (SELECT json_group_object(d, n) FROM (SELECT m.disposition AS d, COUNT(*) AS n
            FROM {MEMBER} m WHERE m.campaign_id = c.id GROUP BY m.disposition)),
          (SELECT COUNT(*) FROM {CAMPAIGN})
        FROM {CAMPAIGN} c ORDER BY c.code LIMIT 50""",
        (),
    ),
    "api-certificates": (
        f"""SELECT i.code, i.kind, i.status, p.public_id, e.code, i.issued_on, t.public_id,
          (SELECT COUNT(*) FROM {ISSUED})
        FROM {ISSUED} i JOIN {PERSON} p ON p.id = i.person_id
          LEFT JOIN {EVENT} e ON e.id = i.event_id
          LEFT JOIN {PERSON} t ON t.id = i.issued_by_id
        ORDER BY i.issued_on DESC, i.id DESC LIMIT 50""",
        (),
    ),
}


def floor(request, name: str):
    """One floor: its single statement, its rows as JSON."""
    if not request.user.is_authenticated:  # the session and the user, as a page reads them
        return JsonResponse({"detail": "login first"}, status=403)
    if name not in FLOORS:
        return JsonResponse({"detail": f"no floor {name!r}"}, status=404)
    sql, parameters = FLOORS[name]
    try:
        values = [convert(request.GET[key]) for key, convert in parameters]
    except (KeyError, ValueError) as error:
        return JsonResponse({"detail": f"bad or missing parameter: {error}"}, status=400)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    body = json.dumps({"rows": rows}, default=str, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json")


urlpatterns = [
    path("floor/<slug:name>/", floor),
    path("", include("commit_site.urls")),
]
