"""Demo data for `manage.py seed_demo`: a realistic organisation built with bulk inserts.

`build(scale=..., password=...)` makes the committee tree, terms and sessions, sectors, special
committees, members with accounts, member groups, sector groups, studios and their roster, handling
units with liaisons, the named demo logins and a few obligations, then calls each app's optional
`<app>.demo.seed(context)` hook (see `run_hooks`).
"""

import importlib
import random
import time

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .accounts import build_role_accounts, build_units
from .context import DemoContext
from .obligations import build_obligations
from .org import build_committees, build_sectors, build_terms
from .people import People
from .plan import SCALES, build_plan
from .roster import build_members
from .studios import build_studios

DEFAULT_PASSWORD = "Demo-2026!"
HOOK_APPS = ("consult", "proposals", "supervision")

__all__ = ["DEFAULT_PASSWORD", "HOOK_APPS", "SCALES", "DemoContext", "build", "run_hooks"]


def build(*, scale="small", password=DEFAULT_PASSWORD, log=print, seed=2026):
    """Build everything in one transaction and return the DemoContext (accounts in `context.accounts`)."""
    rng = random.Random(seed)
    ctx = DemoContext(
        scale=scale, password=password, password_hash=make_password(password), rng=rng,
        today=timezone.localdate(), log=log, people=People(rng),
    )
    steps = [
        ("政协组织", lambda: build_committees(ctx, build_plan(scale, rng))),
        ("届次与会议", lambda: build_terms(ctx)),
        ("界别与专门委员会", lambda: build_sectors(ctx)),
        ("委员与账号", lambda: build_members(ctx)),
        ("委员工作室与接待日", lambda: build_studios(ctx)),
        ("演示账号", lambda: build_role_accounts(ctx)),
        ("承办单位与联络员", lambda: build_units(ctx)),
        ("办理时限", lambda: build_obligations(ctx)),
        ("各模块演示数据", lambda: run_hooks(ctx)),
    ]
    with transaction.atomic():
        for label, step in steps:
            started = time.monotonic()
            step()
            log(f"  {label}：{time.monotonic() - started:.1f} 秒")
    return ctx


def run_hooks(ctx, apps=HOOK_APPS):
    """For each app with a `demo` module, call `<app>.demo.seed(ctx)`; apps without one are skipped.

    A hook receives the DemoContext: committees by place name ("滁州市", "临沭县"), members, units,
    sectors and special committees by committee id, the current term and session by committee id,
    the named users (`ctx.users["member_zhang"]`), `ctx.rng`, `ctx.people` and `ctx.password_hash`.
    It may add logins to print with `ctx.add_account(user, description)`. Returns the apps seeded.
    """
    seeded = []
    for app in apps:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise  # the module exists but something it imports is missing: a real error
            continue
        module.seed(ctx)
        seeded.append(app)
    return seeded
