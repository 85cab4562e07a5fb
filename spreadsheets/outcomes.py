"""Work done once per distinct value during an import, its outcome (a value or an error)
remembered for the rows that repeat it: a file repeats its countries, kinds and cities."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

_UNSEEN = object()


def once(
    outcomes: dict[Any, Any], key: Hashable, work: Callable[[], Any], error: type[Exception]
) -> Any:
    """`work()` the first time `key` is seen; after that, its value, or its `error` raised
    again. A key that cannot be hashed is worked out each time."""
    try:
        outcome = outcomes.get(key, _UNSEEN)
    except TypeError:  # a value that cannot be a key
        return work()
    if outcome is _UNSEEN:
        try:
            outcome = work()
        except error as raised:
            outcome = raised
        outcomes[key] = outcome
    if isinstance(outcome, error):
        # A raised exception keeps the frames it went through: raised again for every row
        # repeating a wrong value, it would hold them all.
        raise outcome.with_traceback(None)
    return outcome
