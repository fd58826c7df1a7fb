"""API serializers for the organisation registry.

Input is validated here with Chinese messages (records must stay inside one committee, phone
formats); personal data (phones, birth dates, e-mail) is masked or left out as `members.privacy`
declares for the viewer's role (DESIGN §6), the same as in pages and exports. Writes themselves are plain saves: scope checks live in the viewsets.
"""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from portal.api import PlannedRepresentation

from . import privacy
from .models import (
    Committee,
    HandlingUnit,
    Member,
    MemberGroup,
    RoleAssignment,
    Sector,
    Session,
    SpecialCommittee,
    Studio,
    Term,
)
from .scopes import in_scope, scope_for

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
TELEPHONE_RE = re.compile(r"^[0-9][0-9\-]{6,19}$")


def validate_mobile(value):
    """An 11-digit mainland mobile number, e.g. 13812345678 (empty allowed)."""
    if value and not MOBILE_RE.match(value):
        raise serializers.ValidationError(_("手机号码格式不正确，应为以 1 开头的 11 位数字，如 13812345678。"))
    return value


def validate_telephone(value):
    """A mobile or a landline with area code, e.g. 0550-1234567 (empty allowed)."""
    if value and not (MOBILE_RE.match(value) or TELEPHONE_RE.match(value)):
        raise serializers.ValidationError(_("电话号码格式不正确，应为手机号码或带区号的固定电话，如 0550-1234567。"))
    return value


def _viewer(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class CommitteeSerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField(read_only=True, help_text=_("层级深度，根节点为 0"))

    class Meta:
        model = Committee
        fields = ["id", "name", "level", "parent", "code", "path", "order", "depth"]
        read_only_fields = fields


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "committee", "number", "name", "start_date", "end_date", "is_current"]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer):
    committee = serializers.IntegerField(source="term.committee_id", read_only=True, help_text=_("政协组织"))
    code = serializers.CharField(read_only=True, help_text=_("提案编号用的简称，如 十四届三次"))

    class Meta:
        model = Session
        fields = ["id", "term", "committee", "number", "name", "code", "start_date", "end_date"]
        read_only_fields = fields


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "committee", "name", "order"]


class SpecialCommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpecialCommittee
        fields = ["id", "committee", "name", "handles_proposals", "order"]


class MemberGroupSerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True, allow_null=True)

    class Meta:
        model = MemberGroup
        fields = ["id", "committee", "name", "community", "leader", "leader_name"]
        read_only_fields = fields


class StudioSerializer(serializers.ModelSerializer):
    class Meta:
        model = Studio
        fields = ["id", "committee", "name", "kind", "address", "sector", "members"]
        read_only_fields = fields


class HandlingUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingUnit
        fields = [
            "id", "committee", "name", "short_name", "leader_name", "leader_phone", "leader_email",
            "contact_name", "contact_phone", "active",
        ]
        extra_kwargs = {
            "leader_phone": {"validators": [validate_telephone]},
            "contact_phone": {"validators": [validate_telephone]},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return privacy.apply(data, privacy.unit_field_access(_viewer(self), instance))


# Related records a member points to, and the message when one belongs to another committee.
SAME_COMMITTEE_FIELDS = {
    "sector": _("界别必须属于同一政协组织。"),
    "special_committee": _("专门委员会必须属于同一政协组织。"),
    "member_group": _("委员小组必须属于同一政协组织。"),
}


class RelatedName(serializers.CharField):
    """The name of a related row (`source="sector.name"`): read from the row itself when its queryset
    annotated it under the field's own name (the member list: `selectors.with_member_names`), else through
    the relation."""

    def get_attribute(self, instance):
        if self.field_name in instance.__dict__:
            return instance.__dict__[self.field_name]
        return super().get_attribute(instance)


class MemberSerializer(PlannedRepresentation, serializers.ModelSerializer):
    committee_name = RelatedName(source="committee.name", read_only=True)
    sector_name = RelatedName(source="sector.name", read_only=True, allow_null=True)
    special_committee_name = RelatedName(source="special_committee.name", read_only=True, allow_null=True)
    township_name = RelatedName(source="township.name", read_only=True, allow_null=True)
    member_group_name = RelatedName(source="member_group.name", read_only=True, allow_null=True)
    roles = serializers.CharField(source="roles_display", read_only=True, help_text=_("如：常委、召集人"))
    has_account = serializers.SerializerMethodField(help_text=_("是否已开通登录账号"))

    class Meta:
        model = Member
        fields = [
            "id", "committee", "committee_name", "name", "gender", "birth_date", "phone", "email", "party",
            "sector", "sector_name", "special_committee", "special_committee_name", "township", "township_name",
            "member_group", "member_group_name", "employer", "position",
            "is_standing", "is_chair_member", "is_convenor", "is_info_officer", "roles", "active",
            "has_account", "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"phone": {"validators": [validate_mobile]}}
        validators = []  # the conditional phone uniqueness is checked in validate() with a Chinese message

    def get_has_account(self, obj) -> bool:
        return obj.user_id is not None

    def _current(self, attrs, name):
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None)

    def validate(self, attrs):
        committee = self._current(attrs, "committee")
        errors = {}
        for name, message in SAME_COMMITTEE_FIELDS.items():
            related = self._current(attrs, name)
            if related is not None and committee is not None and not in_scope(related, committee):
                errors[name] = message
        township = self._current(attrs, "township")
        if township is not None and committee is not None and not (
            township.level == "township" and in_scope(township, committee, subtree=True) and township.pk != committee.pk
        ):
            errors["township"] = _("所在乡镇（街道）必须是本政协组织下属的乡镇（街道）联络组。")
        phone = self._current(attrs, "phone")
        if phone and committee is not None:
            clash = Member.objects.filter(committee=committee, phone=phone)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                errors["phone"] = _("该政协组织中已有委员使用此手机号码。")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return privacy.apply(data, privacy.member_field_access(_viewer(self), instance))


class RoleAssignmentSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "username", "role", "committee", "unit"]
        read_only_fields = fields


def _committee_id(path):
    return int(path.strip("/").rsplit("/", 1)[-1])


@extend_schema_serializer(many=False)  # /me/ answers one object, though it is the viewset's list route
class MeSerializer(serializers.Serializer):
    """The signed-in user's roles and scope, for clients deciding what to show."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    is_superuser = serializers.BooleanField()
    roles = serializers.ListField(child=serializers.CharField(), help_text=_("staff / office / leader / unit / member"))
    member = serializers.IntegerField(allow_null=True, help_text=_("本人的委员记录"))
    unit_ids = serializers.ListField(child=serializers.IntegerField(), help_text=_("联络的承办单位"))
    manage_committee_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("可管理的政协组织（含其下级）")
    )
    read_committee_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("可查看的政协组织（含其下级）")
    )

    @staticmethod
    def describe(user):
        """The plain data this serializer renders, from the user's scope."""
        scope = scope_for(user)
        flags = [
            ("staff", bool(scope.staff_paths)), ("office", scope.is_office), ("leader", scope.is_leader),
            ("unit", scope.is_unit), ("member", scope.is_member),
        ]
        return {
            "id": user.pk,
            "username": user.get_username(),
            "is_superuser": scope.is_superuser,
            "roles": [name for name, on in flags if on],
            "member": scope.member.pk if scope.member else None,
            "unit_ids": list(scope.unit_ids),
            "manage_committee_ids": [_committee_id(p) for p in scope.staff_paths],
            "read_committee_ids": [_committee_id(p) for p in scope.read_paths],
        }
