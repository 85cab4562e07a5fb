"""The schools list, with how many editions each institution is ranked in.

The schools app's admin knows nothing of results; this one, a layer above, adds the column.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.admin import count_of
from common.numbers import grouped
from schools import admin as schools_admin
from schools.models import School

from ..models import Result

admin.site.unregister(School)


@admin.register(School)
class SchoolAdmin(schools_admin.SchoolAdmin):
    list_display = [*schools_admin.SchoolAdmin.list_display, "result_count"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[School]:
        return super().get_queryset(request).annotate(result_count=count_of(Result, "school"))

    @admin.display(description=_("editions ranked"), ordering="result_count")
    def result_count(self, school: School) -> str:
        return grouped(school.result_count)
