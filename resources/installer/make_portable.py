"""Zip dist/dangjian as the portable variant: the same program plus an empty `portable` marker file.

    python resources/installer/make_portable.py [--dist dist/dangjian] [-o dist/dangjian-portable-VER.zip]

With the marker beside the executable, app.paths keeps the store, logs and backups in a `data` folder next
to the program (a USB stick carries program and ledger together). The bundle in dist/ is left untouched.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP = "dangjian"  # folder name inside the zip (ASCII: old unzip tools mangle Chinese names)
README_NAME = "portable-readme.txt"
README = """党建台账 便携版

1. 把整个 dangjian 文件夹解压到U盘或电脑上（不要在压缩包里直接运行）。
2. 双击 dangjian.exe 启动；命令行请用 dangjian-cli.exe。
3. 数据保存在程序旁边的 data 文件夹中（数据文件、日志、备份、附件）。
   复制或备份时，请连同 data 文件夹一起复制；先关闭程序再复制。
4. 文件夹中名为 portable 的空文件让程序以便携方式运行，请勿删除。
   删除后，数据将改为保存在“本地应用数据\\DangjianLedger”中。
5. 升级：关闭程序，用新版本的文件覆盖旧文件（保留 data 文件夹），再启动即可，
   程序会自动升级数据结构并在 data\\backups 中留下升级前的备份。
"""


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from app import __version__

    return __version__


def _add(zf: zipfile.ZipFile, path: Path, arcname: str) -> None:
    if path.is_symlink():  # Linux bundles link shared libraries; keep them links, not copies
        info = zipfile.ZipInfo(arcname)
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, os.readlink(path))
    else:
        zf.write(path, arcname)


def _add_text(zf: zipfile.ZipFile, arcname: str, text: str) -> None:
    info = zipfile.ZipInfo(arcname)
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, text)


def make_zip(bundle: Path, output: Path) -> Path:
    """Write `output` holding bundle/* under TOP/, plus TOP/portable and the readme; returns the path."""
    program = [p for p in ("dangjian.exe", "dangjian") if (bundle / p).is_file()]
    if not program:
        raise SystemExit(f"no built program in {bundle}; run pyinstaller build_installer.spec first")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(bundle.rglob("*")):
            rel = path.relative_to(bundle)
            if rel.parts[0] in ("data", "portable"):  # a test run's data must never ship
                continue
            if path.is_dir() and not path.is_symlink():
                continue
            _add(zf, path, f"{TOP}/{rel.as_posix()}")
        _add_text(zf, f"{TOP}/portable", "")
        _add_text(zf, f"{TOP}/{README_NAME}", "\ufeff" + README.replace("\n", "\r\n"))
    partial.replace(output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "dangjian")
    parser.add_argument("-o", "--output", type=Path, default=None)
    args = parser.parse_args(argv)
    suffix = "windows" if os.name == "nt" else sys.platform
    output = args.output or ROOT / "dist" / f"dangjian-portable-{version()}-{suffix}.zip"
    path = make_zip(args.dist, output)
    print(f"portable zip: {path} ({path.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
