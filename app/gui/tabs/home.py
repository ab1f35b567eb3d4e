"""首页: counts and alerts at a glance."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.context import AppContext
from app.services import members, organizations


class HomeTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.uow() as uow:
            school = organizations.get_school(uow)
            counts = members.category_counts(uow)
            orgs = organizations.list_organizations(uow)
        lines = [school.name if school else "尚未设置学校", f"党组织 {len(orgs)} 个"]
        lines += [f"{c.label} {n} 人" for c, n in counts.items()]
        self.summary.setText("\n".join(lines))
