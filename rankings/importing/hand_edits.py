"""Results edited by hand in the admin since the edition's last import, which an import would
undo: the preview names who edited them and when, so that undoing them is a choice.

The admin's history (LogEntry) is the record: a change to a result, an SDG result, or an SDG
row of a result's page (an inline, named in the entry's change message); each import writes
one entry on its edition (background.log_import), after which earlier hand edits no longer
show. Another ranking's subject rows are not traced (their tables are the file's spellings).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from rankings.models import Edition, Result, SDGResult
from rankings.parsing.values import OVERALL, Table
from spreadsheets.messages import FileWarning, count_text

from .report import Change

# The SDG row of a result's page, as its change message names it (SDGResult.__str__, written
# in English, as Django writes change messages).
_SDG_ROW = re.compile(r"^SDG (\d+):")


@dataclass(frozen=True)
class HandEdit:
    when: object  # an aware datetime
    user: str

    def __str__(self) -> str:
        return gettext("edited in the admin on %(when)s by %(user)s") % {
            "when": f"{timezone.localtime(self.when):%Y-%m-%d %H:%M}",
            "user": self.user,
        }


def _tables_of(entry: LogEntry) -> set[Table]:
    """The tables a result page's history entry changed: its own fields are the overall
    table's; an inline SDG row names its goal."""
    try:
        message = json.loads(entry.change_message or "[]")
    except ValueError:
        return {OVERALL}
    tables: set[Table] = set()
    for part in message if isinstance(message, list) else []:
        for kind in ("added", "changed", "deleted"):
            if kind not in part:
                continue
            detail = part[kind]
            if "name" not in detail:
                tables.add(OVERALL)
            elif match := _SDG_ROW.match(detail.get("object", "")):
                tables.add(int(match[1]))
    return tables or {OVERALL}


def hand_edits(
    edition: Edition, targets: list[tuple[Change, int, int | None, Table]]
) -> dict[tuple[int, Table], HandEdit]:
    """The last hand edit since the edition's last import of each (result id, table) among
    `targets` (a change, its result id, its SDG result id or None, its table). One query."""
    result_ids = {str(result_id) for _c, result_id, _s, _t in targets}
    sdg_ids = {
        str(sdg_id): (result_id, table) for _c, result_id, sdg_id, table in targets if sdg_id
    }

    # The content types by name, joined: get_for_model would cost a query each on a cold cache.
    def of(model) -> Q:
        opts = model._meta
        return Q(content_type__app_label=opts.app_label, content_type__model=opts.model_name)

    entries = (
        LogEntry.objects.filter(
            (of(Result) & Q(object_id__in=result_ids))
            | (of(SDGResult) & Q(object_id__in=sdg_ids))
            | (of(Edition) & Q(object_id=str(edition.pk))),
            action_flag__in=[ADDITION, CHANGE],
        )
        .select_related("user", "content_type")
        .order_by("action_time", "pk")
    )
    found: dict[tuple[int, Table], HandEdit] = {}
    for entry in entries:
        model = entry.content_type.model
        if model == Edition._meta.model_name:
            # An import's entry is a sentence; an edit of the edition's own page is JSON.
            if not entry.change_message.startswith("["):
                found.clear()
            continue
        edit = HandEdit(entry.action_time, entry.user.get_username() if entry.user else "?")
        if model == SDGResult._meta.model_name:
            found[sdg_ids[entry.object_id]] = edit
        else:
            for table in _tables_of(entry):
                found[(int(entry.object_id), table)] = edit
    return found


def mark_hand_edits(
    edition: Edition | None, targets: list[tuple[Change, int, int | None, Table]]
) -> list[FileWarning]:
    """Label the changes that undo a hand edit, and say so once above the changes."""
    if edition is None or not targets:
        return []
    edits = hand_edits(edition, targets)
    undone = []
    for change, result_id, _sdg_id, table in targets:
        if (edit := edits.get((result_id, table))) is not None:
            change.edited = str(edit)
            undone.append(change.row)
    if not undone:
        return []
    return [
        FileWarning(
            ngettext(
                "%(count)s change undoes an edit made in the admin since the last import: "
                "check it in the changes below before confirming.",
                "%(count)s changes undo edits made in the admin since the last import: "
                "check them in the changes below before confirming.",
                len(undone),
            )
            % {"count": count_text(len(undone))},
            tuple(sorted(set(undone))),
        )
    ]
