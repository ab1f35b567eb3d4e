"""`dangjian import members FILE.xlsx [--skip-invalid]` and `dangjian export members -o FILE.xlsx`."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="从 Excel 导入")
    imp_sub = imp.add_subparsers(dest="what", metavar="对象", required=True)
    m = imp_sub.add_parser("members", help="导入党员花名册")
    m.add_argument("file", type=Path)
    m.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，只导入正确的行")
    m.set_defaults(func=run_import)
    from app.cli.clean_school_cmd import add_import_integrity

    add_import_integrity(imp_sub)

    exp = sub.add_parser("export", help="导出为 Excel")
    exp_sub = exp.add_subparsers(dest="what", metavar="对象", required=True)
    e = exp_sub.add_parser("members", help="导出党员花名册")
    e.add_argument("-o", "--output", type=Path, required=True)
    e.set_defaults(func=run_export)
    t = exp_sub.add_parser("template", help="导出空白导入模板")
    t.add_argument("-o", "--output", type=Path, required=True)
    t.set_defaults(func=run_template)
    from app.cli.meetings_cmd import add_export_meetings

    add_export_meetings(exp_sub)
    from app.cli.clean_school_cmd import add_export_integrity

    add_export_integrity(exp_sub)


def run_import(args: argparse.Namespace) -> int:
    from app.context import writing_context
    from app.documents.roster_file_cases import import_roster_file
    from app.errors import ValidationError

    try:
        with writing_context(args.db) as ctx:  # a new store appears only if the import succeeds
            done = import_roster_file(ctx, args.file, skip_invalid=args.skip_invalid)
    except ValidationError as exc:
        if exc.details and not args.skip_invalid:
            exc.details.append("（只导入正确的行：加参数 --skip-invalid）")
        raise
    result, safety = done.result, done.safety_backup
    if result.school_created:
        print(f"已新建学校：{result.school_created}（可在“组织设置”中修改名称）")
    print(f"{result.describe()}，来自 {args.file.name}。")
    if safety is not None:
        print(f"导入前的数据已备份到：{safety}")
    if result.imported == 0 and not result.skipped:
        print("文件中没有人员数据（空白模板或只有表头）。")
    if result.new_branches:
        print(f"新建党支部 {len(result.new_branches)} 个：" + "、".join(result.new_branches))
    if result.new_groups:
        print(f"新建党小组 {len(result.new_groups)} 个：" + "、".join(f"{g}（{b}）" for g, b in result.new_groups))
    for warning in result.warnings:
        print(f"注意：{warning}")
    if result.skipped:
        print(f"跳过有错误的行 {len(result.skipped)} 行：")
        for row in result.skipped:
            print("  " + row.message())
    return 0


def run_export(args: argparse.Namespace) -> int:
    from app.context import open_context
    from app.documents.roster_file_cases import export_roster_file

    ctx = open_context(args.db)
    try:
        done = export_roster_file(ctx, args.output)
    finally:
        ctx.close()
    print(f"已导出花名册（{done.describe()}）：{done.path}")
    return 0


def run_template(args: argparse.Namespace) -> int:
    """The blank import template, headed with the school's name when a store exists; never creates one."""
    from app.paths import new_store_path

    if new_store_path(args.db) is not None:  # no store yet: the template without a school name
        from app.excel.roster_writer import write_template

        print(f"已生成空白导入模板：{write_template(args.output)}")
        return 0
    from app.context import open_for_reading
    from app.documents.roster_file_cases import save_import_template

    ctx = open_for_reading(args.db)
    try:
        path = save_import_template(ctx, args.output)
    finally:
        ctx.close()
    print(f"已生成空白导入模板：{path}")
    return 0
