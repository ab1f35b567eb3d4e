"""How a failed backup is worded (snapshot.explain_os_error) and what a failed copy leaves behind (nothing)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from app.store import snapshot


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "空间不足"), (errno.EFBIG, "空间不足"),
    (errno.EACCES, "没有写入权限"), (errno.EPERM, "没有写入权限"), (errno.EROFS, "没有写入权限"),
    (errno.EIO, "写入失败")])
def test_os_errors_in_plain_chinese(tmp_path: Path, code: int, words: str) -> None:
    text = snapshot.explain_os_error(OSError(code, "boom"), tmp_path / "b.sqlite")
    assert words in text and str(tmp_path) in text


@pytest.mark.parametrize(("message", "words"), [
    ("database or disk is full", "空间不足"), ("disk I/O error", "空间不足"), ("file too large", "空间不足"),
    ("attempt to write a readonly database", "没有写入权限")])
def test_sqlite_errors_in_plain_chinese(tmp_path: Path, message: str, words: str) -> None:
    import sqlite3

    assert words in snapshot.explain_os_error(sqlite3.OperationalError(message), tmp_path / "b.sqlite")


def test_a_vanished_folder_is_named_as_such(tmp_path: Path) -> None:
    gone = tmp_path / "usb"
    text = snapshot.explain_os_error(OSError(errno.EIO, "boom"), gone / "b.sqlite")
    assert "不存在或已被移除" in text and "U盘" in text
    assert "不存在或已被移除" in snapshot.explain_os_error(OSError(errno.ENOENT, "x"), tmp_path / "b.sqlite")


def test_discard_removes_the_partial_copy_and_its_side_files(tmp_path: Path) -> None:
    partial = tmp_path / "s.sqlite.partial"
    kept = tmp_path / "s.sqlite"
    for path in (partial, *(partial.with_name(partial.name + x) for x in ("-journal", "-wal", "-shm")), kept):
        path.write_bytes(b"x")
    snapshot._discard(partial)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["s.sqlite"]
    snapshot._discard(partial)  # nothing left to remove: no error
