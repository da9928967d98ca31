"""Every admin page of the registry opens for an administrator, with demo data in it."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from trainer_registry.demo import generator, loader

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [
    model for model in admin.site._registry if model._meta.app_label == "trainer_registry"
]


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda model: model._meta.model_name)
def test_changelist_and_first_change_page_open(admin_client, model):
    loader.load(generator.generate(seed=71))
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    first = model._default_manager.first()
    if first is not None:
        assert (
            admin_client.get(
                reverse("admin:{}_{}_change".format(*info), args=[first.pk])
            ).status_code
            == 200
        )
