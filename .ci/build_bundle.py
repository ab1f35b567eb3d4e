"""Build the PyInstaller bundle with build_installer.spec, then run the built program offscreen and check it.

    python .ci/build_bundle.py [--clean-clone] [--skip-build] [--measure N] [--json FILE] [--no-print]

Checks, each fatal: the build succeeds; `dangjian demo`, `gui --smoke-test`, `print roster` and `print posts`
exit 0 into a temporary store; every font in the PDFs is embedded (`pdffonts`) and the Chinese comes back
out (`pdftotext`); the bundle holds no Qt WebEngine/Quick/QML, no tkinter, and no Qt translations but
zh_CN. `--no-print` is for a branch that has no printing yet; CI never passes it.
`--measure N` also times N runs of `gui --smoke-test` and reports the median, the bundle size and the
smoke test's peak memory. Standard library only, so it runs the same on Windows (with poppler on PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = ".exe" if os.name == "nt" else ""
FORBIDDEN = ("WebEngine", "Qt6Quick", "Qt6Qml", "Qt6Pdf", "Qt6Network", "tkinter", "_tkinter", "tcl8", "Qt63D")


class Failure(Exception):
    pass


def log(msg: str) -> None:
    print(f"[bundle] {msg}", flush=True)


def build(source: Path, python: str) -> Path:
    dist, work = source / "dist", source / "build"
    log(f"building with {python} in {source}")
    t0 = time.perf_counter()
    proc = subprocess.run([python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                           "--distpath", str(dist), "--workpath", str(work), "build_installer.spec"],
                          cwd=source, text=True, capture_output=True)
    if proc.returncode != 0:
        raise Failure(f"PyInstaller failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    log(f"built in {time.perf_counter() - t0:.0f} s")
    return dist / "dangjian"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def check_contents(bundle: Path) -> None:
    bad = [str(p.relative_to(bundle)) for p in bundle.rglob("*") if any(f in p.name for f in FORBIDDEN)]
    if bad:
        raise Failure(f"bundle holds modules it must not: {bad[:10]}")
    dangling = [str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    if dangling:
        raise Failure(f"links to files the bundle does not hold: {dangling[:10]}")
    qms = sorted(p.name for p in bundle.rglob("*.qm"))
    if not qms or any("zh_CN" not in name for name in qms):
        raise Failure(f"Qt translations should be zh_CN only, found: {qms}")
    internal = bundle / "_internal"
    for rel in ("db/env.py", "db/script.py.mako", "resources/fonts/uming.ttc", "resources/fonts/wqy-microhei.ttc",
                "resources/icons/app.png"):
        if not (internal / rel).is_file():
            raise Failure(f"missing from the bundle: {rel}")
    if not list((internal / "db" / "versions").glob("0001_*.py")):
        raise Failure("missing from the bundle: db/versions/0001_*.py")


def env_for(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DANGJIAN_DATA_DIR"] = str(tmp / "data")
    env.pop("DANGJIAN_DB", None)
    env.pop("PYTHONPATH", None)  # the frozen program must not lean on the source tree
    return env


def run(program: Path, args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    log("run: dangjian " + " ".join(args))
    proc = subprocess.run([str(program), *args], env=env, cwd=cwd, text=True, capture_output=True,
                          encoding="utf-8", errors="replace", timeout=300)
    if proc.returncode != 0 or "Traceback" in proc.stderr:
        raise Failure(f"`dangjian {' '.join(args)}` exited {proc.returncode}\nstdout:\n{proc.stdout}\n"
                      f"stderr:\n{proc.stderr}")
    return proc


def check_pdf(pdf: Path) -> None:
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise Failure(f"no PDF written: {pdf}")
    if shutil.which("pdffonts") is None or shutil.which("pdftotext") is None:
        raise Failure("pdffonts/pdftotext not found: install poppler-utils (Windows: poppler), or pass --no-print")
    fonts = subprocess.run(["pdffonts", str(pdf)], text=True, capture_output=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    if not rows:
        raise Failure(f"{pdf.name}: pdffonts lists no font")
    # columns: name type encoding emb sub uni object ID; "type" may hold a space, so count from the end.
    not_embedded = [r for r in rows if r.split()[-5] != "yes"]
    if not_embedded:
        raise Failure(f"{pdf.name}: fonts not embedded:\n" + "\n".join(not_embedded))
    text = subprocess.run(["pdftotext", str(pdf), "-"], text=True, capture_output=True, check=True).stdout
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        raise Failure(f"{pdf.name}: no Chinese text comes back out of the PDF")
    log(f"{pdf.name}: {len(rows)} fonts, all embedded")


def peak_rss_mb(program: Path, args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak resident MB) of one run; the child's own rusage via wait4 on POSIX."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(program), *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    if hasattr(os, "wait4"):
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss / 1024
    else:  # pragma: no cover - Windows
        proc.wait()
        elapsed, rss = time.perf_counter() - t0, float("nan")
    if proc.returncode != 0:
        raise Failure(f"`dangjian {' '.join(args)}` exited {proc.returncode} while measuring")
    return elapsed, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean-clone", action="store_true", help="build from a fresh `git clone` of HEAD")
    parser.add_argument("--skip-build", action="store_true", help="check an existing dist/dangjian")
    parser.add_argument("--python", default=sys.executable, help="the Python with PyInstaller and the deps")
    parser.add_argument("--measure", type=int, default=0, metavar="N", help="time N smoke-test runs")
    parser.add_argument("--json", type=Path, help="write size and timings here")
    parser.add_argument("--no-print", action="store_true", help="skip `print` (branches without printing)")
    args = parser.parse_args(argv)
    if os.sep in args.python or "/" in args.python:
        args.python = str(Path(args.python).absolute())  # the build may run in a clean clone elsewhere

    with tempfile.TemporaryDirectory(prefix="dangjian-bundle-") as tmp_name:
        tmp = Path(tmp_name)
        source = ROOT
        try:
            if args.clean_clone:
                source = tmp / "clone"
                subprocess.run(["git", "clone", "--quiet", str(ROOT), str(source)], check=True)
            bundle = source / "dist" / "dangjian" if args.skip_build else build(source, args.python)
            program = bundle / f"dangjian{EXE}"
            if not program.is_file():
                raise Failure(f"no program at {program}")
            # Windows: the windowed dangjian.exe has no console to report to; commands go to dangjian-cli.exe.
            cli = bundle / f"dangjian-cli{EXE}"
            if os.name == "nt" and not cli.is_file():
                raise Failure(f"no console program at {cli}")
            if cli.is_file():
                program = cli
            check_contents(bundle)
            size = folder_size(bundle)
            log(f"bundle size: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB), {bundle}")

            env = env_for(tmp)
            store = tmp / "store.sqlite"
            run(program, ["--version"], env, tmp)
            run(program, ["--db", str(store), "demo"], env, tmp)
            run(program, ["--db", str(store), "gui", "--smoke-test"], env, tmp)
            if not args.no_print:
                for target in ("roster", "posts"):
                    pdf = tmp / f"{target}.pdf"
                    run(program, ["--db", str(store), "print", target, "-o", str(pdf)], env, tmp)
                    check_pdf(pdf)
            else:
                log("print skipped (--no-print)")

            result = {"bundle_bytes": size, "bundle_mib": round(size / 2**20, 1), "platform": sys.platform}
            if args.measure:
                runs = [peak_rss_mb(program, ["--db", str(store), "gui", "--smoke-test"], env, tmp)
                        for _ in range(args.measure)]
                result["smoke_test_seconds"] = [round(t, 3) for t, _ in runs]
                result["smoke_test_median_s"] = round(statistics.median(t for t, _ in runs), 3)
                result["smoke_test_peak_rss_mb"] = round(max(r for _, r in runs), 1)
                log(f"gui --smoke-test: median {result['smoke_test_median_s']:.3f} s over {args.measure} runs, "
                    f"peak {result['smoke_test_peak_rss_mb']:.0f} MB")
            if args.json:
                args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            if args.clean_clone and (ROOT / "dist").resolve() != bundle.parent.resolve():
                target = ROOT / "dist" / "dangjian"
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(bundle, target, symlinks=True)
                log(f"copied the clone's bundle to {target}")
        except Failure as exc:
            log(f"FAILED: {exc}")
            return 1
    log("OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
