"""The filters of the schools list, read from the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import School
from .selectors import SchoolFilters


class SchoolFilterForm(forms.Form):
    group = forms.SlugField(label=_("Group"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", ""), *School.Kind.choices]
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise forms.ValidationError(_("Unknown country code."))
        return code

    def filters(self) -> SchoolFilters:
        """The valid filters; a bad value is reported on the page and otherwise ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return SchoolFilters(
            group=data.get("group") or "",
            kind=data.get("kind") or "",
            country=data.get("country") or "",
        )
