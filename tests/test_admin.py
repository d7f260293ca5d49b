"""The Django admin: every registered page opens for a superuser; staff accounts get 404."""

import pytest
from django.contrib import admin
from django.urls import reverse

MODELS = [model for model in admin.site._registry]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_superuser_opens_every_changelist(tree, superuser, client_for, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client_for(superuser).get(url).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_a_county_editor_gets_404_on_every_changelist(tree, editor_a, client_for, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client_for(editor_a).get(url).status_code == 404
