"""The filters of the public ranking tables, read from the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .selectors.tables import SORTS, TableFilters


class TableFilterForm(forms.Form):
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    sdg = forms.IntegerField(label=_("SDG"), required=False, min_value=1, max_value=17)
    subject = forms.SlugField(label=_("Subject"), required=False, max_length=100)
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[(s, s) for s in SORTS])

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise forms.ValidationError(_("Unknown country code."))
        return code

    def filters(self) -> TableFilters:
        """The valid filters; a bad value is reported on the page and otherwise ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return TableFilters(
            country=data.get("country") or "",
            sdg=data.get("sdg"),
            q=data.get("q") or "",
            sort=data.get("sort") or "rank",
            subject=data.get("subject") or "",
        )
