"""Plain factories for tests (factory_boy)."""

import datetime

import factory
from django.contrib.auth import get_user_model

from members.enums import CommitteeLevel, Party, Role
from members.models import Committee, HandlingUnit, Member, RoleAssignment, Sector, SpecialCommittee

PASSWORD = "Test-pass-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"测试县{n}政协")
    level = CommitteeLevel.COUNTY
    parent = None


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"界别{n}")


class SpecialCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialCommittee

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"专委会{n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"委员{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    party = Party.NONE
    birth_date = datetime.date(1975, 5, 1)


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试局{n}")
    leader_name = "王局长"
    leader_email = factory.Sequence(lambda n: f"leader{n}@unit.example.cn")
    leader_phone = "13900000000"


def make_user_with_role(role, committee, unit=None, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=role, committee=committee, unit=unit)
    if role == Role.STAFF:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


def make_member_user(committee, **kwargs):
    user = UserFactory()
    member = MemberFactory(committee=committee, user=user, **kwargs)
    return user, member
