"""A valid N-row member roster (.xlsx) in the national member information system's headings, for imports.

Region code 610324 is one the demo school never uses, so the rows never collide with its ID numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from app.domain import idcard

HEADERS = ["序号", "姓名", "性别", "公民身份号码", "民族", "出生日期", "学历", "人员类别", "所在党支部", "手机号码",
           "入党日期", "转正日期", "工作岗位"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "建国秀英志强丽娟海燕文博静怡国栋红梅晓东春花振华玉兰明轩桂芳立新雪梅德胜慧敏永刚子涵欣怡浩然思远珺玥昇堃喆琇镕"


def write_roster(path: Path, rows: int, branches: list[str], *, seed: int = 1) -> Path:
    """Write `rows` people, all valid (unique checked ID numbers, consistent dates), as text cells where Excel
    would otherwise mangle them (ID numbers, phone numbers)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员信息")
    ws.append(HEADERS)
    used: set[str] = set()
    for n in range(1, rows + 1):
        male = rng.random() < 0.45
        birth = dt.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
        number = ""
        while not number or number in used:
            number = idcard.make_number("610324", birth, rng.randrange(0, 998, 2) + (1 if male else 0))
        used.add(number)
        full = rng.random() < 0.9
        joined = dt.date(birth.year + rng.randint(21, 24), rng.randint(1, 12), rng.randint(1, 28))
        if not full:
            joined = dt.date(2025, rng.randint(1, 6), rng.randint(1, 28))
        id_cell = WriteOnlyCell(ws, value=number)
        id_cell.number_format = "@"
        phone = WriteOnlyCell(ws, value="1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)))
        phone.number_format = "@"
        ws.append([n, rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                   "男" if male else "女", id_cell, "汉族", birth, rng.choice(("大学本科", "大学专科", "硕士研究生")),
                   "正式党员" if full else "预备党员", rng.choice(branches), phone, joined,
                   dt.date(joined.year + 1, joined.month, joined.day) if full else None, "教师"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
