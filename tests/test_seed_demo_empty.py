"""seed_demo on an empty database: --if-empty keeps data, weak passwords are refused, app hooks run.

Kept apart from tests/test_seed_demo.py, whose tests share one seeded demo per module.
"""

import sys
import types
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from members import demo
from members.models import Committee, Member
from tests.test_seed_demo import PASSWORD, seed


def test_if_empty_twice_does_not_duplicate(db):
    seed("--if-empty")
    counts = (Committee.objects.count(), Member.objects.count(), get_user_model().objects.count())
    out = seed("--if-empty")
    assert "跳过" in out
    assert (Committee.objects.count(), Member.objects.count(), get_user_model().objects.count()) == counts


def test_weak_password_is_refused(db):
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("seed_demo", "--password", "short", stdout=StringIO())
    assert not Committee.objects.exists()


def test_hooks_get_the_context_and_missing_demo_modules_are_skipped(db, monkeypatch):
    seen = []
    hook = types.ModuleType("demo_hook_app.demo")
    hook.seed = lambda ctx: seen.append((ctx.committee("临沭县").name, len(ctx.members_of("临沭县"))))
    monkeypatch.setitem(sys.modules, "demo_hook_app", types.ModuleType("demo_hook_app"))
    monkeypatch.setitem(sys.modules, "demo_hook_app.demo", hook)
    ctx = demo.build(scale="small", password=PASSWORD, log=lambda line: None)
    assert demo.run_hooks(ctx, apps=("demo_hook_app", "portal")) == ["demo_hook_app"]
    assert seen == [("临沭县政协", 213)]
