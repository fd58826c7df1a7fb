"""`manage.py index_proposals`: fill the proposal indexes — the similar-proposal index and the full-text
search rows — for proposals that have none (after an upgrade or an import that bypassed the services);
`--rebuild` recomputes them all from scratch; `--only similar|search` does one of the two."""

from django.core.management.base import BaseCommand

from proposals import search, similarity


class Command(BaseCommand):
    help = "建立提案索引（相似提案索引和全文检索）：为尚未索引的提案分批建立索引；--rebuild 重新计算全部索引。"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="清空后重新计算全部索引")
        parser.add_argument("--only", choices=["similar", "search"], help="只处理相似提案索引（similar）或全文检索（search）")
        parser.add_argument("--batch", type=int, default=200, help="每批处理的提案数（默认 200）")

    def handle(self, *args, rebuild=False, only=None, batch=200, verbosity=1, **options):
        def log(done, total):
            if verbosity > 1:
                self.stdout.write(f"  {done}" + (f"/{total}" if total else ""))

        if only != "search":
            if rebuild:
                n = similarity.rebuild(batch=batch, log=log)
                self.stdout.write(f"已重建相似提案索引：{n} 件提案。")
            else:
                n = similarity.index_missing(batch=batch, log=log)
                self.stdout.write(f"已为 {n} 件提案建立相似提案索引。")
        if only != "similar":
            n = search.rebuild(batch=max(batch, search.BATCH), log=log, missing_only=not rebuild)
            self.stdout.write(f"已重建全文检索索引：{n} 件提案。" if rebuild else f"已为 {n} 件提案建立全文检索索引。")
