"""Login accounts and roles inside a committee subtree: the one write path for RoleAssignments.

Used by the RoleAssignment admin and the "创建联络员账号" page of a handling unit.
"""

import secrets
import string

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import acting, record_transition

from .enums import Role
from .models import RoleAssignment
from .scopes import scope_for

PASSWORD_ALPHABET = string.ascii_letters + string.digits


def generate_password(length: int = 14) -> str:
    """A random initial password that passes the project's validators (letters, digits, a symbol)."""
    core = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length - 3))
    return core + secrets.choice(string.ascii_uppercase) + secrets.choice(string.digits) + secrets.choice("!@#%&*")


def check_assignable(*, actor, user, role, committee, unit=None):
    """Raise ValidationError / PermissionDenied (Chinese messages) unless `actor` may give this role.

    The committee must be in the actor's managed subtree; a unit role needs a unit of that committee;
    an existing account may only be given roles when everything it already holds is inside that subtree
    (staff cannot take over another county's accounts).
    """
    scope = scope_for(actor)
    if not scope.can_manage(committee):
        raise PermissionDenied(_("不能在您管理范围以外的政协组织中分配角色。"))
    if role == Role.UNIT and (unit is None or unit.committee_id != committee.pk):
        raise ValidationError(_("承办单位联络员须选择本政协组织的承办单位。"))
    if role != Role.UNIT and unit is not None:
        raise ValidationError(_("只有承办单位联络员角色需要选择承办单位。"))
    if user is None:
        return
    if user.is_superuser and not scope.is_superuser:
        raise ValidationError(_("该账号属于其他政协组织，不能在此分配角色。"))
    held = [ra.committee for ra in user.roles.select_related("committee")]
    member = getattr(user, "member", None)
    if member is not None:
        held.append(member.committee)
    if any(not scope.can_manage(c) for c in held):
        raise ValidationError(_("该账号属于其他政协组织，不能在此分配角色。"))
    if RoleAssignment.objects.filter(user=user, role=role, committee=committee, unit=unit).exists():
        raise ValidationError(_("该账号已经拥有这个角色。"))


def assign_role(*, actor, username, role, committee, unit=None, full_name=""):
    """Give `username` a role in `committee`, creating the account if it does not exist yet.

    Returns (assignment, initial_password); the password is None for an existing account and is
    never stored in clear — show it once.
    Side effects: maybe a new User (staff role sets is_staff); one RoleAssignment; one timeline row.
    """
    User = get_user_model()
    with transaction.atomic(), acting(actor):
        user = User.objects.select_for_update().filter(username=username).first()
        check_assignable(actor=actor, user=user, role=role, committee=committee, unit=unit)
        password = None
        if user is None:
            password = generate_password()
            user = User.objects.create_user(username=username, password=password, first_name=full_name[:150])
        if role == Role.STAFF and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        assignment = RoleAssignment.objects.create(user=user, role=role, committee=committee, unit=unit)
        record_transition(assignment, actor=actor, action="assign_role", to_state=role, note=username)
    return assignment, password


def create_member_account(*, actor, member):
    """A login for a member who has none; returns (user, initial_password) — show the password once.

    The username is the member's phone number when it is free, else "wy<member id>".
    Raises PermissionDenied outside the actor's subtree, ValidationError when the member has an account.
    Side effects: one User; Member.user set; one timeline row on the member.
    """
    if not scope_for(actor).can_manage(member.committee):
        raise PermissionDenied(_("不能为您管理范围以外的委员创建账号。"))
    User = get_user_model()
    with transaction.atomic(), acting(actor):
        member = type(member).objects.select_for_update().get(pk=member.pk)
        if member.user_id:
            raise ValidationError(_("委员“%(name)s”已有登录账号。") % {"name": member.name})
        username = member.phone if member.phone and not User.objects.filter(username=member.phone).exists() else ""
        username = username or f"wy{member.pk}"
        password = generate_password()
        user = User.objects.create_user(username=username, password=password, first_name=member.name[:150],
                                        email=member.email)
        member.user = user
        member.save(update_fields=["user"])
        record_transition(member, actor=actor, action="create_account", note=username)
    return user, password
