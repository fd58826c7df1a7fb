"""What the consultation pages share: who may open a page, running a service from a POST (a domain error
becomes a message and changes nothing; a permission error a 403), pagination and timeline rows.

Objects are found through the selectors of consult/selectors.py (outside them: 404); staff actions need
`Scope.can_manage` of the object's committee (a reader who sees it gets 403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.scopes import scope_for
from portal.audit import timeline
from portal.pagination import paginate  # noqa: F401 - the views of the app import it from here

from .errors import ConsultError, ConsultPermissionError


def is_reader(user):
    scope = scope_for(user)
    return scope.is_superuser or bool(scope.read_paths)


def require_reader(request):
    """Staff, office viewers and leaders (their subtree); anyone else 403."""
    if not is_reader(request.user):
        raise PermissionDenied(_("只有政协机关工作人员和领导可以访问此页面。"))
    return scope_for(request.user)


def require_staff(request):
    if not scope_for(request.user).is_staff:
        raise PermissionDenied(_("只有政协机关工作人员可以执行此操作。"))


def require_manage(request, committee):
    """403 for a user who sees `committee`'s record but may not act on it."""
    if not scope_for(request.user).can_manage(committee):
        raise PermissionDenied(_("只有本级政协机关工作人员可以执行此操作。"))


def require_unit(request):
    scope = scope_for(request.user)
    if not scope.is_unit:
        raise PermissionDenied(_("只有承办单位可以访问此页面。"))
    return scope


def run_service(request, fn, /, *, success, **kwargs):
    """Call one service with the user as actor. Returns its result, or None when it refused (the message shown)."""
    try:
        result = fn(actor=request.user, **kwargs)
    except ConsultPermissionError as exc:
        raise PermissionDenied(exc.message) from exc
    except ConsultError as exc:
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result


def form_failed(request, form):
    """A refused form's errors as one message (nothing changed)."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = _("；").join(str(e).rstrip("。.") for e in errors)
        parts.append(_("%(label)s：%(errors)s") % {"label": label, "errors": text} if label else text)
    messages.error(request, _("；").join(parts) + _("。"))


def timeline_rows(obj, actions, states, extra=None):
    """The object's timeline, each row labelled: "提交商题 · 预可研 → 商题中" with the note.

    `actions`: the workflow's action table (codes → Action); `states`: its TextChoices; `extra`: labels of the
    codes services write outside the table ("create", "correct_attendance" …)."""
    labels = {}
    for code, a in actions.items():
        labels.setdefault(a.log or code, a.label)  # two actions logged alike read as the first ("send": 报送)
    labels |= {"create": _("创建")} | (extra or {})
    names = dict(states.choices)
    rows = []
    for row in timeline(obj):
        row.action_label = labels.get(row.action, row.action)
        if row.to_state and row.from_state != row.to_state:
            to = names.get(row.to_state, row.to_state)
            row.state_text = f"{names.get(row.from_state, row.from_state)} → {to}" if row.from_state else f"（{to}）"
        else:
            row.state_text = ""
        rows.append(row)
    return rows


def ids(values):
    """Integer ids from a list of POSTed strings (others dropped)."""
    return [int(v) for v in values if str(v).isdigit() and len(str(v)) <= 9]
