"""Transactional tests empty every table when they end; the rows migrations made come back."""

import pytest
from django.contrib.auth.models import Group

from rankings.models import SDG


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", ["first", "second"])
def test_sdgs_and_staff_groups_exist_in_every_transactional_test(run):
    assert SDG.objects.count() == 17
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Data staff"}
    assert (
        Group.objects.get(name="Data staff").permissions.filter(codename="import_result").exists()
    )
    assert (
        Group.objects.get(name="Editors")
        .permissions.filter(codename="change_pressrelease")
        .exists()
    )
    SDG.objects.filter(number=17).delete()  # emptied at the end of the test either way
