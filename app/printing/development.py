"""发展党员 forms (A4): the 全程纪实表 per person, the 公示 notice, the 发展党员工作台账 and the 双培养台账.

Plain dataclasses in (built by app.services.development_print), a PDF out; every user text is escaped by
`para`. The steps and stages printed come from the data, in the order of docs/domain.md.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.dates import fmt
from app.domain.docs.development import (
    DossierDoc,
    DossierStep,
    DualDoc,
    DualLine,
    LedgerDoc,
    NoticeDoc,
)
from app.printing.base import (
    HEADER_BG,
    LANDSCAPE,
    PORTRAIT,
    TA_LEFT,
    PageDecor,
    Styles,
    TailKeepingTable,
    build_pdf,
    mm,
    para,
    ruled_table,
    styles,
    usable_width,
)
from app.printing.roster import signature_line


def _head(left: str, right: str, width: float) -> Table:
    s = styles()
    head = Table([[para(left, s.body), para(right, s.right)]], colWidths=[width * 0.62, width * 0.38])
    head.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return head


# ---- 发展党员全程纪实表 ------------------------------------------------------------------------------

DOSSIER_COLUMNS = [("序号", 10), ("步骤", 48), ("完成日期", 22), ("决定机关及会议", 34), ("有关人员、情况", 50),
                   ("经办人", 16)]
STAGE_NUMERALS = "一二三四五"


def _person_table(doc: DossierDoc, width: float) -> Table:
    s = styles(10)
    lab, val = s.label, s.cell
    born = f"{doc.birth_date:%Y年%m月}" if doc.birth_date else ""
    rows = [
        [para("姓名", lab), para(doc.name, val), para("性别", lab), para(doc.gender, val),
         para("出生年月", lab), para(born, val), para("民族", lab), para(doc.ethnicity, val)],
        [para("学历", lab), para(doc.education, val), para("工作岗位", lab), para(doc.job, val),
         para("所在党支部", lab), para(doc.branch_name, val), "", ""],
        [para("当前阶段", lab), para(doc.standing, val), para("下一步", lab), para(doc.next_due or "—", val),
         "", "", "", ""],
    ]
    unit = width / 180
    widths = [w * unit for w in (18, 27, 18, 27, 22, 36, 14, 18)]
    extra: list[tuple] = [("SPAN", (5, 1), (7, 1)), ("SPAN", (3, 2), (7, 2))]
    extra += [("BACKGROUND", (c, 0), (c, -1), HEADER_BG) for c in (0, 2)]
    extra += [("BACKGROUND", (c, 0), (c, 1), HEADER_BG) for c in (4,)] + [("BACKGROUND", (6, 0), (6, 0), HEADER_BG)]
    extra += [("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
    return ruled_table(rows, widths, header_rows=0, extra=extra)


def _step_details(step: DossierStep) -> str:
    parts = [step.details] if step.details else []
    parts += [f"【程序提示】{p}" for p in step.problems]
    if step.reason:
        parts.append(f"【原因说明】{step.reason}")
    return "\n".join(parts)


class _StageTable(Table):
    """The steps table: a stage's band row never stays alone at the foot of a page (it moves on with its
    first step). Band rows are the ones whose step cell is empty."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first = parts[0]._cellvalues
        if len(first) > self.repeatRows + 1 and first[-1][1] == "":
            in_row: int = getattr(self, "splitInRow")  # noqa: B009 (ReportLab sets it untyped)
            self.splitInRow = 0  # whole rows only: the band goes to the next page
            try:
                return super().split(availWidth, sum(self._rowHeights[:len(first) - 1]) + 0.5)
            finally:
                self.splitInRow = in_row
        return parts


def _steps_table(doc: DossierDoc, width: float) -> Table:
    """One band row per stage (「第一阶段 申请入党」), then its steps; spans never cross a row, so the
    table splits cleanly across pages."""
    s = styles(10)
    unit = width / sum(w for _h, w in DOSSIER_COLUMNS)
    widths = [w * unit for _h, w in DOSSIER_COLUMNS]
    band = ParagraphStyle("stage_band", parent=s.label, alignment=TA_LEFT, leftIndent=2 * mm)
    rows: list[list] = [[para(h, s.cell_head) for h, _w in DOSSIER_COLUMNS]]
    extra: list[tuple] = [("TOPPADDING", (0, 1), (-1, -1), 5), ("BOTTOMPADDING", (0, 1), (-1, -1), 5)]
    stage = 0
    for step in doc.steps:
        if step.stage != stage:
            stage = step.stage
            r = len(rows)
            label = f"第{STAGE_NUMERALS[stage - 1]}阶段　{doc.stages.get(stage, '')}"
            rows.append([para(label, band)] + [""] * (len(DOSSIER_COLUMNS) - 1))
            extra += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), HEADER_BG),
                      ("ALIGN", (0, r), (-1, r), "LEFT")]
        details = _step_details(step)
        rows.append([
            para(str(step.number), s.cell_center), para(step.title, s.cell), para(fmt(step.on), s.cell_center),
            para(step.basis, s.cell), para(details, s.small if step.problems or len(details) > 44 else s.cell), "",
        ])
    return ruled_table(rows, widths, header_rows=1, extra=extra, table_class=_StageTable)


def _signatures(width: float) -> Flowable:
    """Two signature lines with their own dates, and the seal: the branch, then the upper organization."""
    s = styles()
    rows = [[para("党支部书记（签字）：", s.body), "", para("日期：　　　年　　月　　日", s.body)],
            [para("上级党组织审核意见：", s.body), "", para("（盖章）　　　年　　月　　日", s.body)]]
    table = Table(rows, colWidths=[width * 0.27, width * 0.38, width * 0.35], rowHeights=[13 * mm, 16 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("LINEBELOW", (1, 0), (1, -1), 0.6, "black")]))
    return KeepTogether([table])


def render_dossier(doc: DossierDoc, path: Path) -> Path:
    margins = (16, 15, 16, 15)
    width = usable_width(PORTRAIT, margins)
    s = styles()
    story: list[Flowable] = [
        para("发展党员全程纪实表", s.title),
        _head(f"单位：{doc.school_name}", f"填表日期：{doc.printed_on:%Y年%m月%d日}", width),
        Spacer(1, 2 * mm), _person_table(doc, width), Spacer(1, 3 * mm), _steps_table(doc, width),
        Spacer(1, 2 * mm),
        para("说明：依据《中国共产党发展党员工作细则》，按5个阶段25个步骤逐项记实；日期为该步骤完成之日，"
             "“【程序提示】”为不符合程序或时间要求之处，“【原因说明】”为保存时填写的原因。", s.small),
        Spacer(1, 4 * mm),
        _signatures(width),
    ]
    decor = PageDecor(header_left=doc.school_name, header_right=f"发展党员全程纪实表　{doc.name}",
                      printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"发展党员全程纪实表 {doc.name}", decor=decor, margins_mm=margins)


# ---- 公示 -----------------------------------------------------------------------------------------

def notice_title(kind: str, name: str) -> str:
    if kind == "full":
        return f"关于{name}同志拟转为正式党员的公示"
    return f"关于拟发展{name}同志为中共预备党员的公示"


def render_notice(doc: NoticeDoc, path: Path) -> Path:
    margins = (30, 26, 30, 28)  # a notice for the board: wide official margins (GB/T 9704-like)
    s = styles(14)
    body = ParagraphStyle("notice_body", parent=s.body, firstLineIndent=2 * 14)
    born = f"{doc.birth_date:%Y年%m月}生" if doc.birth_date else ""
    who = "，".join(p for p in (doc.name, doc.gender, doc.ethnicity, born, doc.education, doc.job) if p)
    if doc.kind == "full":
        lead = (f"{doc.name}同志预备期即将届满，经本人申请、{doc.branch_name}支部委员会审查，拟提交支部党员大会"
                "讨论其转为中共正式党员。根据《中国共产党发展党员工作细则》的规定，现将有关情况公示如下：")
    else:
        lead = (f"经{doc.branch_name}支部委员会研究，{doc.name}同志已具备入党条件，拟提交支部党员大会讨论接收为"
                "中共预备党员。根据《中国共产党发展党员工作细则》的规定，现将有关情况公示如下：")
    story: list[Flowable] = [Spacer(1, 4 * mm), para(notice_title(doc.kind, doc.name), s.title), Spacer(1, 4 * mm),
                             para(lead, body), Spacer(1, 2 * mm), para(f"{who}。", body)]
    for label, value in doc.facts:
        story.append(para(f"{label}：{value}", body))
    story += [
        Spacer(1, 2 * mm),
        para(f"公示时间：{doc.starts_on:%Y年%m月%d日}至{doc.ends_on:%Y年%m月%d日}"
             f"（{doc.working_days}个工作日）。", body),
        para("公示期间，党员和群众可通过来信、来电、来访等方式，实事求是地反映该同志的情况和问题。"
             "反映问题应署真实姓名，党组织将对反映人和反映内容严格保密。", body),
        para(f"联系人：{doc.contact_person or '　' * 4}　　联系电话：{doc.contact_phone or '　' * 6}", body),
        Spacer(1, 14 * mm),
        para(doc.issuer or doc.branch_name, s.right),
        para(f"{doc.printed_on:%Y年%m月%d日}", s.right),
    ]
    decor = PageDecor(page_numbers=False, printed_on=doc.printed_on)
    return build_pdf(path, story, title=notice_title(doc.kind, doc.name), decor=decor, margins_mm=margins)


# ---- 发展党员工作台账 ----------------------------------------------------------------------------------

# (heading, width); the four dates sit under one 「发展时间」 heading
LEDGER_COLUMNS = [("序号", 10), ("姓名", 17), ("性别", 10), ("出生年月", 17), ("所在党支部", 35), ("申请入党", 21),
                  ("积极分子", 21), ("发展对象", 21), ("预备党员", 21), ("当前阶段", 24), ("最近完成步骤", 36),
                  ("下一步工作", 44), ("应办日期", 22), ("问题", 12)]
DATE_COLUMNS = range(5, 9)


def _ledger_header(s: Styles) -> tuple[list[list], list[tuple]]:
    top = [para(h, s.cell_head) if i not in DATE_COLUMNS else "" for i, (h, _w) in enumerate(LEDGER_COLUMNS)]
    top[DATE_COLUMNS[0]] = para("发展时间", s.cell_head)
    second = [para(h, s.cell_head) if i in DATE_COLUMNS else "" for i, (h, _w) in enumerate(LEDGER_COLUMNS)]
    spans = [("SPAN", (i, 0), (i, 1)) for i in range(len(LEDGER_COLUMNS)) if i not in DATE_COLUMNS]
    spans.append(("SPAN", (DATE_COLUMNS[0], 0), (DATE_COLUMNS[-1], 0)))
    return [top, second], spans


def render_ledger(doc: LedgerDoc, path: Path) -> Path:
    margins = (15, 10, 15, 10)
    width = usable_width(LANDSCAPE, margins)
    s = styles(9.5)
    unit = width / sum(w for _h, w in LEDGER_COLUMNS)
    widths = [w * unit for _h, w in LEDGER_COLUMNS]
    rows, extra = _ledger_header(s)
    for i, line in enumerate(doc.lines, start=1):
        c = s.cell_center
        rows.append([
            para(str(i), c), para(line.name, c), para(line.gender, c),
            para(f"{line.birth_date:%Y.%m}" if line.birth_date else "", c), para(line.branch_name, s.cell),
            para(fmt(line.applied_on), c), para(fmt(line.activist_on), c), para(fmt(line.candidate_on), c),
            para(fmt(line.joined_on), c), para(line.standing, c), para(line.last_step, s.cell),
            para(line.next_step, s.cell), para(fmt(line.due_on) + ("\n（已逾期）" if line.overdue else ""), c),
            para(f"{line.problems} 处" if line.problems else "", c),
        ])
    if not doc.lines:
        rows.append([para("（本年度无发展党员工作记录）", s.cell_center)] + [""] * (len(LEDGER_COLUMNS) - 1))
        extra.append(("SPAN", (0, 2), (-1, 2)))
    counts: dict[str, int] = {}
    for line in doc.lines:
        counts[line.standing] = counts.get(line.standing, 0) + 1
    summary = "，".join(f"{k} {v} 人" for k, v in counts.items()) or "无"
    story: list[Flowable] = [
        para(f"{doc.year}年度发展党员工作台账", s.title),
        _head(f"单位：{doc.school_name}" + (f"　范围：{doc.scope}" if doc.scope else ""),
              f"截至 {doc.printed_on:%Y年%m月%d日}", width),
        Spacer(1, 2 * mm),
        ruled_table(rows, widths, header_rows=2, extra=extra, zebra=True, table_class=TailKeepingTable),
        Spacer(1, 2 * mm),
        para(f"合计 {len(doc.lines)} 人：{summary}。“问题”为不符合发展党员工作细则程序或时间要求的步骤数，"
             "详见各人的发展党员全程纪实表。", s.small),
        Spacer(1, 4 * mm), signature_line(width),
    ]
    decor = PageDecor(header_left=doc.school_name, header_right=f"{doc.year}年度发展党员工作台账",
                      printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.school_name}{doc.year}年度发展党员工作台账", pagesize=LANDSCAPE,
                     decor=decor, margins_mm=margins)


# ---- 双培养台账 -----------------------------------------------------------------------------------

DUAL_COLUMNS = [("序号", 10), ("姓名", 18), ("所在党支部", 34), ("政治面貌/阶段", 24), ("骨干级别", 26),
                ("认定时间", 20), ("开始培养", 20), ("培养责任人", 20), ("培养进展", 90), ("完成时间", 20)]


def _dual_table(lines: list[DualLine], widths: list[float]) -> Table:
    s = styles(9.5)
    c = s.cell_center
    rows: list[list] = [[para(h, s.cell_head) for h, _w in DUAL_COLUMNS]]
    for i, line in enumerate(lines, start=1):
        rows.append([para(str(i), c), para(line.name, c), para(line.branch_name, s.cell),
                     para(line.category or "群众", c), para(line.level, c), para(fmt(line.level_on), c),
                     para(fmt(line.started_on), c), para(line.responsible, c), para(line.progress, s.cell),
                     para(fmt(line.completed_on) or "培养中", c)])
    extra: list[tuple] = []
    if not lines:
        rows.append([para("（无）", c)] + [""] * (len(DUAL_COLUMNS) - 1))
        extra.append(("SPAN", (0, 1), (-1, 1)))
    return ruled_table(rows, widths, extra=extra, table_class=TailKeepingTable)


def render_dual(doc: DualDoc, path: Path) -> Path:
    margins = (15, 10, 15, 10)
    width = usable_width(LANDSCAPE, margins)
    s = styles()
    unit = width / sum(w for _h, w in DUAL_COLUMNS)
    widths = [w * unit for _h, w in DUAL_COLUMNS]
    section = styles(12).body
    story: list[Flowable] = [
        para(f"{doc.year}年度“双培养”工作台账", s.title),
        _head(f"单位：{doc.school_name}" + (f"　范围：{doc.scope}" if doc.scope else ""),
              f"截至 {doc.printed_on:%Y年%m月%d日}", width),
        Spacer(1, 2 * mm),
        para(f"一、把骨干教师培养成党员（{len(doc.to_member)} 人）", section), Spacer(1, 1 * mm),
        _dual_table(doc.to_member, widths), Spacer(1, 5 * mm),
        para(f"二、把党员培养成骨干（{len(doc.to_backbone)} 人）", section), Spacer(1, 1 * mm),
        _dual_table(doc.to_backbone, widths), Spacer(1, 5 * mm), signature_line(width),
    ]
    decor = PageDecor(header_left=doc.school_name, header_right=f"{doc.year}年度双培养台账", printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.school_name}{doc.year}年度双培养台账", pagesize=LANDSCAPE,
                     decor=decor, margins_mm=margins)
