from django.core.management.base import BaseCommand

from supervision.services import deliver_pending, run_sweep


class Command(BaseCommand):
    help = "运行一次督办巡检：标记逾期事项，发出到期提醒，并发送待发的邮件和短信。"

    def add_arguments(self, parser):
        parser.add_argument("--no-deliver", action="store_true", help="只巡检，不发送邮件和短信（交给 Celery 发送）")

    def handle(self, *args, no_deliver=False, **options):
        run = run_sweep(source="manual", queue_delivery=no_deliver)
        self.stdout.write(f"巡检完成：新逾期 {run.overdue_marked} 项，发出提醒 {run.reminders_sent} 条。")
        if no_deliver:
            self.stdout.write("外发消息已交给 Celery 发送。")
            return
        result = deliver_pending()
        self.stdout.write(
            f"外发消息：已发送 {result.sent} 条，待重试 {result.retrying} 条，失败 {result.failed} 条。"
        )
