"""Build realistic Chinese demo data: `manage.py seed_demo --scale small|city|province [--password P] [--if-empty]`.

Scales (every scale includes 滁州市政协 with 226 members in 18 community groups, and 山东省 → 临沂市 →
临沭县政协 with 213 members in 17 sectors, 5 special committees and 9 township liaison groups):
- small: 安徽省 → 滁州市 → 南谯区, 琅琊区 (with township liaison groups); about 640 members.
- city: 安徽省 → 滁州市 and all 8 of its counties; about 2,200 members.
- province: all of Anhui (16 cities, 104 counties); about 140 committees, 30,000 members, 300 units.
  For benchmarks on PostgreSQL: everything goes in with bulk inserts, in one transaction.

Every account (members log in with their phone number) has the password from --password (default
Demo-2026!); the named demo logins are printed at the end.

Hook for other apps: after the organisation is built, for each app in ("consult", "proposals",
"supervision") that has a `demo` module, seed_demo calls `<app>.demo.seed(context)` inside the same
transaction. `context` is a `members.demo.DemoContext` (committees by place name, members/units/
sectors/special committees by committee id, current term and session by committee id, named users,
a seeded `rng`, `people` for names and phones, `password_hash`, and `add_account(user, description)`
to add a login to the printed list). See `members.demo.run_hooks`.
"""

import time

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members import demo
from members.models import Committee


class Command(BaseCommand):
    help = "生成演示数据（政协组织、委员、承办单位、演示账号）。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=demo.SCALES, default="small", help="数据规模")
        parser.add_argument("--password", default=demo.DEFAULT_PASSWORD, help="所有演示账号的密码")
        parser.add_argument("--if-empty", action="store_true", help="已有政协组织时什么也不做（首次运行检测）")

    def handle(self, *args, scale, password, if_empty, **options):
        if Committee.objects.exists():
            if if_empty:
                self.stdout.write("已有数据，跳过演示数据生成。")
                return
            raise CommandError("数据库中已有政协组织；请在空数据库上运行，或加 --if-empty 跳过。")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("密码不符合要求：" + "；".join(exc.messages)) from exc
        started = time.monotonic()
        self.stdout.write(f"正在生成演示数据（规模：{scale}）…")
        ctx = demo.build(scale=scale, password=password, log=self.stdout.write)
        self._summary(ctx, time.monotonic() - started)

    def _summary(self, ctx, seconds):
        members = sum(len(v) for v in ctx.members.values())
        units = sum(len(v) for v in ctx.units.values())
        self.stdout.write(self.style.SUCCESS(
            f"完成：政协组织 {len(ctx.committees)} 个，委员 {members} 人，承办单位 {units} 个，用时 {seconds:.1f} 秒。"
        ))
        self.stdout.write(f"演示账号（密码均为 {ctx.password}；委员也可用手机号登录）：")
        width = max(len(u) for u, _ in ctx.accounts)
        for username, description in ctx.accounts:
            self.stdout.write(f"  {username.ljust(width)}  {description}")
