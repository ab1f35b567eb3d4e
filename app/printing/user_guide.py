"""使用说明: the short illustrated guide behind 帮助 → 使用说明 (issue #17), shown and printed through the
print preview like every other document.

Written for a school's Party secretary who has never used the program: one page per task, numbered steps
with the exact words on the buttons, one screenshot each (resources/guide/, taken from the demo school).
The text is fixed here, not user data; it still goes through `para` like everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Spacer, Table, TableStyle

from app import paths
from app.printing.base import PORTRAIT, PageDecor, build_pdf, mm, para, styles, usable_width


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    steps: tuple[str, ...]
    picture: str = ""  # file in resources/guide/
    caption: str = ""
    tips: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "一、第一次使用",
        "打开「党建台账」后，先看「首页」：上面是各类人员的人数，中间是「待办提醒」（比如任期届满、预备期满、"
        "尚未设置密码），下面是本年度三会一课的落实情况。",
        (
            "点击窗口上方的「组织设置」，再点「学校名称…」，填写学校全称。",
            "在左边「党组织」一栏点「新建」，依次建立党总支（或党委）、各党支部、党小组，填写换届时间。",
            "添加党员：在右边点「新增党员」逐个录入；人多时用「导入花名册…」一次导入（见第五节）。",
            "回到「首页」，按「待办提醒」里的提示点「设置密码…」，给管理员账号设置密码。",
        ),
        "home.png", "首页：人数、待办提醒和三会一课落实情况",
        ("每天第一次打开程序时，会自动备份一次数据，不用另外操作。",
         "按 F5 可以刷新当前页面。"),
    ),
    Section(
        "二、记录一次会议",
        "支部党员大会、支委会、党小组会、党课、主题党日等，都在「三会一课」里记录。上方的表格显示每个支部"
        "每月的完成情况：√ 已完成，… 本期进行中，× 期满未完成。",
        (
            "点击「三会一课」，再点「新建记录」。",
            "选择党组织和会议类型，填写日期、开始和结束时间、地点、主持人、记录人。",
            "填写会议名称和议题；「复制上次」可以把上一次同类会议的内容带过来再修改。",
            "在出勤名单里把请假或缺席的人改为对应的原因（病假、事假、公假等）。",
            "点「保存」。保存后可以直接点「打印签到表」「打印会议记录」。",
        ),
        "meeting.png", "会议记录窗口：基本信息、议题、出勤和附件",
        ("开会前可以先打印空白签到表，会上请参会人员签字，会后把签到表照片作为附件保存。",
         "日期可以直接输入，如 2026-03-15；输入不存在的日期（如 2月30日）时，程序会提示重新输入。"),
    ),
    Section(
        "三、打印",
        "程序里所有「打印…」按钮（花名册、班子配备台账、签到表、会议记录、督查表等）都会先打开同一个"
        "「打印预览」窗口，看到的就是打印出来的样子。",
        (
            "用「上一页」「下一页」或输入页码翻页；用「缩放」放大或缩小。",
            "点「打印…」，选择打印机、份数和页码范围，再点「打印」。",
            "要留电子版或拿到别的电脑打印，点「另存为 PDF…」保存到U盘或桌面。",
            "点「打开所在文件夹」可以找到刚生成的文件。",
        ),
        "preview.png", "打印预览：翻页、缩放、打印、另存为 PDF",
        ("打印前请确认打印机已打开、已放纸。A3 的表格会按 A3 纸打印，请在打印机里放 A3 纸。",),
    ),
    Section(
        "四、备份数据",
        "所有数据都保存在这台电脑上，不联网、不上传。电脑坏了或误删数据时，只能靠备份恢复，所以请定期"
        "把数据备份到U盘。",
        (
            "插入U盘，点窗口最上方的「数据」→「备份到U盘…」。",
            "选择U盘，程序会复制并校验一份备份，看到「备份完成，已校验无误」后再拔U盘。",
            "需要恢复时，点「数据」→「从备份恢复…」，选择备份文件。恢复前，当前数据会自动另存一份。",
        ),
        "", "",
        ("程序每天第一次打开时会自动在本机备份一次；U盘备份建议每月至少一次，换届、年终检查前各一次。",
         "「首页」上方显示「上次备份」的时间。"),
    ),
    Section(
        "五、导入党员花名册",
        "已有 Excel 花名册时，不必逐个录入。",
        (
            "点「组织设置」→「导入花名册…」。",
            "第一次使用可先点「下载空白模板…」，按模板的列（姓名、性别、公民身份号码、所在党支部、人员类别、"
            "入党日期等）整理表格。",
            "点「选择文件…」选中整理好的 Excel 文件，程序会先检查每一行，并把有问题的行标出来（如身份证号不对、"
            "日期写法不对）。",
            "改好有问题的行后再导入；也可以只导入正确的行，其余的以后补录。",
        ),
        "import_preview.png", "导入预览：逐行检查，有问题的行标红",
        ("导出的花名册含完整身份证号，请妥善保管，不要随意传播。",),
    ),
)


def _picture(name: str, width: float) -> Flowable | None:
    path = paths.resources_dir() / "guide" / name
    if not name or not path.exists():
        return None
    image = Image(str(path))
    scale = min(1.0, width / image.imageWidth, 95 * mm / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def _step_table(steps: tuple[str, ...], width: float, st) -> Table:
    number = ParagraphStyle("step", parent=st.cell_head, textColor=colors.white)
    rows = [[para(str(n), number), para(text, st.body)] for n, text in enumerate(steps, 1)]
    table = Table(rows, colWidths=[9 * mm, width - 9 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.70, 0.13, 0.16)),
        ("TEXTCOLOR", (0, 0), (0, -1), colors.white),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.Color(0.85, 0.85, 0.85)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def render_user_guide(path: Path) -> Path:
    """The guide as an A4 PDF at `path`."""
    st = styles(11)
    width = usable_width(PORTRAIT)
    heading = ParagraphStyle("heading", parent=st.title, fontSize=15, leading=22, alignment=TA_LEFT,
                             spaceBefore=2 * mm, spaceAfter=3 * mm, textColor=colors.Color(0.70, 0.13, 0.16))
    story: list[Flowable] = [
        para("党建台账　使用说明", st.title),
        para("写给学校党组织书记和党务工作者：五件常用的事，每件几步。", st.subtitle),
        Spacer(1, 4 * mm),
    ]
    for i, section in enumerate(SECTIONS):
        if i:
            story.append(PageBreak())
        story.append(para(section.title, heading))
        story.append(para(section.intro, st.body))
        story.append(Spacer(1, 3 * mm))
        story.append(_step_table(section.steps, width, st))
        picture = _picture(section.picture, width)
        if picture is not None:
            story.append(Spacer(1, 4 * mm))
            story.append(KeepTogether([picture, para(f"图：{section.caption}", st.subtitle)]))
        if section.tips:
            story.append(Spacer(1, 2 * mm))
            story.extend(para(f"小提示：{tip}", st.body) for tip in section.tips)
    decor = PageDecor(header_left="党建台账　使用说明", footer_left="")
    return build_pdf(path, story, title="党建台账使用说明", decor=decor)
