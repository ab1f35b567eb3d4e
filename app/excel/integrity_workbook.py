"""The 清廉学校 workbook: five sheets out (the three lists, 三重一大, 警示教育), the three lists back in.

A school edits its lists in Excel or WPS and imports them as a new version. Reading checks every row
and names the sheet and row of each problem; the caller writes nothing unless the whole file is valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.clean_school import ListKind, RiskLevel
from app.domain.clean_school_docs import IntegrityWorkbook, ListRow, NegativeRow, PowerRow, RiskRow
from app.errors import ValidationError
from app.excel import cells
from app.excel.roster_writer import save_atomically
from app.excel.safety import check_xlsx_file

POWER_SHEET, NEGATIVE_SHEET, RISK_SHEET = "小微权力清单", "负面清单", "廉政风险点"
DECISION_SHEET, ACTIVITY_SHEET = "三重一大", "警示教育"
POWER_HEADS = ["序号", "权力事项", "依据", "责任主体（岗位）", "运行流程", "风险点", "风险等级", "防控措施",
               "监督方式", "责任领导"]
NEGATIVE_HEADS = ["序号", "类别", "负面行为", "处理方式"]
RISK_HEADS = ["序号", "岗位（事项）", "风险点", "风险等级", "防控措施", "责任人", "复查日期"]
DECISION_HEADS = ["序号", "类别", "议题", "依据", "提议人", "会前酝酿", "决策方式", "党组织会议日期", "校长办公会日期",
                  "金额（元）", "应到", "实到", "参会人员", "个人意见", "赞成", "反对", "弃权", "决议", "落实责任人",
                  "完成时限", "跟踪落实", "提示"]
ACTIVITY_HEADS = ["序号", "日期", "形式", "主题", "内容", "地点", "参加人数", "参加人员", "心得体会"]
MAX_ROWS = 1000

_HEAD_FONT = Font(name="宋体", bold=True, size=11)
_BODY_FONT = Font(name="宋体", size=10.5)
_HEAD_FILL = PatternFill("solid", fgColor="EDEDED")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WIDTHS = {"序号": 6, "运行流程": 48, "负面行为": 50, "处理方式": 40, "风险点": 30, "防控措施": 30, "议题": 30,
           "决议": 30, "个人意见": 30, "内容": 30, "参加人员": 30, "心得体会": 30, "依据": 28, "提示": 40}


def _sheet(wb: Workbook, title: str, heads: list[str], rows: list[list[object]]) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.append(heads)
    for cell in ws[1]:
        cell.font, cell.fill, cell.border = _HEAD_FONT, _HEAD_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for values in rows:
        ws.append(values)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.font, cell.border = _BODY_FONT, _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, str):
                cell.number_format = "@"
    for i, head in enumerate(heads, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = _WIDTHS.get(head, 14)
    ws.freeze_panes = "A2"
    return ws


def write_workbook(book: IntegrityWorkbook, path: Path | str) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, POWER_SHEET, POWER_HEADS, [
        [i, r.name, r.basis, r.responsible, r.steps, r.risk_points, r.risk_level.label, r.measures, r.supervision,
         r.leader] for i, r in enumerate(book.powers, start=1)])
    _sheet(wb, NEGATIVE_SHEET, NEGATIVE_HEADS, [
        [i, r.category, r.conduct, r.consequence] for i, r in enumerate(book.negatives, start=1)])
    _sheet(wb, RISK_SHEET, RISK_HEADS, [
        [i, r.subject, r.risk, r.level.label, r.measures, r.person, r.review_on]
        for i, r in enumerate(book.risks, start=1)])
    _sheet(wb, DECISION_SHEET, DECISION_HEADS, [
        [i, d.category.label, d.topic, d.basis, d.proposer, d.consultation, d.method.label, d.party_meeting_on,
         d.office_meeting_on, float(d.amount) if d.amount is not None else None, d.expected, d.present,
         d.attendees, d.opinions, d.votes_for, d.votes_against, d.votes_abstain, d.decision, d.executor,
         d.deadline, d.follow_up, "；".join(d.flags)] for i, d in enumerate(book.decisions, start=1)])
    _sheet(wb, ACTIVITY_SHEET, ACTIVITY_HEADS, [
        [i, a.held_on, a.form.label, a.title, a.content, a.place, len(a.participant_names),
         "、".join(a.participant_names), a.reflections] for i, a in enumerate(book.activities, start=1)])
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.is_date:
                    cell.number_format = "yyyy-mm-dd"
    return save_atomically(wb, Path(path))


@dataclass
class IntegrityLists:
    """The three lists read from a workbook, with every problem found (empty: all valid)."""

    powers: list[PowerRow] = field(default_factory=list)
    negatives: list[NegativeRow] = field(default_factory=list)
    risks: list[RiskRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # which list sheets the file had


def lists_by_kind(lists: IntegrityLists) -> dict[ListKind, list[ListRow]]:
    """The lists the file had, by kind: a sheet left out of the file is left as it is in the store."""
    by_sheet: dict[str, tuple[ListKind, list[ListRow]]] = {
        POWER_SHEET: (ListKind.POWER, list(lists.powers)), NEGATIVE_SHEET: (ListKind.NEGATIVE, list(lists.negatives)),
        RISK_SHEET: (ListKind.RISK, list(lists.risks))}
    return {kind: rows for sheet, (kind, rows) in by_sheet.items() if sheet in lists.sheets}


def _header_map(ws: Worksheet, heads: list[str], errors: list[str]) -> dict[str, int] | None:
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    found = {cells.text(v): i for i, v in enumerate(first) if cells.text(v)}
    missing = [h for h in heads if h != "序号" and h not in found]
    if missing:
        errors.append(f"工作表“{ws.title}”第1行缺少列：{'、'.join(missing)}")
        return None
    return found


def _rows(ws: Worksheet, errors: list[str]):
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if number - 1 > MAX_ROWS:
            errors.append(f"工作表“{ws.title}”超过 {MAX_ROWS} 行")
            return
        if not any(cells.text(v) for v in values):
            continue
        yield number, values


def _cell(values: tuple, columns: dict[str, int], head: str) -> object:
    i = columns.get(head)
    return values[i] if i is not None and i < len(values) else None


def _level(value: object, where: str, errors: list[str]) -> RiskLevel:
    level = RiskLevel.parse(cells.text(value))
    if level is None:
        errors.append(f"{where}：风险等级应为“高”“中”“低”之一（现为“{cells.text(value)}”）")
        return RiskLevel.MEDIUM
    return level


def read_lists(path: Path | str) -> IntegrityLists:
    """Read the 小微权力清单, 负面清单 and 廉政风险点 sheets; 三重一大 and 警示教育 are not imported."""
    path = Path(path)
    check_xlsx_file(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValidationError(f"无法读取“{path.name}”：不是有效的 Excel 文件（{type(exc).__name__}）。") from None
    out = IntegrityLists()
    try:
        for title, heads in ((POWER_SHEET, POWER_HEADS), (NEGATIVE_SHEET, NEGATIVE_HEADS), (RISK_SHEET, RISK_HEADS)):
            if title not in wb.sheetnames:
                continue
            out.sheets.append(title)
            ws = wb[title]
            columns = _header_map(ws, heads, out.errors)
            if columns is None:
                continue
            for number, values in _rows(ws, out.errors):
                where = f"工作表“{title}”第{number}行"

                def get(head: str, values: tuple = values, columns: dict[str, int] = columns) -> str:
                    return cells.text(_cell(values, columns, head))

                if title == POWER_SHEET:
                    if not get("权力事项"):
                        out.errors.append(f"{where}：权力事项不能为空")
                    if not get("运行流程"):
                        out.errors.append(f"{where}：运行流程不能为空（每行一个步骤）")
                    out.powers.append(PowerRow(get("权力事项"), get("依据"), get("责任主体（岗位）"), get("运行流程"),
                                               get("风险点"), _level(_cell(values, columns, "风险等级"), where,
                                                                     out.errors),
                                               get("防控措施"), get("监督方式"), get("责任领导")))
                elif title == NEGATIVE_SHEET:
                    if not get("负面行为"):
                        out.errors.append(f"{where}：负面行为不能为空")
                    out.negatives.append(NegativeRow(get("负面行为"), get("类别"), get("处理方式")))
                else:
                    if not get("岗位（事项）") or not get("风险点"):
                        out.errors.append(f"{where}：岗位（事项）和风险点不能为空")
                    raw_date = _cell(values, columns, "复查日期")
                    try:
                        review_on = cells.date(raw_date)
                    except ValueError as exc:
                        out.errors.append(f"{where}：复查日期{exc}")
                        review_on = None
                    out.risks.append(RiskRow(get("岗位（事项）"), get("风险点"),
                                             _level(_cell(values, columns, "风险等级"), where, out.errors),
                                             get("防控措施"), get("责任人"), review_on))
    finally:
        wb.close()
    if not out.sheets:
        out.errors.append(f"文件中没有“{POWER_SHEET}”“{NEGATIVE_SHEET}”“{RISK_SHEET}”中的任何一个工作表")
    return out
