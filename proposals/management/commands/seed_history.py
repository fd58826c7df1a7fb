"""`manage.py seed_history [--years 10] [--proposals 300000] [--no-index]`: years of proposal work in bulk
(proposals.history), then of consultation (consult.history) and of grassroots work — reception days, cases,
opinion reports — (consult.grassroots_history), on top of `seed_demo` (any scale). Built for `make bench` on
PostgreSQL; runs on SQLite too (the tests run it small)."""

import time

from django.core.management.base import BaseCommand, CommandError

from consult.grassroots_history import seed_grassroots_history
from consult.history import seed_consult_history
from members.models import Committee
from proposals.history import seed_history


class Command(BaseCommand):
    help = "在演示组织上批量生成多年的提案办理数据（基准测试用）。"

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="年数（每年一次会议）")
        parser.add_argument("--proposals", type=int, default=300_000, help="提案总数")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子")
        parser.add_argument("--no-index", action="store_true", help="不写相似提案索引和全文检索索引")

    def handle(self, *args, years, proposals, seed, no_index, **options):
        if not Committee.objects.exists():
            raise CommandError("没有政协组织：请先运行 seed_demo。")
        if years < 1 or proposals < 1:
            raise CommandError("--years 和 --proposals 须为正数。")
        started = time.monotonic()
        counts = seed_history(years=years, proposals=proposals, seed=seed, log=self.stdout.write, index=not no_index)
        counts.update(seed_consult_history(years=years, seed=seed, log=self.stdout.write))
        counts.update(seed_grassroots_history(years=years, seed=seed, log=self.stdout.write))
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label}: {n}")
        self.stdout.write(self.style.SUCCESS(f"完成，用时 {time.monotonic() - started:.1f} 秒。"))
