"""Indexes: every foreign key can be followed both ways, and no index repeats another's start.

Each index costs a write on every imported row; one whose columns begin another index's
columns serves no query the longer one does not (migrations 0006 and 0008 of rankings, 0005
of schools dropped such indexes). The check reads the database itself, on SQLite and
PostgreSQL alike.
"""

import pytest
from django.apps import apps
from django.db import connection, models

pytestmark = pytest.mark.django_db

APPS = ["schools", "rankings", "press"]


def project_models():
    return [model for app in APPS for model in apps.get_app_config(app).get_models()]


def indexes(model) -> list[tuple[str, list[str], bool]]:
    """(name, columns, unique) of each index of the model's table, primary key included."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        (name, info["columns"], bool(info["unique"] or info["primary_key"]))
        for name, info in constraints.items()
        if (info["index"] or info["unique"] or info["primary_key"])
        and info["columns"]
        # PostgreSQL's *_like indexes (varchar_pattern_ops) serve LIKE 'prefix%' only.
        and not name.endswith("_like")
    ]


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model._meta.label)
def test_every_foreign_key_leads_an_index(model):
    leading = {columns[0] for _name, columns, _unique in indexes(model)}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey):
            assert field.column in leading, f"{model._meta.label}.{field.name} has no index"


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model._meta.label)
def test_no_plain_index_is_the_start_of_another(model):
    found = indexes(model)
    for name, columns, unique in found:
        if unique:
            continue  # a unique index is a constraint, not only a way to find rows
        longer = [
            other
            for other, other_columns, _unique in found
            if other != name and other_columns[: len(columns)] == columns
        ]
        assert not longer, f"{name} {columns} is the start of {longer}"
