"""The attachments page of the meeting editor: files to add and remove, applied when the record is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import meeting_ops
from app.store.uow import Ledger

FILTER = "图片和文档 (*.jpg *.jpeg *.png *.pdf *.doc *.docx *.xls *.xlsx);;所有文件 (*)"


def open_path(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AttachmentPanel(QWidget):
    """Lists saved attachments and pending changes; the record's save (meeting_ops.record_meeting) applies them."""

    def __init__(self, ctx: Ledger, message: Callable[..., None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.message = message
        self.meeting_id: str | None = None
        self.pending: list[Path] = []
        self.removed: list[str] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("照片、扫描件等附件会复制到数据目录保存；双击打开。"))
        self.files = QListWidget()
        self.files.itemDoubleClicked.connect(self.open_item)
        layout.addWidget(self.files, 1)
        row = QHBoxLayout()
        add, remove = QPushButton("添加附件…"), QPushButton("移除附件")
        add.clicked.connect(lambda: self.add_files())
        remove.clicked.connect(self.remove_current)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)

    def set_meeting(self, meeting_id: str | None) -> None:
        self.meeting_id = meeting_id
        self.pending, self.removed = [], []
        self.reload()

    def reload(self) -> None:
        self.files.clear()
        if self.meeting_id:
            for a in meeting_ops.list_attachments(self.ctx, self.meeting_id):
                if a.id in self.removed:
                    continue
                item = QListWidgetItem(f"{a.original_name}（{a.size // 1024 + 1} KB）")
                item.setData(Qt.ItemDataRole.UserRole, ("saved", a.id))
                self.files.addItem(item)
        for path in self.pending:
            item = QListWidgetItem(f"{path.name}（保存后添加）")
            item.setData(Qt.ItemDataRole.UserRole, ("pending", str(path)))
            self.files.addItem(item)

    def add_files(self, chosen: list[str] | None = None) -> None:
        if not chosen:
            chosen, _ = QFileDialog.getOpenFileNames(self, "添加附件", "", FILTER)
        self.pending += [Path(p) for p in chosen or []]
        self.reload()

    def remove_current(self) -> None:
        item = self.files.currentItem()
        if item is None:
            return
        where, key = item.data(Qt.ItemDataRole.UserRole)
        if where == "saved":
            self.removed.append(key)
        else:
            self.pending = [p for p in self.pending if str(p) != key]
        self.reload()

    def open_item(self, item: QListWidgetItem) -> None:
        where, key = item.data(Qt.ItemDataRole.UserRole)
        if where == "pending":
            open_path(Path(key))
            return
        found = [a for a in meeting_ops.list_attachments(self.ctx, self.meeting_id or "") if a.id == key]
        if found and found[0].path.exists():
            open_path(found[0].path)
        else:
            self.message("打开附件", "附件文件已不在数据目录中。", warning=True)
