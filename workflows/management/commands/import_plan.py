"""``manage.py import_plan FILE.docx [--json]``: import a Word plan (nhập kế hoạch từ tệp Word).

``--json`` prints the import contract (``ParsedDocument.to_contract()``) and
changes nothing. Without it the file becomes what it is (``workflows.flows.imports.plan_from_import``):
an issued plan's record or a draft plan process, and its address is printed.
A file that cannot be read prints the Vietnamese reason on stderr and exits
with code 2.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from documents.word.errors import WordImportError
from documents.word.parse import parse_docx
from workflows.flows.imports import plan_from_import


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


class Command(BaseCommand):
    help = _("Nhập một kế hoạch từ tệp Word (.docx): in JSON theo hợp đồng nhập (--json) hoặc tạo dự thảo.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Đường dẫn tệp .docx"))
        parser.add_argument("--json", action="store_true", help=_("Chỉ in kết quả đọc được dưới dạng JSON, không lưu gì."))
        parser.add_argument("--user", help=_("Tên đăng nhập: người soạn thảo khi tệp là dự thảo; văn thư của cơ quan "
                                             "ban hành khi tệp là văn bản đã ban hành."))

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            with path.open("rb") as fh:
                parsed = parse_docx(fh, filename=path.name)
        except FileNotFoundError:
            raise CommandError(_("Không tìm thấy tệp: %(path)s") % {"path": path}, returncode=2) from None
        except IsADirectoryError:
            raise CommandError(_("Đường dẫn là thư mục, không phải tệp: %(path)s") % {"path": path}, returncode=2) from None
        except PermissionError:
            raise CommandError(_("Không có quyền đọc tệp: %(path)s") % {"path": path}, returncode=2) from None
        except WordImportError as error:
            raise CommandError(_message(error), returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(parsed.to_contract(), ensure_ascii=False, indent=2))
            return
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("Không có người dùng %(user)s.") % {"user": options["user"]}, returncode=2)
        try:
            created = plan_from_import(parsed=parsed, filename=path.name, user=user)
        except (ValidationError, PermissionDenied) as error:
            text = _message(error) if isinstance(error, ValidationError) else str(error)
            raise CommandError(_("Không tạo được dự thảo từ tệp %(name)s: %(error)s") % {"name": path.name, "error": text},
                               returncode=1) from None
        except Exception as error:
            raise CommandError(_("Không tạo được dự thảo từ tệp %(name)s: %(error)s")
                               % {"name": path.name, "error": f"{type(error).__name__}: {error}"}, returncode=1) from None
        self.stdout.write(created.get_absolute_url())
