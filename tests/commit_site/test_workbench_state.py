"""The demo site's per-request store of XBlock state (commit_site/workbench_state.py)."""

import json
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from workbench.models import XBlockState
from xblock.fields import Scope
from xblock.runtime import KeyValueStore

from commit_site.workbench_state import RequestStateStore, row_key

pytestmark = pytest.mark.django_db

USAGE = "a-scenario.commit_knowledge_check.d0.u0"


def key(field_name, *, user="amara", scope=Scope.user_state, block_scope_id=USAGE):
    return KeyValueStore.Key(
        scope=scope, user_id=user, block_scope_id=block_scope_id, field_name=field_name
    )


def stored(user="amara", scope="usage", scope_id=USAGE):
    rows = XBlockState.objects.filter(scope=scope, scope_id=scope_id, user_id=user)
    return [json.loads(state) for state in rows.values_list("state", flat=True)]


def test_rows_are_laid_out_as_the_workbench_lays_them_out():
    assert row_key(key("answers")) == ("usage", USAGE, "amara")
    assert row_key(key("display_name", user=None, scope=Scope.settings)) == ("usage", USAGE, None)
    assert row_key(
        key("results", scope=Scope.preferences, block_scope_id="commit_knowledge_check")
    ) == ("type", "commit_knowledge_check", "amara")
    assert row_key(key("x", user=None, scope=Scope.children)) == ("children", USAGE, None)


def test_a_read_creates_nothing_and_a_missing_field_is_a_key_error():
    store = RequestStateStore()
    assert not store.has(key("answers"))
    with pytest.raises(KeyError):
        store.get(key("answers"))
    assert XBlockState.objects.count() == 0


def test_fields_saved_together_make_one_row_read_back_by_a_new_store():
    store = RequestStateStore()
    store.set_many({key("answers"): {"q1": ["a"]}, key("attempts"): 1})
    (row,) = XBlockState.objects.filter(user_id="amara")
    assert (row.scope, row.scope_id, row.scenario, row.tag) == (
        "usage",
        USAGE,
        "a-scenario",
        "commit_knowledge_check",
    )
    assert row.created is not None and row.created.tzinfo is not None
    fresh = RequestStateStore()
    assert fresh.get(key("answers")) == {"q1": ["a"]}
    assert fresh.get(key("attempts")) == 1


def test_one_request_reads_a_row_once_and_writes_in_one_transaction():
    XBlockState.objects.create(
        scope="usage", scope_id=USAGE, user_id="amara", state=json.dumps({"attempts": 1})
    )
    store = RequestStateStore()
    with CaptureQueriesContext(connection) as reads:
        for name in ("attempts", "answers", "result", "attempts"):
            store.has(key(name))
    assert len(reads.captured_queries) == 1
    with CaptureQueriesContext(connection) as writes:
        store.set_many({key("attempts"): 2, key("answers"): {"q1": ["b"]}})
    updates = [q for q in writes.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert stored() == [{"answers": {"q1": ["b"]}, "attempts": 2}]


def test_the_rows_of_several_scopes_are_read_in_one_query_first_record_first():
    settings_row = ("usage", USAGE, None)
    preferences_row = ("type", "commit_knowledge_check", "amara")
    XBlockState.objects.create(
        scope="usage", scope_id=USAGE, user_id="amara", state=json.dumps({"attempts": 1})
    )
    # Two records of one row (two first requests at once): the first is the row.
    XBlockState.objects.create(
        scope="usage", scope_id=USAGE, user_id=None, state=json.dumps({"weight": 2.0})
    )
    XBlockState.objects.create(
        scope="usage", scope_id=USAGE, user_id=None, state=json.dumps({"weight": 9.0})
    )
    keys = [
        key("attempts"),
        key("weight", user=None, scope=Scope.settings),
        key("results", scope=Scope.preferences, block_scope_id="commit_knowledge_check"),
    ]
    assert {row_key(k) for k in keys} == {("usage", USAGE, "amara"), settings_row, preferences_row}
    store = RequestStateStore()
    with CaptureQueriesContext(connection) as reads:
        store.read_rows(keys)
        assert store.get(keys[0]) == 1
        assert store.get(keys[1]) == 2.0
        assert not store.has(keys[2])
        store.read_rows(keys)
    assert len(reads.captured_queries) == 1
    # A row found missing is created when written, as with a row read on its own.
    store.set_many({keys[2]: {"pre": 3}})
    assert stored(scope="type", scope_id="commit_knowledge_check") == [{"results": {"pre": 3}}]


def test_a_row_is_found_along_one_index_whatever_the_number_of_learners():
    """The store's lookup (scope id, user id, scope) has an index of its own: with the
    single-column indexes alone, SQLite took the scope id's, and every answer read the
    records of every learner who had answered the block before."""
    indexes = connection.introspection.get_constraints(connection.cursor(), "workbench_xblockstate")
    assert indexes["workbench_xblockstate_row"]["columns"] == ["scope_id", "user_id", "scope"]
    XBlockState.objects.bulk_create(
        XBlockState(scope="usage", scope_id=USAGE, user_id=f"learner-{n}") for n in range(300)
    )
    store = RequestStateStore()
    with CaptureQueriesContext(connection) as reads:
        store.read_rows([key("attempts"), key("weight", user=None, scope=Scope.settings)])
    if connection.vendor == "sqlite":  # the plan of the statement the store sent
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {reads.captured_queries[0]['sql']}")
            plan = " ".join(str(step[-1]) for step in cursor.fetchall())
        assert "workbench_xblockstate_row" in plan and "scope_id_" not in plan


def test_a_block_made_by_the_sites_runtime_reads_its_rows_at_once():
    from workbench import views
    from workbench.scenarios import get_scenarios, init_scenarios

    init_scenarios()
    get_scenarios.initialized = True
    root = views.WorkbenchRuntime("amara").get_block(
        get_scenarios()["commit_course_evaluation.0"].usage_id
    )
    (usage,) = [c for c in root.children if ".commit_course_evaluation." in str(c)]
    runtime = views.WorkbenchRuntime("amara")
    with CaptureQueriesContext(connection) as reads:
        block = runtime.get_block(usage)
        read = (block.display_name, block.answers, block.content_xml)  # settings, state, content
    assert len(reads.captured_queries) == 1
    assert read[2]  # the evaluation's questions, from the content row


def test_a_concurrent_write_to_another_field_of_the_row_is_kept():
    first, second = RequestStateStore(), RequestStateStore()
    assert not first.has(key("choice"))
    assert not second.has(key("tally"))
    first.set_many({key("choice"): "R"})
    second.set_many({key("tally"): {"R": 1}})
    assert stored() == [{"choice": "R", "tally": {"R": 1}}]


def test_delete_removes_the_field_from_the_stored_row():
    store = RequestStateStore()
    store.set_many({key("answers"): {"q1": ["a"]}, key("attempts"): 1})
    store.delete(key("answers"))
    assert not store.has(key("answers"))
    assert stored() == [{"attempts": 1}]


def test_the_site_serves_the_workbench_with_the_store():
    from workbench import views

    runtime = views.WorkbenchRuntime("amara")
    assert isinstance(runtime._services["field-data"]._kvs, RequestStateStore)


@pytest.mark.django_db(transaction=True)
def test_concurrent_learners_all_get_their_answer_stored():
    """Thread per learner, as gunicorn's threads: no write fails, none is lost."""
    errors = []

    def learner(number):
        try:
            RequestStateStore().set_many({key("answers", user=f"learner-{number}"): number})
        except Exception as error:  # collected for the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=learner, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    values = sorted(
        json.loads(s)["answers"]
        for s in XBlockState.objects.filter(scope_id=USAGE).values_list("state", flat=True)
    )
    assert values == list(range(12))


def test_a_learners_first_submit_through_the_site_is_stored_and_read_back():
    from workbench.scenarios import get_scenarios, init_scenarios

    init_scenarios()
    get_scenarios.initialized = True
    client = Client()
    page = client.get("/workbench/scenario/commit_interview_sim.0/?student=amara")
    (usage,) = [
        found
        for found in re.findall(r"data-usage='([^']+)'", page.content.decode())
        if ".commit_interview_sim." in found
    ]

    def choose(choice):
        return client.post(
            f"/workbench/handler/{usage}/choose/?student=amara",
            data=json.dumps({"choice": choice}),
            content_type="application/json",
        )

    assert choose("needs_first").status_code == 200
    assert [row["path"] for row in stored(scope_id=usage)] == [["needs_first"]]
    # The next request reads the stored path: the first node's choice is no longer offered.
    again = choose("needs_first")
    assert again.status_code == 400 and again.json()["field"] == "choice"
    assert choose("consent").status_code == 200
    assert [row["path"] for row in stored(scope_id=usage)] == [["needs_first", "consent"]]


def test_sqlite_connections_are_kept_between_requests(tmp_path):
    from commit_site.database import parse_database_url

    assert parse_database_url("sqlite:///site.db", base_dir=tmp_path)["CONN_MAX_AGE"] >= 60


def test_the_workbench_logs_each_request_only_when_asked_for_debugging():
    import logging
    import os

    debugging = os.environ.get("COMMIT_LOG_LEVEL") == "DEBUG"
    assert logging.getLogger("workbench.runtime").isEnabledFor(logging.INFO) is debugging
    assert logging.getLogger("workbench.views").isEnabledFor(logging.WARNING)


def test_an_unknown_store_setting_is_refused_by_name(settings):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    settings.COMMIT_WORKBENCH_STORE = "redis"
    with pytest.raises(ImproperlyConfigured, match="COMMIT_WORKBENCH_STORE='redis'"):
        apps.get_app_config("commit_site").ready()
