"""One learner, one step (commit_training.compat.claim_once): of the requests naming the
same step of the same block for the same learner, only the first goes on."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from django.core.cache import caches

from commit_training import compat


def _block(usage="course.kc.u1", user="amara"):
    runtime = SimpleNamespace(service=lambda block, name: None)
    return SimpleNamespace(scope_ids=SimpleNamespace(usage_id=usage, user_id=user), runtime=runtime)


def test_a_step_is_claimed_once_per_block_and_learner():
    assert compat.claim_once(_block(), "attempt 1")
    assert not compat.claim_once(_block(), "attempt 1")
    assert compat.claim_once(_block(), "attempt 2")
    assert compat.claim_once(_block(user="bopha"), "attempt 1")
    assert compat.claim_once(_block(usage="course.kc.u2"), "attempt 1")


def test_without_a_learner_nothing_is_guarded():
    assert compat.claim_once(_block(user=None), "attempt 1")
    assert compat.claim_once(_block(user=None), "attempt 1")


def test_a_claim_lapses_after_its_seconds():
    assert compat.claim_once(_block(), "answer", seconds=0.05)
    threading.Event().wait(0.1)
    assert compat.claim_once(_block(), "answer", seconds=0.05)


def test_claims_go_to_djangos_shared_cache_where_django_is_configured():
    assert compat._claim_store() is caches["default"]
    assert compat.claim_once(_block(), "attempt 1")
    caches["default"].clear()
    assert compat.claim_once(_block(), "attempt 1")


@pytest.mark.parametrize("where", ["local", "django"])
def test_of_fifty_threads_one_claims(where, monkeypatch):
    store = compat._LocalClaims() if where == "local" else caches["default"]
    monkeypatch.setattr(compat, "_claim_store", lambda: store)
    start, won = threading.Barrier(50), []

    def claim():
        start.wait()
        won.append(compat.claim_once(_block(), "attempt 1"))

    threads = [threading.Thread(target=claim) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert won.count(True) == 1 and len(won) == 50
