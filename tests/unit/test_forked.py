"""tests/forked.py: a child forked from the server behaves as the fresh interpreter subprocess would start.

Most cases run the same command both ways and compare what the test can see of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import forked

pytestmark = pytest.mark.skipif(not forked.AVAILABLE, reason="the fork server needs Linux pidfds")

PY = sys.executable
ROOT = Path(__file__).resolve().parents[2]


def _both(args: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("timeout", 60)
    return forked.run(args, **kwargs), subprocess.run(args, **kwargs)


def _same(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    ours, real = _both(args, **kwargs)
    assert (ours.returncode, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr)
    return ours


@pytest.mark.parametrize("code", [
    "pass",
    "import sys; sys.exit(2)",
    "raise SystemExit('参数错误：一条消息')",
    "raise SystemExit(None)",
    "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)",
    "def f():\n    raise ValueError('boom')\nf()",
    "import os, signal; print('before', flush=True); os.kill(os.getpid(), signal.SIGKILL)",
    "import os; os._exit(7)",
    "import sys; print(sys.argv, repr(sys.path[0]), __name__)",
    "import sys; print(sys.stdin.read()[::-1])",
    "import sys; print(sys.stdout.encoding, sys.stdout.errors, sys.stdout.line_buffering, sys.stderr.errors, "
    "sys.stderr.line_buffering, sys.stdin.encoding, sys.dont_write_bytecode, sys.stdout.write_through)",
    "import atexit; atexit.register(print, 'at exit')",
    "import threading, time; threading.Thread(target=lambda: (time.sleep(0.2), print('joined'))).start()",
])
def test_a_child_exits_and_writes_as_a_fresh_one(code: str) -> None:
    _same([PY, "-c", code, "一", "two"], input="上下文", text=True, cwd=ROOT)


def test_bytes_in_and_out() -> None:
    code = "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read()[::-1]); print('é', file=sys.stderr)"
    run = _same([PY, "-c", code], input=bytes(range(256)), cwd=ROOT)
    assert run.stdout == bytes(range(255, -1, -1)) and run.stderr == "é\n".encode()


@pytest.mark.parametrize("change", [{"PYTHONUNBUFFERED": None, "PYTHONDONTWRITEBYTECODE": None},
                                    {"PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "latin-1:replace"},
                                    {"PYTHONIOENCODING": "utf-8"}])
def test_stdio_follows_the_childs_environment(change: dict[str, str | None]) -> None:
    env = {**os.environ, **{k: v for k, v in change.items() if v is not None}}
    for name in [k for k, v in change.items() if v is None]:
        env.pop(name, None)
    code = ("import sys; print([(s.encoding, s.errors, s.line_buffering, s.write_through, s.mode, s.name, "
            "type(s.buffer).__name__) for s in (sys.stdin, sys.stdout, sys.stderr)], sys.dont_write_bytecode); "
            "print('é€', end=''); sys.stderr.write('ü\\n')")
    _same([PY, "-c", code], env=env)


def test_output_not_captured_goes_where_the_tests_goes(capfd: pytest.CaptureFixture[str]) -> None:
    forked.run([PY, "-c", "import sys; print('to fd 1'); print('to fd 2', file=sys.stderr)"])
    ours = capfd.readouterr()
    subprocess.run([PY, "-c", "import sys; print('to fd 1'); print('to fd 2', file=sys.stderr)"])
    assert ours == capfd.readouterr() and ours.out == "to fd 1\n"


def test_exit_codes_and_messages() -> None:
    assert forked.run([PY, "-c", "pass"]).returncode == 0
    assert forked.run([PY, "-c", "import sys; sys.exit(2)"]).returncode == 2
    run = forked.run([PY, "-c", "raise SystemExit('停止')"], capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (1, "停止\n")
    run = forked.run([PY, "-c", "1/0"], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.startswith("Traceback") and run.stderr.endswith("ZeroDivisionError: division by zero\n")
    assert "forked.py" not in run.stderr  # no frames of the server
    with pytest.raises(subprocess.CalledProcessError):
        forked.run([PY, "-c", "raise SystemExit(5)"], check=True)


def test_the_environment_and_the_folder_reach_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORKED_TEST_PARENT", "from the parent")
    code = ("import os, sys, app.paths; print(os.getcwd()); print(os.environ.get('FORKED_TEST_PARENT')); "
            "print(os.environ.get('FORKED_TEST_CHILD')); print(app.paths.data_dir()); print(sys.path[1])")
    env = {**os.environ, "FORKED_TEST_CHILD": "given", "DANGJIAN_DATA_DIR": str(tmp_path / "d"),
           "PYTHONPATH": str(tmp_path / "extra")}
    del env["FORKED_TEST_PARENT"]
    ours, real = _both([PY, "-c", code], env=env, cwd=tmp_path, text=True)
    assert ours.stdout == real.stdout, ours.stderr
    assert ours.stdout.splitlines() == [str(tmp_path), "None", "given", str(tmp_path / "d"), str(tmp_path / "extra")]
    inherited = forked.run([PY, "-c", code], text=True, capture_output=True, cwd=tmp_path)  # env=None: os.environ
    assert inherited.stdout.splitlines()[1] == "from the parent"


def test_the_three_entry_forms(tmp_path: Path) -> None:
    _same([PY, "-m", "app", "--version"], cwd=ROOT, text=True)
    _same([PY, "-m", "app", "--no-such-option"], cwd=ROOT, text=True)  # argparse: Chinese usage error, 2
    script = tmp_path / "s.py"
    script.write_text("import sys\nprint(__name__, __file__, sys.argv, sys.path[0])\nraise SystemExit(4)\n")
    _same([PY, str(script), "x"], cwd=tmp_path, text=True)
    _same([PY, "s.py", "x"], cwd=tmp_path, text=True)
    helper = forked.run([PY, str(forked.HELPER), "nope", "db"], capture_output=True, text=True)
    assert (helper.returncode, helper.stderr) == (1, "unknown mode nope\n")
    for args in (["ls"], [PY, "-u", "-c", "pass"], [PY]):
        with pytest.raises(ValueError):
            forked.run(args)
    with pytest.raises(ValueError):
        forked.run([PY, "-c", "pass"], shell=True)


def test_a_missing_folder_is_refused_as_subprocess_refuses_it(tmp_path: Path) -> None:
    for run in (forked.run, subprocess.run):
        with pytest.raises(FileNotFoundError):
            run([PY, "-c", "pass"], cwd=tmp_path / "gone")


def test_a_child_has_no_open_file_but_its_stdio_and_the_fresh_signal_handlers() -> None:
    code = ("import os, signal; print(sorted(int(f) for f in os.listdir('/proc/self/fd'))[:3]); "
            "print([(s.name, str(signal.getsignal(s))) for s in signal.valid_signals() - {signal.SIGKILL, "
            "signal.SIGSTOP} if isinstance(s, signal.Signals)])")
    ours, real = _both([PY, "-c", code], text=True)
    assert ours.stdout == real.stdout, ours.stderr
    assert ours.stdout.startswith("[0, 1, 2]\n")  # 3 is the listing's own


def test_each_child_draws_its_own_random_numbers() -> None:
    code = "import random, uuid, tempfile; print(random.random(), uuid.uuid4(), tempfile.mktemp())"
    outs = {forked.run([PY, "-c", code], capture_output=True, text=True).stdout for _ in range(3)}
    assert len(outs) == 3


def test_popen_reports_the_pid_and_kills_by_signal() -> None:
    with forked.Popen([PY, "-c", "import os, sys; print(os.getpid(), flush=True); sys.stdin.read()"],
                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as proc:
        assert int(proc.stdout.readline()) == proc.pid
        assert proc.poll() is None
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=0.1)
        proc.kill()
        assert proc.wait(timeout=30) == -signal.SIGKILL
    proc.kill()  # already reported: nothing is signalled
    term = forked.Popen([PY, "-c", "import time; time.sleep(60)"])
    term.terminate()
    assert term.wait(timeout=30) == -signal.SIGTERM
    real = subprocess.Popen([PY, "-c", "import time; time.sleep(60)"])
    real.terminate()
    assert real.wait(timeout=30) == term.returncode


def test_communicate_with_input_and_stderr_into_stdout() -> None:
    proc = forked.Popen([PY, "-c", "import sys; print(sys.stdin.read().upper()); print('e', file=sys.stderr)"],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, err = proc.communicate(b"abc", timeout=30)
    assert (out.replace(b"\r", b""), err, proc.returncode) == (b"ABC\ne\n", None, 0)


def test_a_checkpoint_kill_lands_where_the_program_reports_it() -> None:
    code = ("from app.store.checkpoints import reach\nfor i in range(5):\n    print(i, flush=True)\n"
            "    reach('unit.step')\nprint('not reached')")
    env = {**os.environ, "DANGJIAN_CHECKPOINTS": "1", "DANGJIAN_KILL_AT": "unit.step#3"}
    run = forked.run([PY, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert run.stdout.split() == ["0", "1", "2"]
    assert run.stderr.count("checkpoint unit.step") == 3 and run.stderr.rstrip().endswith("checkpoint unit.step")


def test_a_timeout_kills_the_child_and_raises(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); print('up', flush=True); " \
           "time.sleep(60)"
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired) as caught:
        forked.run([PY, "-c", code], capture_output=True, timeout=1)
    assert time.monotonic() - started < 30
    assert caught.value.stdout == b"up\n"
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(int(pid_file.read_text()), 0)


def test_two_children_at_once() -> None:
    waiting = forked.Popen([PY, "-c", "import sys; print('waiting', flush=True); print(sys.stdin.readline())"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert waiting.stdout.readline() == "waiting\n"
        other = forked.run([PY, "-c", "print('meanwhile')"], capture_output=True, text=True, timeout=30)
        assert other.stdout == "meanwhile\n" and waiting.poll() is None
        out, _ = waiting.communicate("go\n", timeout=30)
        assert out == "go\n\n" and waiting.returncode == 0
    finally:
        waiting.kill()


def test_a_killed_server_is_started_again() -> None:
    with forked.separate_servers():
        assert forked.run([PY, "-c", "pass"]).returncode == 0
        [old] = forked.server_pids()
        os.kill(old, signal.SIGKILL)
        run = forked.run([PY, "-c", "import os; print(os.getppid())"], capture_output=True, text=True, timeout=60)
        assert run.returncode == 0
        [new] = forked.server_pids()
        assert new != old and int(run.stdout) == new


def test_what_an_interpreter_reads_as_it_starts_picks_a_server_started_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    with forked.separate_servers():
        code = "import os, sys; print(hash('党建台账'), sys.flags.hash_randomization, os.getppid())"
        ordinary = forked.run([PY, "-c", code], capture_output=True, text=True, timeout=60)
        seeded, real = _both([PY, "-c", code], env={**os.environ, "PYTHONHASHSEED": "1234"}, text=True)
        assert seeded.stdout.split()[:2] == real.stdout.split()[:2]  # the seed reached the interpreter
        assert seeded.stdout.split()[2] != ordinary.stdout.split()[2]  # another server
        assert len(forked.server_pids()) == 2


def test_a_closed_server_takes_its_children_along() -> None:
    """What happens when the pytest process ends (or dies): its server and the server's children end too."""
    with forked.separate_servers():
        proc = forked.Popen([PY, "-c", "import time; time.sleep(60)"])
        [server] = forked.server_pids()
        forked._close_servers()
        with pytest.raises(ProcessLookupError):
            os.kill(server, 0)
        with pytest.raises(ProcessLookupError):
            os.kill(proc.pid, 0)
        assert forked.run([PY, "-c", "pass"]).returncode == 0  # and the next call starts one
        assert proc.wait(timeout=30) == -signal.SIGKILL


LOCK_CHILD = """
import sys
from app.errors import StoreLocked
from app.store import lock
print(len(lock._held), flush=True)
try:
    held = lock.acquire(sys.argv[1])
except StoreLocked:
    sys.exit(4)
print("held", flush=True)
if sys.argv[2:] == ["wait"]:
    sys.stdin.read()
"""


def test_no_store_or_lock_state_passes_between_children_or_from_the_test(ctx, store_path: Path) -> None:
    """The test's own process holds the store (as an open window): a child cannot take it. Then one child
    holds it and another is refused; a child that died holding it leaves nothing behind for the next."""
    def child(*extra: str, **kwargs) -> subprocess.CompletedProcess:
        return forked.run([PY, "-c", LOCK_CHILD, str(store_path), *extra], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, **kwargs)

    assert child().returncode == 4  # the pytest process's lock is the pytest process's
    ctx.close()
    holder = forked.Popen([PY, "-c", LOCK_CHILD, str(store_path), "wait"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline() == "0\n" and holder.stdout.readline() == "held\n"
        second = child()
        assert (second.returncode, second.stdout) == (4, "0\n")
    finally:
        holder.kill()
        holder.wait(timeout=30)
    again = child()
    assert (again.returncode, again.stdout) == (0, "0\nheld\n")


@pytest.mark.parametrize("how", ["switched off", "not available"])
def test_the_switch_back_to_fresh_interpreters(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "switched off":
        monkeypatch.setenv("DANGJIAN_TESTS_FORK", "0")
    else:
        monkeypatch.setattr(forked, "AVAILABLE", False)
    run = forked.run([PY, "-c", "import os, sys; print(os.getppid(), 'sqlalchemy' in sys.modules)"],
                     capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == [str(os.getpid()), "False"]
    proc = forked.Popen([PY, "-c", "import time; time.sleep(60)"])
    proc.kill()
    assert proc.wait(timeout=30) == -signal.SIGKILL
