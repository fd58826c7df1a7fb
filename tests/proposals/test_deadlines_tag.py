"""{% deadlines p %} (proposals/templatetags/deadlines.py): a list row's units and due dates, the same from a
page_rows dict and from a Proposal with its assignments."""

import datetime
from types import SimpleNamespace

from django.utils import translation

from proposals.templatetags.deadlines import deadlines

TODAY = datetime.date(2026, 11, 30)


def _dict_row(*assignments):
    return {"assignments": [{"unit": {"name": name}, "get_role_display": role, "get_state_display": label,
                             "state": state, "due_date": due} for name, role, label, state, due in assignments]}


class _Model:
    """A Proposal as the tag reads it: `assignments.all()` of objects with `unit.name` and the display methods."""

    def __init__(self, *assignments):
        rows = [SimpleNamespace(unit=SimpleNamespace(name=name), get_role_display=lambda r=role: r,
                                get_state_display=lambda s=label: s, state=state, due_date=due)
                for name, role, label, state, due in assignments]
        self.assignments = SimpleNamespace(all=lambda: rows)


ROWS = [
    ("教育局<一>", "主办", "办理中", "assigned", TODAY - datetime.timedelta(days=1)),
    ("财政局", "会办", "答复待审核", "replied", TODAY - datetime.timedelta(days=3)),
    ("卫健委", "会办", "已答复", "answered", TODAY - datetime.timedelta(days=3)),
    ("交通局", "分办", "办理中", "assigned", TODAY),
    ("民政局", "分办", "办理中", "assigned", None),
]


def test_units_with_due_dates_marking_what_is_owed_past_its_date_from_dicts_and_models():
    with translation.override("zh-hans"):
        for row in (_dict_row(*ROWS), _Model(*ROWS)):
            html = deadlines({"today": TODAY}, row)
            assert html == (
                '<div class="small">教育局&lt;一&gt;（主办）办理中 · 限 2026-11-29 <span class="error">已逾期</span></div>'
                '<div class="small">财政局（会办）答复待审核 · 限 2026-11-27 <span class="error">已逾期</span></div>'
                '<div class="small">卫健委（会办）已答复 · 限 2026-11-27</div>'
                '<div class="small">交通局（分办）办理中 · 限 2026-11-30</div>'
                '<div class="small">民政局（分办）办理中</div>')
    with translation.override("en"):
        assert "due 2026-11-29 <span class=\"error\">Overdue</span>" in deadlines({"today": TODAY}, _dict_row(ROWS[0]))


def test_a_row_without_assignments_shows_a_dash():
    assert deadlines({"today": TODAY}, _dict_row()) == '<span class="muted">—</span>'
    assert deadlines({"today": TODAY}, _Model()) == '<span class="muted">—</span>'
