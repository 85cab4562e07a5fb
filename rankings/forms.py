"""Forms of the rankings app.

In the admin an editor types a rank or a score as THE prints it, in one text box: a rank is
stored in three columns and a score range in two, and editors should never see them.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import RankedEntry, Result, SDGResult, SubjectResult
from .ranks import Rank, RankError

SCORE_MAX = Decimal(100)
SCORE_STEP = Decimal("0.1")

# The dashes people type between two scores: hyphen, non-breaking hyphen, figure dash,
# en dash, em dash, minus sign.
_DASH = "[" + re.escape("-\u2010\u2011\u2012\u2013\u2014\u2212") + "]"
_SCORE_RANGE = re.compile(rf"^(?P<low>.+?){_DASH}(?P<high>.+)$")


class ScoreRange(NamedTuple):
    """A score out of 100, or a range of two when THE publishes one ("72.3–77.5")."""

    low: Decimal
    high: Decimal | None = None

    def __str__(self) -> str:
        if self.high is None or self.high == self.low:
            return str(self.low)
        return f"{self.low}–{self.high}"


class _PrintedValueField(forms.CharField):
    """A text box for a value object: changed when its printed form changed.

    Rank equality ignores the tie, so comparing values would lose "57" -> "=57".
    """

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        return str(initial or "") != str(new or "")


class RankField(_PrintedValueField):
    """One text box for a rank: 57, =57, 101-200, [301–400], 1001+."""

    default_error_messages = {"invalid": "%(reason)s."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("As THE prints it: 57, =57 for a tie, 101–200, 1001+."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Rank | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return Rank.parse(text)
        except RankError as error:
            reason = str(error)
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"reason": reason[:1].upper() + reason[1:]},
            ) from error


class ScoreField(_PrintedValueField):
    """One text box for a score out of 100 or a range: 72.3, 72,3 or 72.3–77.5."""

    default_error_messages = {
        "invalid": _(
            "“%(value)s” is not a score: write a number such as 72.3, or a range such as 72.3–77.5."
        ),
        "out_of_range": _("A score is between 0 and 100, not %(value)s."),
        "too_precise": _("A score has at most one decimal, as THE prints it (not %(value)s)."),
        "reversed": _("The range %(value)s has its ends reversed: write the lower score first."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Out of 100: 72.3, or a range such as 72.3–77.5."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> ScoreRange | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = "".join(text.split())
        if match := _SCORE_RANGE.match(text):
            low, high = self._number(match["low"], text), self._number(match["high"], text)
            if high < low:
                raise ValidationError(
                    self.error_messages["reversed"], code="reversed", params={"value": text}
                )
            return ScoreRange(low, None if high == low else high)
        return ScoreRange(self._number(text, text))

    def _number(self, part: str, whole: str) -> Decimal:
        # A French editor writes 72,3; a score never has a thousands separator.
        try:
            number = Decimal(part.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": whole}
            )
        if not 0 <= number <= SCORE_MAX:
            raise ValidationError(
                self.error_messages["out_of_range"], code="out_of_range", params={"value": part}
            )
        rounded = number.quantize(SCORE_STEP)
        if rounded != number:
            raise ValidationError(
                self.error_messages["too_precise"], code="too_precise", params={"value": part}
            )
        return rounded


class VersionField(forms.CharField):
    """The row as the editor loaded it (a digest), carried through the form in a hidden input.

    It never counts as a change: an SDG row the editor did not touch is not saved again.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False


def row_version(model: type[models.Model], values: list[Any]) -> str:
    return hashlib.sha256(repr((model._meta.label, *values)).encode()).hexdigest()[:32]


CONFLICT = _(
    "Someone else saved this result since you opened it, so nothing was saved: it now reads "
    "%(now)s. Reload the page to see their changes, then make yours again."
)
DELETED = _("Someone else deleted this result since you opened it, so nothing was saved.")


# The form field of a positive integer stops at 0 (-1), the model's validator at 1 (0): one
# message for both.
NATIONAL_RANK_MESSAGES = {"national_rank": {"min_value": _("A national rank starts at 1.")}}


class RankedEntryForm(forms.ModelForm):
    """Edits a result's rank and score as text; writes the hidden columns behind them.

    Subclasses list their model's other fields; the rank and score columns stay off the form.
    Two editors saving the same row: the second is told, instead of silently overwriting the
    first (`version` holds the row as loaded; it is compared under a row lock at save).
    """

    rank = RankField(label=_("Rank"), required=False)
    score = ScoreField(label=_("Score"), required=False)
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry: RankedEntry = self.instance
        if entry.rank is not None:
            self.initial.setdefault("rank", entry.rank)
        if entry.score_low is not None:
            self.initial.setdefault("score", ScoreRange(entry.score_low, entry.score_high))
        if entry.pk is not None:
            self.initial["version"] = row_version(type(entry), self._row_values(entry))

    @staticmethod
    def _row_values(entry: RankedEntry) -> list[Any]:
        return [getattr(entry, f.attname) for f in entry._meta.concrete_fields]

    def _check_version(self) -> None:
        loaded = self.cleaned_data.get("version")
        entry: RankedEntry = self.instance
        # A form posted without a version (a script, an older page) is not checked; an inline
        # row the editor did not change is not saved, so it cannot overwrite anyone.
        if not loaded or entry.pk is None or (self.prefix and not self.has_changed()):
            return
        model = type(entry)
        # The admin saves inside a transaction: the lock holds until the save is committed,
        # so a second editor saving at the same moment waits, then sees the new version.
        current = model._default_manager.select_for_update().filter(pk=entry.pk).first()
        if current is None:
            raise ValidationError(DELETED, code="deleted")
        if row_version(model, self._row_values(current)) != loaded:
            now = str(current.rank or gettext("no rank"))
            if current.score_display:
                now = gettext("%(rank)s, score %(score)s") % {
                    "rank": now,
                    "score": current.score_display,
                }
            raise ValidationError(CONFLICT, code="conflict", params={"now": now})

    def clean(self) -> dict[str, Any]:
        self._check_version()
        cleaned = super().clean()
        # The columns are not form fields, so construct_instance leaves them alone.
        if "rank" in cleaned:
            self.instance.rank = cleaned["rank"]
        if "score" in cleaned:
            score: ScoreRange | None = cleaned["score"]
            self.instance.score_low = score.low if score else None
            self.instance.score_high = score.high if score else None
        return cleaned


class ResultForm(RankedEntryForm):
    rank = RankField(
        label=_("Overall rank"),
        required=False,
        help_text=_(
            "As THE prints it: 57, =57 for a tie, 101–200, 1001+. Leave empty when the "
            "institution appears in SDG tables only, without an overall rank."
        ),
    )

    class Meta:
        model = Result
        fields = ["edition", "school", "national_rank"]
        error_messages = NATIONAL_RANK_MESSAGES


class SubjectResultForm(RankedEntryForm):
    # Every subject result is a position in that subject's table, so it cannot be empty.
    rank = RankField(label=_("Rank"), required=True)

    class Meta:
        model = SubjectResult
        fields = ["result", "subject", "national_rank"]
        error_messages = NATIONAL_RANK_MESSAGES


class SDGResultForm(RankedEntryForm):
    # Every SDG result is a position in that SDG's table, so it cannot be empty.
    rank = RankField(label=_("Rank"), required=True)

    class Meta:
        model = SDGResult
        fields = ["result", "sdg", "national_rank"]
        error_messages = NATIONAL_RANK_MESSAGES
