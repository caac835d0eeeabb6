"""Offline tools for an operator setting up a province.

    python -m members import FILE [--config config.yaml] [--dry-run]
    python -m members template [--format csv|xlsx] [-o FILE]

`import` prints the same row report as the bot and exits 1 when any row was refused
(2 when the file or the configuration is refused as a whole).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from core.config_errors import ConfigError, SectionReader
from core.database import Database
from core.settings import CoreSettings, load_config_reader
from members.export import FORMATS, template_file
from members.importer import ImportReport, MemberImporter, check_file
from members.places import CommuneDirectory, sync_communes
from members.settings import MembersSettings

DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "config.yaml"
OPERATOR = "cli:operator"


async def run_import(path: Path, config: SectionReader, config_path: Path,
                     dry_run: bool) -> ImportReport:
    core = CoreSettings.from_config(config.section("bot"), config_path)
    settings = MembersSettings.from_config(config.section("members"))
    directory = CommuneDirectory(settings.province_code, settings.province_name)
    importer_data = path.read_bytes()
    if dry_run:
        return check_file(directory, path.name, importer_data, None)[1]
    db = await Database.open(core.database)
    try:
        await sync_communes(db, settings.province_code)
        importer = MemberImporter(db, directory)
        return await importer.import_file(path.name, importer_data, scope=None, by=OPERATOR)
    finally:
        await db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m members", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="nhập danh sách thành viên từ tệp CSV/XLSX")
    imp.add_argument("file", type=Path)
    imp.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    tpl = commands.add_parser("template", help="tạo tệp mẫu để nhập danh sách")
    tpl.add_argument("--format", choices=FORMATS, default="xlsx")
    tpl.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)

    if args.command == "template":
        file = template_file(args.format)
        output = args.output or Path(file.filename)
        output.write_bytes(file.data)
        print(output)
        return 0
    try:
        config = load_config_reader(args.config)
        if not args.file.is_file():
            print(f"Không tìm thấy tệp {args.file}", file=sys.stderr)
            return 2
        report = asyncio.run(run_import(args.file, config, args.config, args.dry_run))
    except ConfigError as error:
        print(f"Cấu hình không hợp lệ — {error}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    if report.refused is not None:
        return 2
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
