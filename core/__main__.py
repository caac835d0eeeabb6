"""Operator commands: `python -m core backup DEST [--config config.yaml] [--keep N]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.backup import BackupFailed, backup
from core.config_errors import ConfigError
from core.settings import CoreSettings, load_config_reader

DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "config.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core")
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("backup", help="an online, consistent copy of the database")
    take.add_argument("dest", type=Path, help="a folder (dated copies) or a .sqlite3 file")
    take.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    take.add_argument("--keep", type=int, default=14, help="dated copies kept in the folder")
    args = parser.parse_args(argv)
    try:
        settings = CoreSettings.from_config(load_config_reader(args.config).section("bot"),
                                            args.config)
        copy = backup(settings.database, args.dest, keep=args.keep)
    except ConfigError as error:
        print(f"Cấu hình không hợp lệ — {error}", file=sys.stderr)
        return 2
    except BackupFailed as error:
        print(f"Sao lưu không được — {error}", file=sys.stderr)
        return 1
    print(copy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
