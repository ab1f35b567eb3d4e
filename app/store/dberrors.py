"""SQLite's low-level failures (full disk, I/O error, locked, read-only) as plain Chinese StoreErrors.

The transaction has been rolled back when these reach the user: say so, and that earlier data is safe.
"""

from __future__ import annotations

import re

from sqlalchemy.exc import DBAPIError

from app.errors import StoreError

_KNOWN = [
    (("database or disk is full", "disk i/o error", "file too large"),
     "磁盘空间不足或无法写入数据文件，刚才的操作没有保存（已撤销），之前的数据完好。请清理磁盘空间或检查U盘后重试。"),
    (("database is locked", "database table is locked"),
     "数据文件正被其他程序占用，刚才的操作没有保存。请稍后重试。"),
    (("readonly database", "read-only"),
     "数据文件当前只能读取（以只读方式打开，或没有写入权限），刚才的操作没有保存。"),
    (("database disk image is malformed", "file is not a database"),
     "数据文件已损坏，刚才的操作没有保存。请关闭程序后从备份恢复。"),
]


_SERVER = ("connection refused", "could not connect", "connection failed", "password authentication failed",
           "timeout expired", "no such host", "could not translate host name", "name or service not known",
           "server closed the connection")
# A missing database or role is the user's URL; a missing table or column ("relation … does not exist") is a bug.
_MISSING = re.compile(r'(database|role) "[^"]*" does not exist')


def translate(exc: BaseException) -> StoreError | None:
    """A StoreError for a database failure the user can act on; None for anything else (a bug)."""
    if not isinstance(exc, DBAPIError):
        return None
    text = str(exc.orig or exc).lower()
    if exc.connection_invalidated or any(n in text for n in _SERVER) or _MISSING.search(text):
        first = str(exc.orig or exc).strip().splitlines()[0][:200]
        return StoreError("无法连接数据库服务器。请检查服务器地址、端口、数据库名、用户名和密码，"
                          "以及服务器是否已启动。", details=[f"技术信息：{first}"])
    for needles, message in _KNOWN:
        if any(n in text for n in needles):
            return StoreError(message, details=[str(exc.orig)])
    return None
