"""The member list as a background export job (portal.jobs): the same workbook as /members/export.xlsx."""

from django.utils.translation import gettext_noop

from portal.documents.workbook import form_filters
from portal.jobs.registry import ExportKind, InvalidParams, register

from .excel.exporting import member_workbook
from .forms import MemberFilterForm
from .scopes import scope_for
from .selectors import committees_visible_to, members_visible_to

FILTERS = tuple(MemberFilterForm.base_fields)


def may_export(user) -> bool:
    """Those who list members may export them: staff, office viewers, leaders (and superusers)."""
    scope = scope_for(user)
    return bool(scope.is_superuser or scope.read_paths)


def filtered_members(user, query):
    """(form, members) as the member list page filters them for `user`; InvalidParams for unusable filters."""
    form = MemberFilterForm(query, committees=committees_visible_to(user))
    if not form.is_valid():
        raise InvalidParams({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return form, form.filter(members_visible_to(user))


def build(user, query, progress):
    form, members = filtered_members(user, query)
    book, count = member_workbook(user, members, filters=form_filters(form), progress=progress)
    return book.to_bytes(), book.filename(), count


MEMBERS = register(ExportKind(
    kind="members", label=gettext_noop("委员名单"), audit_name="委员名单",
    permitted=may_export, rows=filtered_members, build=build, filter_names=FILTERS,
))
