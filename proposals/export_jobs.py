"""The proposal overview (提案总览) export: the workbook the API's export action and the overview page give,
and the same as a background export job (portal.jobs) when it has many rows."""

from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from members.excel.exporting import export_committee_name
from members.scopes import scope_for
from portal.documents.workbook import DATE, Column, WorkbookWriter, form_filters
from portal.jobs.progress import counted
from portal.jobs.registry import ExportKind, InvalidParams, register

from . import selectors
from .filters import ProposalFilter

HEADERS = ["案号", "案题", "类型", "分类", "提案人", "状态", "承办单位", "逾期",
           Column("提交日期", kind=DATE), Column("立案日期", kind=DATE)]


def proposal_row(p):
    return [
        p.number, p.title, p.get_kind_display(), p.category.name if p.category else "", p.proposer_display,
        p.get_state_display(), "、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in p.assignments.all()),
        "是" if p.is_overdue else "否",
        timezone.localdate(p.submitted_at) if p.submitted_at else None,
        timezone.localdate(p.accepted_at) if p.accepted_at else None,
    ]


def overview_workbook(viewer, proposals, *, filters=(), progress=None):
    """The 提案列表 workbook of `proposals` (scoped, annotated with is_overdue): (WorkbookWriter, rows).
    `progress(done, total)` is called as rows are written."""
    proposals = list(proposals)
    book = WorkbookWriter(committee=export_committee_name(viewer, proposals), subject="提案列表", filters=filters)
    book.add_table("提案", HEADERS, counted((proposal_row(p) for p in proposals), progress, len(proposals)))
    return book, len(proposals)


def may_export(user) -> bool:
    """Readers of the overview: staff, office viewers, leaders (and superusers)."""
    scope = scope_for(user)
    return bool(scope.is_superuser or scope.read_paths)


def filtered_overview(user, query):
    """(form, proposals) as the overview page filters them (its filters and keyword search)."""
    from .views.lists import keyword

    filterset = ProposalFilter(query, queryset=selectors.proposals_visible_to(user), request=SimpleNamespace(user=user))
    if not filterset.is_valid():
        raise InvalidParams({name: [str(e) for e in errors] for name, errors in filterset.errors.items()})
    search = query.get("search") or ""
    if "\x00" in search:
        raise InvalidParams({"search": [gettext("不能包含空字符。")]})
    rows = keyword(filterset.qs, search)
    return filterset.form, selectors.list_rows(rows).order_by("-created_at", "-id")


def build(user, query, progress):
    form, proposals = filtered_overview(user, query)
    book, count = overview_workbook(user, proposals, filters=form_filters(form), progress=progress)
    return book.to_bytes(), book.filename(), count


OVERVIEW = register(ExportKind(
    kind="proposals", label=gettext_noop("提案列表"), audit_name="提案列表",
    permitted=may_export, rows=filtered_overview, build=build,
    filter_names=(*ProposalFilter.base_filters, "search"),
))
