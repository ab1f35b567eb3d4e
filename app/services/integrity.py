"""`check_store`: is a store healthy? integrity_check, foreign_key_check, schema revision and counts.

Read-only and never raising for a damaged or foreign file: the report says what is wrong, so `dangjian
check` can print it and exit non-zero without a traceback. The file is never modified.

Use: `report = check_store(args.db); print(report.describe()); return 0 if report.ok else report.exit_code`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.org_counts import OrgCount
from app.errors import StoreError
from app.services.backup import COUNT_LABELS, contents_text
from app.services.people_counts import count_orgs_in
from app.store import health
from app.store.engine import check_sqlite_file, display_target, resolve_target, sqlite_path


@dataclass
class IntegrityReport:
    target: str
    ok: bool = True
    problems: list[str] = field(default_factory=list)  # plain Chinese, first the most important
    integrity: list[str] = field(default_factory=list)  # raw integrity_check lines when not "ok"
    foreign_key_problems: int = 0
    revision: str | None = None
    head: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    orgs: OrgCount | None = None  # 党组织 and, apart, 党小组, as 首页 counts them
    exit_code: int = 0

    def fail(self, message: str, code: int = StoreError.exit_code) -> None:
        self.ok = False
        self.problems.append(message)
        self.exit_code = self.exit_code or code

    def describe(self) -> str:
        lines = [f"数据文件：{self.target}"]
        if self.ok:
            lines.append("完整性检查：通过")
        else:
            lines.append("完整性检查：未通过")
            lines += [f"  {p}" for p in self.problems]
            lines += [f"  {p}" for p in self.integrity[:5]]
        if self.revision is not None:
            state = "最新" if self.revision == self.head else f"需升级到 {self.head}"
            lines.append(f"数据结构版本：{self.revision}（{state}）")
        if self.counts:
            lines.append("内容：" + contents_text(self.counts, self.orgs))
        return "\n".join(lines)


def check_store(target: str | os.PathLike[str] | None) -> IntegrityReport:
    """Full check of the store named by --db / DANGJIAN_DB / the default (read-only)."""
    from app.store.migrate import head_revision, known_revisions

    path = sqlite_path(target)
    report = IntegrityReport(target=str(path) if path else display_target(resolve_target(target)),
                             head=head_revision())
    if path is None:
        return _check_server(target, report)
    if not path.exists():
        report.fail(f"数据文件不存在：{path}")
        return report
    try:
        check_sqlite_file(path)
    except StoreError as exc:
        report.fail(exc.message)
        return report
    integrity = health.problems(path)
    if integrity:
        report.integrity = integrity
        report.fail(f"数据文件“{path.name}”已损坏（完整性检查发现 {len(integrity)} 处问题）。请从备份恢复。")
        return report
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        report.fail(f"无法打开数据文件：{exc}")
        return report
    try:
        _check_sqlite(con, path, report, known_revisions())
    finally:
        con.close()
    return report


def _check_sqlite(con: sqlite3.Connection, path: Path, report: IntegrityReport, known: set[str]) -> None:
    try:
        report.foreign_key_problems = len(con.execute("PRAGMA foreign_key_check").fetchall())
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            report.revision = row[0] if row else None
        report.counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                         for t in COUNT_LABELS if t in tables}
        if "organization" in tables:
            with contextlib.suppress(sqlite3.Error):  # an older schema: its rows are still counted above
                report.orgs = count_orgs_in(con)
    except sqlite3.Error as exc:
        report.fail(f"读取数据文件失败：{exc}")
        return
    if report.foreign_key_problems:
        report.fail(f"外键检查发现 {report.foreign_key_problems} 处引用不一致，请联系维护人员。")
    if tables and "alembic_version" not in tables:
        report.fail(f"“{path.name}”不是党建台账的数据文件。")
    elif report.revision is not None and report.revision not in known:
        report.fail(f"此数据文件由更新版本的党建台账创建（数据结构版本 {report.revision}），请升级程序。")


def _check_server(target: str | os.PathLike[str] | None, report: IntegrityReport) -> IntegrityReport:
    from app.services.people_counts import count_orgs
    from app.store.engine import open_store, table_counts
    from app.store.migrate import current_revision

    try:
        store = open_store(target, read_only=True)
        try:
            report.revision = current_revision(store)
            counts = table_counts(store)
            report.counts = {k: counts[k] for k in COUNT_LABELS if k in counts}
            if "organization" in counts:
                with store.session_factory() as session:
                    report.orgs = count_orgs(session)
        finally:
            store.dispose()
    except Exception as exc:  # a server store's failure is reported, not raised
        from app.store.dberrors import translate

        plain = translate(exc)
        if plain is not None:
            report.fail(plain.message)
            report.problems.extend(plain.details)
        else:
            report.fail(f"无法读取数据库：{str(exc).splitlines()[0][:200]}")
    return report
