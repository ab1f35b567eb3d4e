"""Run in a subprocess by the fault-injection tests: `python fault_helper.py MODE DB [ARGS]`.

Modes: bulk N (insert N members in one transaction), hold (keep the store open until stdin closes),
backup DIR (verified backup in small steps), and with `--fsize BYTES` any mode runs under
RLIMIT_FSIZE with SIGXFSZ ignored (a full disk, for real). Prints `ready` when the fault may strike;
DANGJIAN_KILL_AT=bulk.flushed#N kills the bulk write after its N-th batch of 500 rows reached the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _limit_file_size(limit: int) -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def _ready() -> None:
    print("ready", flush=True)


def bulk(db: str, n: int) -> None:
    import datetime as dt

    from sqlalchemy import insert

    from app.context import open_context
    from app.services import organizations
    from app.store.checkpoints import reach
    from app.store.models import Member

    ctx = open_context(db)
    try:
        with ctx.uow() as uow:
            school = organizations.get_school(uow)
            assert school is not None
            branch = organizations.branches(uow)[0]
            _ready()
            # Batches of 500 rows through the ORM's bulk INSERT (the column defaults as session.add gives them,
            # 0.55 s instead of 1.35 s for 5,000): each batch is written into the transaction before the next starts.
            row = {"school_id": school.id, "category": "full", "branch_id": branch.id,
                   "joined_on": dt.date(2000, 1, 1)}
            for start in range(0, n, 500):
                batch = range(start, min(start + 500, n))
                uow.session.execute(insert(Member), [{**row, "name": f"批量{i:05d}"} for i in batch])
                if len(batch) == 500:
                    reach("bulk.flushed")  # real pages reach the WAL before the commit
            uow.audit("import", "member", "", f"批量导入 {n} 人")
            uow.commit()
    finally:
        ctx.close()
    print("done", flush=True)


def hold(db: str) -> None:
    from app.context import open_context
    from app.services import organizations

    ctx = open_context(db)
    with ctx.uow() as uow:
        organizations.ensure_school(uow, "坚持学校")
        uow.audit("update", "school", "", "第一个窗口的修改")
        uow.commit()
    _ready()
    sys.stdin.read()
    ctx.close()


def backup(db: str, folder: str) -> None:
    from app.services.backup import backup_file

    _ready()
    path = backup_file(Path(db), Path(folder), pages_per_step=4)
    print(f"done {path}", flush=True)


def main(argv: list[str]) -> int:
    from app.errors import KnownError

    if "--fsize" in argv:
        i = argv.index("--fsize")
        _limit_file_size(int(argv[i + 1]))
        argv = argv[:i] + argv[i + 2:]
    mode, db, *rest = argv
    try:
        if mode == "bulk":
            bulk(db, int(rest[0]))
        elif mode == "hold":
            hold(db)
        elif mode == "backup":
            backup(db, rest[0])
        else:
            raise SystemExit(f"unknown mode {mode}")
    except KnownError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return exc.exit_code
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
