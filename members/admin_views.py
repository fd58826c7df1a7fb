"""Admin pages beyond plain model forms: member import (upload, preview, confirm) and account creation.

They are mounted by the model admins (`get_urls`) behind `admin_site.admin_view`, and keep to the
same scope: staff act only inside the subtree they manage.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from portal.documents.workbook import xlsx_response

from .accounts import assign_role, create_member_account
from .enums import CommitteeLevel, Role
from .excel.exporting import import_template, import_template_filename
from .excel.importing import ImportRejected, import_members, read_member_rows, validate_member_rows
from .excel.workbook import UploadError
from .forms import AccountForm, ImportConfirmForm, ImportUploadForm, RoleAssignmentForm
from .models import Committee, HandlingUnit
from .scopes import scope_for

IMPORT_SESSION_KEY = "members_import"


def managed_committees(user, *, exclude_townships=False):
    committees = Committee.objects.filter(scope_for(user).committee_q("", manage=True))
    return committees.exclude(level=CommitteeLevel.TOWNSHIP) if exclude_townships else committees


class AdminPageView(View):
    model_admin = None
    template_name = ""
    title = ""

    def render(self, request, **context):
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": self.model_admin.model._meta,
            "title": self.title,
            **context,
        }
        return TemplateResponse(request, self.template_name, context)

    def render_account(self, request, assignment, password):
        """The result page of an account assignment; the initial password is shown here only."""
        self.template_name = "admin/members/account_created.html"
        response = self.render(request, assignment=assignment, password=password)
        add_never_cache_headers(response)
        return response


class MemberImportView(AdminPageView):
    """从 Excel 导入: upload → preview with the error report → confirm (all rows or none)."""

    template_name = "admin/members/member/import.html"
    title = gettext_lazy("从 Excel 导入委员")

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def upload_form(self, request, data=None, files=None, committee=None):
        """The upload form; after a preview it keeps the committee chosen (only the file must be picked again)."""
        committees = managed_committees(request.user, exclude_townships=True)
        if committee is None and data is None and committees.count() == 1:
            committee = committees.first()
        initial = {"committee": committee.pk} if committee is not None else None
        return ImportUploadForm(data, files, committees=committees, initial=initial)

    def render(self, request, **context):
        form = context["form"]
        chosen = form["committee"].value()
        context.setdefault("template_committee", str(chosen) if chosen else "")
        return super().render(request, **context)

    def get(self, request):
        return self.render(request, form=self.upload_form(request))

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request)
        form = self.upload_form(request, request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form=form)
        try:
            rows = read_member_rows(form.cleaned_data["file"])
        except UploadError as exc:
            form.add_error("file", str(exc))
            return self.render(request, form=form)
        committee = form.cleaned_data["committee"]
        report = validate_member_rows(committee, rows)
        token = ""
        if report.ok:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {"token": token, "committee": committee.pk, "rows": rows}
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
        return self.render(request, form=self.upload_form(request, committee=committee), report=report, token=token)

    def confirm(self, request):
        form = ImportConfirmForm(request.POST)
        stored = request.session.pop(IMPORT_SESSION_KEY, None)
        if not (form.is_valid() and stored and secrets.compare_digest(stored["token"], form.cleaned_data["token"])):
            messages.error(request, _("导入预览已失效，请重新上传文件。"))
            return redirect("admin:members_member_import")
        committee = get_object_or_404(managed_committees(request.user), pk=stored["committee"])
        try:
            members = import_members(actor=request.user, committee=committee, raw_rows=stored["rows"], request=request)
        except ImportRejected as exc:
            return self.render(request, form=self.upload_form(request, committee=committee), report=exc.report, token="")
        messages.success(request, _("已导入 %(n)d 名委员到 %(c)s。") % {"n": len(members), "c": committee.name})
        return redirect("admin:members_member_changelist")


def import_template_view(request):
    """The blank import template; with ?committee=<id> it lists that committee's sectors too."""
    committee = None
    if request.GET.get("committee", "").isdigit():
        committee = managed_committees(request.user).filter(pk=request.GET["committee"]).first()
    return xlsx_response(import_template(committee), import_template_filename(committee))


class LiaisonAccountView(AdminPageView):
    """创建联络员账号: give a unit a liaison login (new accounts get a random initial password)."""

    template_name = "admin/members/handlingunit/liaison.html"
    title = gettext_lazy("创建联络员账号")

    def get_unit(self, request, unit_id):
        unit = get_object_or_404(self.model_admin.get_queryset(request), pk=unit_id)
        if not self.model_admin.has_change_permission(request, unit):
            raise PermissionDenied
        return unit

    def get(self, request, unit_id):
        return self.render(request, form=AccountForm(), unit=self.get_unit(request, unit_id))

    def post(self, request, unit_id):
        unit = self.get_unit(request, unit_id)
        form = AccountForm(request.POST)
        if form.is_valid():
            try:
                assignment, password = assign_role(
                    actor=request.user, username=form.cleaned_data["username"], role=Role.UNIT,
                    committee=unit.committee, unit=unit, full_name=form.cleaned_data["full_name"],
                )
            except ValidationError as exc:
                form.add_error("username", exc)
            else:
                return self.render_account(request, assignment, password)
        return self.render(request, form=form, unit=unit)


class RoleAssignmentAddView(AdminPageView):
    """The add page of role assignments: a username (existing or new) and a role in a managed committee."""

    template_name = "admin/members/roleassignment/add.html"
    title = gettext_lazy("分配角色")

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, request, data=None):
        committees = managed_committees(request.user)
        units = HandlingUnit.objects.filter(committee__in=committees)
        return RoleAssignmentForm(data, committees=committees, units=units)

    def get(self, request):
        return self.render(request, form=self.make_form(request))

    def post(self, request):
        form = self.make_form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assignment, password = assign_role(
                    actor=request.user, username=data["username"], role=data["role"],
                    committee=data["committee"], unit=data["unit"], full_name=data["full_name"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return self.render_account(request, assignment, password)
        return self.render(request, form=form)


def create_member_accounts(model_admin, request, queryset):
    """The admin action's result page: a login per selected member without one, passwords shown once."""
    created, skipped = [], []
    for member in queryset.select_related("committee"):
        try:
            user, password = create_member_account(actor=request.user, member=member)
        except (ValidationError, PermissionDenied):
            skipped.append(member)
        else:
            created.append((member, user.username, password))
    context = {
        **model_admin.admin_site.each_context(request), "opts": model_admin.model._meta,
        "title": _("创建委员登录账号"), "created": created, "skipped": skipped,
    }
    response = TemplateResponse(request, "admin/members/member/accounts_created.html", context)
    add_never_cache_headers(response)
    return response
