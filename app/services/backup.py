"""Backups: daily and safety copies with rotation, copies to a USB folder, preview and restore.

Every copy goes through app.store.snapshot.verified_copy (online backup API, fsync, integrity_check,
atomic rename). Backups are named `<store stem>_<reason>_<YYYYMMDD-HHMMSS>.sqlite` so one data folder
can hold the backups of several stores and a listing needs no database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app import paths
from app.domain.member_counts import PeopleCount
from app.domain.org_counts import OrgCount
from app.errors import StoreDamaged, StoreError
from app.services.people_counts import count_orgs, count_orgs_in, count_people_in
from app.services.permissions import require_admin
from app.store import checkpoints
from app.store.checkpoints import reach
from app.store.engine import LEDGER, NotALedger, Store, check_sqlite_file, ledger_state
from app.store.snapshot import PARTIAL_SUFFIX, Progress, integrity_problems, verified_copy
from app.store.uow import Actor, Ledger, UnitOfWork

DAILY = "每日"
MANUAL = "手动"
BEFORE_RESTORE = "恢复前"
BEFORE_IMPORT = "导入前"
DAMAGED = "损坏"

# Defaults; a school may change them in the setting table (JSON integers).
KEEP_DAILY = 14
KEEP_MONTHLY = 12
KEEP_SAFETY = 20
SETTING_KEEP_DAILY = "backup.keep_daily"
SETTING_KEEP_MONTHLY = "backup.keep_monthly"
SETTING_KEEP_SAFETY = "backup.keep_safety"

_NAME = re.compile(r"^(?P<stem>.+)_(?P<reason>[^_]+)_(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite$")
STAMP = "%Y%m%d-%H%M%S"

# Tables a person recognises, in the order a preview shows them.
# "organization" is every row of the table (党小组 and dissolved ones too): where the organizations can be
# counted as 首页 counts them, `contents_text` says that instead.
COUNT_LABELS = {
    "organization": "党组织记录（含党小组、已撤销）", "member": "人员（含入党申请人等及离册）", "post": "班子成员",
    "meeting": "会议记录",
    "attendance": "出席记录", "attachment": "附件", "user_account": "账号", "audit_log": "审计记录",
}


def contents_text(counts: dict[str, int], orgs: OrgCount | None = None) -> str:
    """党组织 4 个（其中党支部 2 个，另有党小组 4 个），人员（含入党申请人等及离册） 45，…: each table's rows,
    the organizations as 首页 counts them when they could be counted (app.domain.org_counts)."""
    return "，".join(orgs.describe() if k == "organization" and orgs is not None else f"{COUNT_LABELS.get(k, k)} {v}"
                    for k, v in counts.items())


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int


@dataclass(frozen=True)
class BackupPreview:
    """What a backup holds, shown before anything is replaced."""

    path: Path
    taken_at: dt.datetime
    school_name: str
    revision: str
    counts: dict[str, int] = field(default_factory=dict)
    last_change: dt.datetime | None = None
    people: PeopleCount | None = None  # 在册 by stage, as 首页 and the tree count them (people_counts)
    orgs: OrgCount | None = None  # 党组织 and, apart, 党小组, as 首页 counts them

    def describe(self) -> str:
        lines = [f"文件：{self.path}", f"备份时间：{self.taken_at:%Y-%m-%d %H:%M}",
                 f"学校：{self.school_name or '（未设置）'}"]
        if self.last_change:
            lines.append(f"最后修改：{self.last_change:%Y-%m-%d %H:%M}")
        if self.people is not None:
            lines.append(f"全校在册：{self.people.describe()}")
        lines.append("内容：" + contents_text(self.counts, self.orgs))
        return "\n".join(lines)


@dataclass(frozen=True)
class RestoreResult:
    replaced: Path
    source: Path
    safety_backup: Path | None
    before: dict[str, int]
    after: BackupPreview
    before_orgs: OrgCount | None = None

    def describe(self) -> str:
        before = contents_text(self.before, self.before_orgs)
        return (f"已用备份恢复数据文件：{self.replaced}\n恢复自：{self.source}\n"
                f"恢复前的数据：{before}\n恢复前的数据已另存为：{self.safety_backup or '（无）'}\n"
                f"恢复后的数据：学校 {self.after.school_name or '（未设置）'}，"
                + (f"全校在册：{self.after.people.describe()}，" if self.after.people else "")
                + contents_text(self.after.counts, self.after.orgs))


def _stamp_now() -> str:
    return dt.datetime.now().strftime(STAMP)


def parse_name(path: Path) -> tuple[str, str, dt.datetime] | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    stamp = match["stamp"]  # STAMP, read by hand: the first strptime of a process costs 5-10 ms (首页)
    try:
        when = dt.datetime(int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]),
                           int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15]))
    except ValueError:
        return None
    return match["stem"], match["reason"], when


def _target_name(folder: Path, stem: str, reason: str) -> Path:
    base = f"{stem}_{reason}_{_stamp_now()}"
    target = folder / f"{base}.sqlite"
    n = 2
    while target.exists() or target.with_name(target.name + ".partial").exists():
        target = folder / f"{base}-{n}.sqlite"
        n += 1
    return target


def backup_file(source: Path, folder: Path, reason: str = MANUAL, *, progress: Progress | None = None,
                pages_per_step: int = -1) -> Path:
    """Verified backup of the store file `source` into `folder`; StoreError with a plain reason on failure."""
    source = Path(source)
    if not source.is_file():
        raise StoreError(f"数据文件不存在：{source}")
    # stat only: opening and closing the file with plain open() would drop this process's SQLite locks.
    if source.stat().st_size == 0:
        raise StoreDamaged(f"数据文件“{source}”是空文件（0字节），无法备份。")
    if ledger_state(source) != LEDGER:  # another program's file (raises) or one with no ledger in it
        raise NotALedger(f"“{source}”不是党建台账的数据文件（其中没有台账数据），没有备份。")
    folder = Path(folder)
    if not folder.is_dir():
        raise StoreError(f"备份失败：目标文件夹不存在或已被移除（例如U盘被拔出）：{folder}")
    target = _target_name(folder, source.stem, reason)

    def copying(remaining: int, total: int) -> None:
        reach("backup.copying")  # after each step of the copy (fault tests kill the process here)
        if progress is not None:
            progress(remaining, total)

    return verified_copy(source, target, progress=copying, pages_per_step=pages_per_step)


def list_backups(store_path: Path | None = None, folder: Path | None = None) -> list[BackupInfo]:
    """Finished backups in `folder` (default: the data folder's), of `store_path` only when given; newest first."""
    folder = folder or paths.backups_dir()
    found: list[BackupInfo] = []
    for path in folder.glob("*.sqlite"):
        parsed = parse_name(path)
        if parsed is None:
            continue
        stem, reason, when = parsed
        if store_path is not None and stem != Path(store_path).stem:
            continue
        with contextlib.suppress(OSError):
            found.append(BackupInfo(path, when, reason, path.stat().st_size))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def last_backup(store_path: Path | None) -> BackupInfo | None:
    """The newest finished backup of this store in the data folder (any reason), for 首页."""
    if store_path is None:
        return None
    found = list_backups(store_path)
    return found[0] if found else None


def _setting_int(store: Store | None, key: str, default: int) -> int:
    if store is None or store.path is None or not store.path.exists():
        return default
    try:
        with store.engine.connect() as con:
            row = con.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (key,)).first()
        value = json.loads(row[0]) if row else default
        return max(1, int(value))
    except Exception:  # a missing table or odd value must never stop a backup
        return default


def rotate(store_path: Path, *, keep_daily: int = KEEP_DAILY, keep_monthly: int = KEEP_MONTHLY,
           keep_safety: int = KEEP_SAFETY, folder: Path | None = None) -> list[Path]:
    """Keep the newest daily backup of each of the last `keep_daily` days and of each of the last
    `keep_monthly` months, and the newest `keep_safety` of every other reason; delete the rest."""
    backups = list_backups(store_path, folder)
    keep: set[Path] = set()
    daily = [b for b in backups if b.reason == DAILY]
    days: dict[dt.date, BackupInfo] = {}
    months: dict[tuple[int, int], BackupInfo] = {}
    for b in daily:  # newest first, so the first seen per day/month is the newest
        days.setdefault(b.taken_at.date(), b)
        months.setdefault((b.taken_at.year, b.taken_at.month), b)
    keep.update(b.path for b in list(days.values())[:keep_daily])
    keep.update(b.path for b in list(months.values())[:keep_monthly])
    by_reason: dict[str, list[BackupInfo]] = {}
    for b in backups:
        if b.reason != DAILY:
            by_reason.setdefault(b.reason, []).append(b)
    for items in by_reason.values():
        keep.update(b.path for b in items[:keep_safety])
    removed = []
    for b in backups:
        if b.path not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    return removed + _remove_stale_partials(store_path, folder or paths.backups_dir())


STALE_PARTIAL_SECONDS = 3600  # a copy still being written is touched every moment; a killed one is not


def _remove_stale_partials(store_path: Path, folder: Path, now: float | None = None) -> list[Path]:
    """`*.partial` copies (and their journals) that a killed backup left behind, untouched for an hour."""
    import time

    now = time.time() if now is None else now
    removed = []
    for partial in folder.glob("*" + PARTIAL_SUFFIX + "*"):
        finished_name = partial.name.split(PARTIAL_SUFFIX, 1)[0]
        parsed = parse_name(Path(finished_name))
        if parsed is None or parsed[0] != Path(store_path).stem:
            continue
        with contextlib.suppress(OSError):
            if now - partial.stat().st_mtime >= STALE_PARTIAL_SECONDS:
                partial.unlink()
                removed.append(partial)
    return removed


def _rotate_store(store: Store) -> None:
    assert store.path is not None
    rotate(store.path, keep_daily=_setting_int(store, SETTING_KEEP_DAILY, KEEP_DAILY),
           keep_monthly=_setting_int(store, SETTING_KEEP_MONTHLY, KEEP_MONTHLY),
           keep_safety=_setting_int(store, SETTING_KEEP_SAFETY, KEEP_SAFETY))


def safety_backup(store: Store, reason: str) -> Path | None:
    """A verified backup before a risky step (restore, import); None for a server store or an empty one."""
    if not store.is_sqlite or store.path is None or not store.path.exists() or store.path.stat().st_size == 0:
        return None
    path = backup_file(store.path, paths.backups_dir(), reason)
    _rotate_store(store)
    return path


def daily_backup_if_due(store: Store, today: dt.date | None = None) -> Path | None:
    """On the first start of each day: one verified daily backup, then rotation. Call after opening."""
    if not store.is_sqlite or store.path is None:
        return None
    today = today or dt.date.today()
    if any(b.reason == DAILY and b.taken_at.date() == today for b in list_backups(store.path)):
        return None
    return safety_backup(store, DAILY)


def backup_to_folder(ledger: Ledger, store_path: Path, folder: Path, *, progress: Progress | None = None,
                     pages_per_step: int = -1) -> Path:
    """「备份到U盘」: a verified copy in a folder the user picked, recorded in the audit log.

    The copy holds every full ID number and password hash, so it is an administrator's action and it is
    audited. A read-only window (another window holds the store) records the row through a short
    writable connection of its own (`recording_uow`, as logins do); a session that cannot record it is
    refused, and a copy whose audit row fails is removed.
    """
    require_admin(ledger.actor, "备份到U盘（备份含完整身份证号）")
    opener = ledger.uow if not ledger.read_only else getattr(ledger, "recording_uow", None)
    if opener is None:
        raise StoreError("只读方式打开时不能备份到U盘（无法记入审计日志）。请关闭其他窗口后以可写方式打开。")
    path = backup_file(store_path, folder, MANUAL, progress=progress, pages_per_step=pages_per_step)
    try:
        with opener() as uow:
            uow.audit("backup", "store", "", f"备份到U盘：{path}", new={"file": str(path)})
            uow.commit()
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path


def _counts(con: sqlite3.Connection) -> dict[str, int]:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in COUNT_LABELS if t in tables}


def _people(con: sqlite3.Connection) -> PeopleCount | None:
    """Who is on the backup's roster, counted as the live store is (None when it cannot be read)."""
    try:
        return count_people_in(con)
    except sqlite3.Error:
        return None


def _orgs(con: sqlite3.Connection) -> OrgCount | None:
    """The backup's organizations, counted as 首页 counts the live store's (None when they cannot be read)."""
    try:
        return count_orgs_in(con)
    except sqlite3.Error:
        return None


class BackupFileError(StoreError):
    """The file the user chose is not a usable backup: bad input (exit 2), the store is untouched."""

    exit_code = 2


def preview_backup(path: Path) -> BackupPreview:
    """Open a backup read-only and say what it holds; StoreError when it is not a usable store.

    Not for a store this process has open: the header check's plain open()/close() would drop its locks.
    """
    from app.store.migrate import known_revisions

    path = Path(path)
    if not path.is_file():
        raise BackupFileError(f"备份文件不存在：{path}")
    try:
        check_sqlite_file(path)
    except StoreDamaged as exc:
        raise BackupFileError(f"“{path.name}”不是可用的备份：{exc.message}") from None
    problems = integrity_problems(path)
    if problems:
        raise BackupFileError(f"备份文件“{path.name}”已损坏（完整性检查未通过），不能用于恢复。",
                         details=problems[:5])
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
            school = con.execute("SELECT name FROM school ORDER BY created_at LIMIT 1").fetchone()
            last = con.execute("SELECT MAX(at) FROM audit_log").fetchone()
        except sqlite3.Error:
            raise BackupFileError(f"“{path.name}”不是党建台账的数据文件或备份。") from None
        counts = _counts(con)
        problems = _structure_problems(con, revision[0] if revision else None)
        people = _people(con) if "member" in counts and not problems else None
        orgs = _orgs(con) if "organization" in counts and not problems else None
    finally:
        con.close()
    if revision is None or revision[0] not in known_revisions():
        raise BackupFileError(f"备份“{path.name}”由更新版本的党建台账创建，请升级程序后再恢复。")
    if problems:
        raise BackupFileError(f"备份“{path.name}”的数据结构不完整，不能用于恢复，当前数据没有改动。",
                              details=problems[:5])
    parsed = parse_name(path)
    taken = parsed[2] if parsed else dt.datetime.fromtimestamp(path.stat().st_mtime)
    last_change = None
    if last and last[0]:
        with contextlib.suppress(ValueError):
            last_change = dt.datetime.fromisoformat(str(last[0])).replace(tzinfo=dt.UTC).astimezone().replace(
                tzinfo=None)
    return BackupPreview(path, taken, school[0] if school else "", revision[0], counts, last_change, people, orgs)


def _structure_problems(con: sqlite3.Connection, revision: str | None) -> list[str]:
    """What integrity_check does not see: broken references, and (at the current schema) a missing table
    or column. A backup of an older schema is checked again after its upgrade (`_stage`)."""
    from app.store.migrate import head_revision
    from app.store.models import Base

    try:
        problems = [f"外键引用不一致：{table} 第 {rowid} 行 → {parent}"
                    for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check").fetchall()[:5]]
        if revision != head_revision():
            return problems
        for name, table in Base.metadata.tables.items():
            columns = {r[1] for r in con.execute(f'PRAGMA table_info("{name}")')}
            if not columns:
                problems.append(f"缺少数据表：{name}")
            elif missing := [c.name for c in table.columns if c.name not in columns]:
                problems.append(f"数据表 {name} 缺少列：{'、'.join(missing)}")
    except sqlite3.Error as exc:
        problems = [f"无法读取数据结构：{exc}"]
    return problems


def _stage(source: Path, live: Path) -> Path:
    """A verified copy of `source` beside the live store, opened and upgraded through the app's own path
    (file checks, quick_check, Alembic) and checked again; BackupFileError (the copy removed) otherwise."""
    from app.store.engine import open_store
    from app.store.migrate import upgrade

    for stale in live.parent.glob(f".{live.name}.restore-*"):  # left by a killed restore
        _discard_sqlite(stale)
    staged = verified_copy(source, live.with_name(f".{live.name}.restore-{_stamp_now()}"))
    try:
        store = open_store(staged)
        try:
            upgrade(store)
        finally:
            store.dispose()
        con = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
        try:
            from app.store.migrate import head_revision

            problems = _structure_problems(con, head_revision())
        finally:
            con.close()
    except BackupFileError:
        _discard_sqlite(staged)
        raise
    except Exception as exc:  # Alembic, SQLite or the file checks: whatever it is, the backup is not usable
        _discard_sqlite(staged)
        raise BackupFileError(f"备份“{source.name}”无法按本程序的方式打开，不能用于恢复，当前数据没有改动。",
                              details=[f"技术信息：{str(exc).splitlines()[0][:200]}"]) from None
    if problems:
        _discard_sqlite(staged)
        raise BackupFileError(f"备份“{source.name}”的数据结构不完整，不能用于恢复，当前数据没有改动。",
                              details=problems[:5])
    return staged


def _discard_sqlite(path: Path) -> None:
    for extra in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + extra).unlink(missing_ok=True)


def _carry_audit_and_record(live: Store, staged_path: Path, actor: Actor, source: Path,
                            before: dict[str, int], safety: Path | None) -> None:
    """Into the staged copy, in one transaction: every audit row of the live store the backup lacks (what
    was recorded since it was taken survives the restore), and the restore's own row."""
    from dataclasses import replace

    from sqlalchemy import insert, select

    from app.store.engine import open_store
    from app.store.models import AuditLog

    staged = open_store(staged_path, check=False)
    try:
        with staged.engine.connect() as con:
            have = set(con.execute(select(AuditLog.id)).scalars())
        with live.engine.connect() as con:
            carried = [dict(r._mapping) for r in con.execute(select(AuditLog.__table__))
                       if r.id not in have]
        # The account was checked against the live store; the backup may not know it.
        with UnitOfWork(staged.session_factory, replace(actor, account_id=None)) as uow:
            if carried:
                uow.session.execute(insert(AuditLog), carried)
            uow.audit("restore", "store", "", f"从备份恢复：{source.name}",
                      old={**before, "safety_backup": str(safety or ""), "audit_rows_kept": len(carried)},
                      new={"source": str(source)})
            uow.commit()
        with staged.engine.connect() as con:
            con.exec_driver_sql("PRAGMA journal_mode = DELETE")  # one complete file to copy from
    finally:
        staged.dispose()


def restore_backup(store: Store, source: Path, actor: Actor | None = None) -> RestoreResult:
    """Replace the live store's content with `source` after a safety backup. The caller holds the
    store's write lock (AppContext does) and no other connection of this process may be in use."""
    from app.store.engine import table_counts
    from app.store.migrate import upgrade

    require_admin(actor or Actor.system(), "从备份恢复")
    if not store.is_sqlite or store.path is None:
        raise StoreError("服务器数据库请用数据库自身的工具恢复。")
    source = Path(source).resolve()
    if source == store.path.resolve():
        raise StoreError("不能用数据文件自身恢复。")
    restored = preview_backup(source)
    actor = actor or Actor.system()
    with UnitOfWork(store.session_factory, actor) as uow:
        uow.check_account()  # a stale session may not restore (the commit below is in another file)
    before = table_counts(store)
    before = {k: before[k] for k in COUNT_LABELS if k in before}
    with store.session_factory() as session:
        before_orgs = count_orgs(session)
    staged = _stage(source, store.path)
    try:
        safety = safety_backup(store, BEFORE_RESTORE)
        _carry_audit_and_record(store, staged, actor, source, before, safety)
        checkpoints.reach("restore.staged")
        store.dispose()
        try:
            src = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
            dst = sqlite3.connect(store.path, timeout=5)
            try:
                # The backup API writes through the live file's own journal: all or nothing, even if killed;
                # the restored content and its audit row arrive together.
                src.backup(dst)
            finally:
                dst.close()
                src.close()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"恢复失败，数据文件未改动：{exc}",
                             details=[f"恢复前的备份：{safety}"] if safety else None) from None
        checkpoints.reach("restore.replaced")
    finally:
        _discard_sqlite(staged)
    store.dispose()
    upgrade(store)
    return RestoreResult(store.path, source, safety, before, restored, before_orgs)


@dataclass(frozen=True)
class DamagedRestore:
    replaced: Path
    source: Path
    damaged_copy: Path


def newest_good_backup(store_path: Path) -> BackupInfo | None:
    """The newest backup of this store that passes integrity_check and is a usable store."""
    for info in list_backups(store_path):
        if info.reason == DAMAGED:
            continue
        try:
            preview_backup(info.path)
        except StoreError:
            continue
        return info
    return None


def replace_damaged(store_path: Path, source: Path) -> DamagedRestore:
    """With the user's say: keep a byte copy of the damaged file (and its -wal/-shm), then put a verified
    copy of `source` in its place by atomic rename. The caller holds the write lock."""
    store_path = Path(store_path)
    preview_backup(source)
    folder = paths.backups_dir()
    stamp = _stamp_now()
    kept = folder / f"{store_path.stem}_{DAMAGED}_{stamp}.sqlite.damaged"
    if store_path.exists():
        shutil.copy2(store_path, kept)
    for extra in ("-wal", "-shm", "-journal"):
        side = store_path.with_name(store_path.name + extra)
        if side.exists():
            shutil.copy2(side, kept.with_name(kept.name + extra))
    fresh = store_path.with_name(f"{store_path.name}.restore-{stamp}")
    verified_copy(source, fresh)
    for extra in ("-wal", "-shm", "-journal"):
        store_path.with_name(store_path.name + extra).unlink(missing_ok=True)
    fresh.replace(store_path)
    return DamagedRestore(store_path, Path(source), kept)
