"""`dangjian import/export members`: summaries on stdout, errors on stderr, exit 2, never a traceback."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.excel.safety import OLE2_MAGIC
from tests import forked
from tests.roster_files import id_for, person, roster

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_summary(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "s.sqlite")
    path = roster(tmp_path / "r.xlsx", [person(1), person(2, 所在党支部="第二党支部")])
    code, out, err = run(capsys, "--db", db, "import", "members", str(path))
    assert code == 0, err
    assert "已新建学校：青山镇中心学校" in out
    assert "已导入 2 人" in out
    assert "新建党支部 2 个：第一党支部、第二党支部" in out
    code, out, err = run(capsys, "--db", db, "import", "members", str(path))
    assert code == 2
    assert "有2行错误，没有导入任何数据" in err
    assert "第3行" in err and "重复" in err
    assert "Traceback" not in err


def test_invalid_rows_exit_2_and_skip_invalid_imports_the_rest(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "s.sqlite")
    path = roster(tmp_path / "r.xlsx", [person(1), person(2, 公民身份号码=id_for(2)[:17] + "Y"), person(3)])
    code, out, err = run(capsys, "--db", db, "import", "members", str(path))
    assert code == 2
    assert "第4行" in err and "身份证号" in err
    assert "--skip-invalid" in err
    assert out == ""
    code, out, err = run(capsys, "--db", db, "import", "members", str(path), "--skip-invalid")
    assert code == 0, err
    assert "已导入 2 人" in out
    assert "跳过有错误的行 1 行" in out
    assert "第4行" in out


@pytest.mark.parametrize(("content", "expected"), [
    (OLE2_MAGIC + b"\0" * 600, "另存为"), ("姓名,身份证号\n张三,1\n".encode(), "CSV"), (b"", "0 字节")])
def test_bad_files_exit_2_without_traceback(tmp_path: Path, capsys, content: bytes, expected: str) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(content)
    code, _out, err = run(capsys, "--db", str(tmp_path / "s.sqlite"), "import", "members", str(path))
    assert code == 2
    assert expected in err
    assert "Traceback" not in err


def test_missing_file_exit_2(tmp_path: Path, capsys) -> None:
    code, _out, err = run(capsys, "--db", str(tmp_path / "s.sqlite"), "import", "members", str(tmp_path / "x.xlsx"))
    assert code == 2
    assert "找不到文件" in err


def test_export_and_template(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "s.sqlite")
    run(capsys, "--db", db, "import", "members", str(roster(tmp_path / "r.xlsx", [person(1)])))
    code, out, _err = run(capsys, "--db", db, "export", "members", "-o", str(tmp_path / "out.xlsx"))
    assert code == 0
    assert "已导出花名册（党员 1 人，入党申请人等 0 人）" in out
    assert (tmp_path / "out.xlsx").exists()
    code, out, _err = run(capsys, "--db", db, "export", "template", "-o", str(tmp_path / "tpl.xlsx"))
    assert code == 0
    assert (tmp_path / "tpl.xlsx").exists()
    code, out, _err = run(capsys, "--db", db, "import", "members", str(tmp_path / "tpl.xlsx"))
    assert code == 0
    assert "已导入 0 人" in out


def test_export_to_missing_folder_exit_2(tmp_path: Path, capsys) -> None:
    from app.context import open_context

    open_context(tmp_path / "s.sqlite").close()  # a missing store is refused first (test_find_cli.py)
    code, _out, err = run(capsys, "--db", str(tmp_path / "s.sqlite"), "export", "members", "-o",
                          str(tmp_path / "no" / "such" / "out.xlsx"))
    assert code == 2
    assert "文件夹不存在" in err


def test_real_process_bad_input(tmp_path: Path) -> None:
    """The installed entry point, in a subprocess: Chinese message on stderr, status 2, no traceback."""
    path = tmp_path / "r.xlsx"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    proc = forked.run([sys.executable, "-m", "app", "--db", str(tmp_path / "s.sqlite"), "import", "members",
                       str(path)], cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                      timeout=120)
    assert proc.returncode == 2
    assert "CSV" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_import_takes_a_safety_backup_first(tmp_path: Path, capsys) -> None:
    from app import paths

    db = str(tmp_path / "s.sqlite")
    run(capsys, "--db", db, "import", "members", str(roster(tmp_path / "r.xlsx", [person(1)])))
    code, out, err = run(capsys, "--db", db, "import", "members", str(roster(tmp_path / "r2.xlsx", [person(2)])))
    assert code == 0, err
    backups = list(paths.backups_dir().glob("s_导入前_*.sqlite"))
    assert backups and "导入前的数据已备份到" in out


def test_export_then_import_says_what_each_sheet_holds(tmp_path: Path, capsys, demo_templates) -> None:
    """`export members` writes both ledgers and says so; a bad row on the second sheet names that sheet."""
    import shutil

    import openpyxl

    db = str(tmp_path / "school.sqlite")
    shutil.copyfile(demo_templates(False), db)  # the demo school without meetings
    out = tmp_path / "花名册.xlsx"
    code, said, err = run(capsys, "--db", db, "export", "members", "-o", str(out))
    assert code == 0, err
    assert "党员 39 人，入党申请人等 6 人" in said
    wb = openpyxl.load_workbook(out)
    ws = wb["入党申请人等"]
    ws.cell(row=3, column=[c.value for c in ws[2]].index("公民身份号码") + 1).value = "123"
    wb.save(out)
    fresh = str(tmp_path / "fresh.sqlite")
    code, said, err = run(capsys, "--db", fresh, "import", "members", str(out))
    assert code == 2 and said == ""
    assert "工作表“入党申请人等”第3行" in err and "Traceback" not in err
    code, said, err = run(capsys, "--db", fresh, "import", "members", str(out), "--skip-invalid")
    assert code == 0, err
    assert "已导入 44 人（党员 39 人，入党申请人等 5 人）" in said
    assert "工作表“入党申请人等”第3行" in said


def _nothing_at(db: Path) -> None:
    """No store under `db`'s name, none of its side files, and no private folder of a build beside it."""
    for suffix in ("", "-wal", "-shm", "-journal", ".lock", ".clean"):
        assert not os.path.lexists(f"{db}{suffix}"), f"{db}{suffix}"
    assert not list(db.parent.glob(f".{db.name}.*")) if db.parent.exists() else True


@pytest.mark.parametrize("case", ["missing", "csv", "invalid rows", "integrity"])
def test_a_failed_import_on_a_new_path_leaves_no_store(tmp_path: Path, capsys, case: str) -> None:
    """Only a successful import may start a new store: a missing or bad file, rows that fail their checks or
    a failed `import integrity` leave the path (and a folder it named) as they were."""
    source = tmp_path / "r.xlsx"
    if case == "csv":
        source.write_text("姓名,身份证号\n张三,1\n", encoding="utf-8")
    elif case == "invalid rows":
        roster(source, [person(1), person(2, 公民身份号码=id_for(2)[:17] + "Y")])
    elif case == "integrity":
        source.write_bytes(b"")
    what = "integrity" if case == "integrity" else "members"
    for db in (tmp_path / "new-folder" / "s.sqlite", tmp_path / "s.sqlite"):
        code, _out, err = run(capsys, "--db", str(db), "import", what, str(source))
        assert code == 2, err
        _nothing_at(db)
    assert not (tmp_path / "new-folder").exists()


def test_an_import_on_a_new_path_starts_the_store_whole(tmp_path: Path, capsys) -> None:
    from app.context import open_context
    from app.services import member_cases
    from app.services.members import MemberQuery

    db = tmp_path / "new-folder" / "s.sqlite"
    code, out, err = run(capsys, "--db", str(db), "import", "members",
                         str(roster(tmp_path / "r.xlsx", [person(1), person(2)])))
    assert code == 0, err
    assert "已导入 2 人" in out
    assert sorted(p.name for p in db.parent.iterdir()) == ["s.sqlite", "s.sqlite.clean"]
    ctx = open_context(db)
    try:
        assert len(member_cases.find_members(ctx, MemberQuery())) == 2
    finally:
        ctx.close()
