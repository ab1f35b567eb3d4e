"""清廉学校 prints: the three lists as wall posters (A3 portrait, or A4 landscape), the flow charts,
the 三重一大 register and the 警示教育 log. Plain data in (app.domain.clean_school_docs), a PDF out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.domain.clean_school import RiskLevel, parse_steps
from app.domain.clean_school_docs import (
    ActivityLogDoc,
    CleanListDoc,
    DecisionRegisterDoc,
    NegativeRow,
    PowerRow,
    RiskRow,
)
from app.printing.base import (
    LANDSCAPE,
    PORTRAIT,
    POSTER,
    FormStart,
    PageDecor,
    build_pdf,
    mm,
    para,
    ruled_table,
    styles,
    usable_width,
)
from app.printing.flowchart import FlowChart
from app.printing.roster import signature_line

LEVEL_BG = {RiskLevel.HIGH: colors.Color(0.99, 0.88, 0.86), RiskLevel.MEDIUM: colors.Color(1, 0.96, 0.84),
            RiskLevel.LOW: colors.Color(0.9, 0.96, 0.9)}
FLAG_BG = colors.Color(0.99, 0.9, 0.88)
MARGINS = (16, 12, 14, 12)


def _numbered(text: str) -> str:
    steps = parse_steps(text)
    return "\n".join(f"{i}. {'◇' if s.is_decision else ''}{s.text}" + (f"（否：{s.no_text}）" if s.no_text else "")
                     for i, s in enumerate(steps, start=1))


def _poster_rows(doc: CleanListDoc, base: float) -> tuple[list[str], list[float], list[list[str]]]:
    if doc.kind.value == "power_list":
        heads = ["序号", "权力事项", "依据", "责任主体\n（岗位）", "运行流程", "风险点", "风险\n等级", "防控措施",
                 "监督方式", "责任\n领导"]
        weights = [0.9, 2.0, 2.6, 1.8, 4.6, 2.8, 1.0, 3.0, 2.4, 1.4]
        rows = [[str(i), r.name, r.basis, r.responsible, _numbered(r.steps), r.risk_points, r.risk_level.label,
                 r.measures, r.supervision, r.leader]
                for i, r in enumerate(doc.rows, start=1) if isinstance(r, PowerRow)]
    elif doc.kind.value == "negative_list":
        heads = ["序号", "类别", "负面行为（严禁）", "处理方式"]
        weights = [0.8, 2.0, 7.0, 5.0]
        rows = [[str(i), r.category, r.conduct, r.consequence]
                for i, r in enumerate(doc.rows, start=1) if isinstance(r, NegativeRow)]
    else:
        heads = ["序号", "岗位（事项）", "风险点", "风险\n等级", "防控措施", "责任人", "复查日期"]
        weights = [0.8, 2.4, 4.2, 1.0, 4.6, 1.6, 1.8]
        rows = [[str(i), r.subject, r.risk, r.level.label, r.measures, r.person,
                 f"{r.review_on:%Y-%m-%d}" if r.review_on else ""]
                for i, r in enumerate(doc.rows, start=1) if isinstance(r, RiskRow)]
    return heads, weights, rows


def _level_column(doc: CleanListDoc) -> int | None:
    return {"power_list": 6, "integrity_risk": 3}.get(doc.kind.value)


def poster_story(doc: CleanListDoc, pagesize: tuple[float, float]) -> list[Flowable]:
    base = 11.5 if pagesize == POSTER else 9.5
    s = styles(base)
    width = usable_width(pagesize, MARGINS)
    heads, weights, rows = _poster_rows(doc, base)
    unit = width / sum(weights)
    widths = [w * unit for w in weights]
    title = s.title.clone("poster_title", fontSize=30 if pagesize == POSTER else 20,
                          leading=40 if pagesize == POSTER else 28, spaceAfter=3 * mm)
    story: list[Flowable] = [
        para(doc.school_name, s.subtitle.clone("school", fontSize=base + 4, leading=(base + 4) * 1.4)),
        para(doc.kind.label, title),
        para(f"{doc.year}年度 · 第{doc.version}版 · {doc.adopted_on:%Y年%m月%d日}发布", s.subtitle),
    ]
    table_rows: list[list] = [[para(h, s.cell_head) for h in heads]]
    extra: list[tuple] = [("VALIGN", (0, 1), (-1, -1), "TOP")]
    level_col = _level_column(doc)
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, text in enumerate(row):
            cells.append(para(text, s.cell_center if c in (0, level_col) else s.cell))
        table_rows.append(cells)
        if level_col is not None:
            level = RiskLevel.from_label(row[level_col])
            if isinstance(level, RiskLevel):
                extra.append(("BACKGROUND", (level_col, r), (level_col, r), LEVEL_BG[level]))
    story.append(ruled_table(table_rows, widths, extra=extra))
    story += [Spacer(1, 4 * mm), para("监督举报：学校纪检委员　　　县教育局纪检监察室", s.body)]
    return story


def render_poster(doc: CleanListDoc, path: Path, *, pagesize: tuple[float, float] = POSTER) -> Path:
    """A list as a wall poster: A3 portrait by default, `LANDSCAPE` (A4) as the alternative."""
    decor = PageDecor(header_left=doc.school_name, header_right=f"{doc.kind.label} {doc.year}年度第{doc.version}版")
    return build_pdf(path, poster_story(doc, pagesize), title=f"{doc.school_name}{doc.kind.label}",
                     pagesize=pagesize, decor=decor, margins_mm=MARGINS)


def render_flowcharts(doc: CleanListDoc, path: Path) -> Path:
    """One A4 page per power item: its steps as a 权力运行流程图, with who is responsible and the risks."""
    s = styles(10.5)
    margins = (16, 15, 14, 15)
    width = usable_width(PORTRAIT, margins)
    height = PORTRAIT[1] - (margins[0] + margins[2]) * mm
    story: list[Flowable] = []
    powers = [r for r in doc.rows if isinstance(r, PowerRow)]
    for i, item in enumerate(powers):
        if i:
            story += [PageBreak(), FormStart()]
        head = [para(f"{doc.school_name}", s.subtitle),
                para(f"“{item.name}”权力运行流程图", s.title.clone("flow_title", fontSize=17, leading=24)),
                para(f"责任主体：{item.responsible or '—'}　　责任领导：{item.leader or '—'}　　"
                     f"风险等级：{item.risk_level.label}", s.subtitle)]
        foot = [Spacer(1, 2 * mm), para(f"风险点：{item.risk_points or '—'}", s.small),
                para(f"防控措施：{item.measures or '—'}　　监督方式：{item.supervision or '—'}", s.small)]
        used = sum(f.wrap(width, height)[1] for f in head + foot) + 16 * mm
        story += head
        story.append(FlowChart(parse_steps(item.steps), max_height=height - used))
        story += foot
    if not powers:
        story.append(para("清单中没有权力事项。", s.body))
    decor = PageDecor(header_left=doc.school_name, header_right=f"权力运行流程图 {doc.year}年度第{doc.version}版")
    return build_pdf(path, story, title=f"{doc.school_name}权力运行流程图", pagesize=PORTRAIT, decor=decor,
                     margins_mm=margins)


def _opt(value: object) -> str:
    return "" if value is None else str(value)


def render_decisions(doc: DecisionRegisterDoc, path: Path) -> Path:
    """The year's 三重一大 register (A4 landscape); a decision with a flag has it in red beside it."""
    s = styles(9.5)
    margins = (15, 10, 14, 10)
    width = usable_width(LANDSCAPE, margins)
    heads = ["序号", "类别", "议题", "党组织会议\n（应到/实到）", "校长办公会", "金额（元）", "表决情况", "决议",
             "落实责任人\n与时限", "提示"]
    weights = [0.7, 1.5, 3.2, 1.9, 1.4, 1.3, 1.7, 3.2, 1.8, 3.0]
    unit = width / sum(weights)
    rows: list[list] = [[para(h, s.cell_head) for h in heads]]
    extra: list[tuple] = [("VALIGN", (0, 1), (-1, -1), "TOP")]
    flagged = 0
    for i, d in enumerate(doc.rows, start=1):
        party = f"{d.party_meeting_on:%Y-%m-%d}" if d.party_meeting_on else "无"
        if d.party_meeting_on and d.expected:
            party += f"\n（{d.expected}/{d.present}）"
        if d.method.value != "meeting":
            party += f"\n{d.method.label}"
        deadline = f"{d.executor}" + (f"\n{d.deadline:%Y-%m-%d}前" if d.deadline else "")
        amount = f"{d.amount:,.2f}" if d.amount is not None else ""
        rows.append([para(str(i), s.cell_center), para(d.category.label, s.cell), para(d.topic, s.cell),
                     para(party, s.cell_center),
                     para(f"{d.office_meeting_on:%Y-%m-%d}" if d.office_meeting_on else "", s.cell_center),
                     para(amount, s.cell_center), para(d.vote_text, s.cell), para(d.decision, s.cell),
                     para(deadline, s.cell), para("；".join(d.flags) or "—", s.cell)])
        if d.flags:
            flagged += 1
            extra.append(("BACKGROUND", (9, i), (9, i), FLAG_BG))
    story: list[Flowable] = [
        para(f"{doc.school_name}{doc.year}年度“三重一大”事项决策登记表", s.title),
        para(f"大额资金标准：{doc.threshold:,.0f} 元；党组织会议研究决定在先，校长办公会部署执行在后", s.subtitle),
        ruled_table(rows, [w * unit for w in weights], extra=extra) if doc.rows else
        para(f"{doc.year}年度没有登记三重一大事项。", s.body),
        Spacer(1, 3 * mm),
        para(f"共 {len(doc.rows)} 项，其中需要注意的 {flagged} 项。", s.body),
        signature_line(width, ("登记人", "党组织书记")),
    ]
    decor = PageDecor(header_left=doc.school_name, header_right=f"三重一大 {doc.year}年度", printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.year}年度三重一大事项登记表", pagesize=LANDSCAPE, decor=decor,
                     margins_mm=margins)


def _names(names: Sequence[str], limit: int = 30) -> str:
    shown = "、".join(names[:limit])
    return shown + (f" 等{len(names)}人" if len(names) > limit else f"（{len(names)}人）" if names else "")


def render_activities(doc: ActivityLogDoc, path: Path) -> Path:
    """The year's 警示教育 / 廉政文化 activity log (A4 portrait)."""
    s = styles(10)
    width = usable_width(PORTRAIT)
    heads = ["序号", "日期", "形式", "主题与内容", "参加人员", "心得体会"]
    weights = [0.7, 1.5, 1.7, 4.0, 3.2, 3.2]
    unit = width / sum(weights)
    rows: list[list] = [[para(h, s.cell_head) for h in heads]]
    for i, a in enumerate(doc.rows, start=1):
        content = a.title + (f"\n{a.content}" if a.content else "") + (f"\n地点：{a.place}" if a.place else "")
        rows.append([para(str(i), s.cell_center), para(f"{a.held_on:%Y-%m-%d}", s.cell_center),
                     para(a.form.label, s.cell), para(content, s.cell), para(_names(a.participant_names), s.cell),
                     para(a.reflections, s.cell)])
    counts = Counter(a.form for a in doc.rows)
    summary = f"全年开展警示教育和廉政文化活动 {len(doc.rows)} 次" + (
        "：" + "，".join(f"{form.label} {n} 次" for form, n in counts.most_common()) if counts else "") + "。"
    story: list[Flowable] = [
        para(f"{doc.school_name}{doc.year}年度警示教育活动记录", s.title),
        ruled_table(rows, [w * unit for w in weights], extra=[("VALIGN", (0, 1), (-1, -1), "TOP")])
        if doc.rows else para(f"{doc.year}年度没有登记警示教育活动。", s.body),
        Spacer(1, 3 * mm), para(summary, s.body), Spacer(1, 6 * mm),
        para("填表人：＿＿＿＿＿＿＿＿　　党组织书记：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日", s.body),
    ]
    decor = PageDecor(header_left=doc.school_name, header_right=f"警示教育 {doc.year}年度", printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.year}年度警示教育活动记录", pagesize=PORTRAIT, decor=decor)
