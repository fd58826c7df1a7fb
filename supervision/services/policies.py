"""Which reminder policy applies: (committee, kind) > (committee, any) > (any, kind) > (any, any) > default."""

from django.db.models import Q

from ..models import ReminderPolicy
from ..schedule import DEFAULT_POLICY, Policy


class PolicyBook:
    """Reminder policies loaded in one query, looked up per (committee, kind) without further queries."""

    def __init__(self, rows):
        self._rows = {(row.committee_id, row.kind): row for row in rows}
        self._cache = {}

    @classmethod
    def load(cls, committee_ids=None):
        rows = ReminderPolicy.objects.all()
        if committee_ids is not None:
            rows = rows.filter(Q(committee__isnull=True) | Q(committee_id__in=list(committee_ids)))
        return cls(rows)

    def get(self, committee_id, kind) -> Policy:
        key = (committee_id, kind)
        if key not in self._cache:
            for candidate in ((committee_id, kind), (committee_id, ""), (None, kind), (None, "")):
                row = self._rows.get(candidate)
                if row is None:
                    continue
                try:
                    self._cache[key] = Policy.from_row(row)
                    break
                except ValueError:  # a malformed row (validated on input): use the next one
                    continue
            else:
                self._cache[key] = DEFAULT_POLICY
        return self._cache[key]


def policy_for(committee_id, kind) -> Policy:
    """The policy for one obligation (one query)."""
    return PolicyBook.load([committee_id]).get(committee_id, kind)
