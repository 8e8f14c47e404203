"""``zhifa subjects …``: scripted work on the market-entity directory.

- ``zhifa subjects import FILE [--organisation CODE] [--queue]``: import a CSV or XLSX file
  through the same code as the upload page; runs now and prints the counts (``--queue`` leaves
  it to the worker). Rejected rows are written to an error file whose path is printed. Bad input
  (missing file, unknown unit, a file that is not a spreadsheet …) exits 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.accounts.models import Organisation
from zhifa.core.errors import DomainError
from zhifa.subjects.constants import ImportStatus
from zhifa.subjects.importing import import_run_create, import_run_execute


class Command(BaseCommand):
    help = "市场主体名录：import 从 CSV/XLSX 文件批量导入。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        imp = sub.add_parser("import", help="import entities from a CSV or XLSX file")
        imp.add_argument("file")
        imp.add_argument("--organisation", help="code of the importing unit (e.g. scjg)")
        imp.add_argument("--queue", action="store_true", help="leave the run to the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        organisation = None
        if options.get("organisation"):
            organisation = Organisation.objects.filter(code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"没有代码为 {options['organisation']} 的单位。", returncode=2)
        try:
            with path.open("rb") as fh:
                run = import_run_create(
                    actor=None, file=fh, file_name=path.name, organisation=organisation
                )
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if options["queue"]:
            self.stdout.write(f"已排队：导入批次 {run.pk}（由后台任务处理）")
            return
        run = import_run_execute(run_id=run.pk)
        if run.status != ImportStatus.DONE:
            raise CommandError(f"导入失败：{run.message}", returncode=2)
        self.stdout.write(
            f"导入批次 {run.pk}：读取 {run.rows_read} 行，新增 {run.created_count}，"
            f"更新 {run.updated_count}，未变化 {run.unchanged_count}，有误 {run.rejected_count}"
        )
        if run.error_file_path:
            try:
                where = default_storage.path(run.error_file_path)
            except NotImplementedError:  # object storage: the name inside it
                where = run.error_file_path
            self.stdout.write(f"错误明细：{where}")
