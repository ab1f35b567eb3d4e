"""`subprocess.run`/`Popen` for the tests' own Python children, forked from a server that has the app imported.

A test that starts `python -m app ...`, `python tests/safety/fault_helper.py MODE ...` or `python -c CODE ...`
spends about a second in each child importing SQLAlchemy, Alembic, the ORM models and the app before its
0.1-0.5 s of work. `forked.run(args, ...)` and `forked.Popen(args, ...)` take the same `args` and keywords as
`subprocess.run`/`Popen` and return the same kind of objects (`Popen` here is a `subprocess.Popen` whose
start, wait and signals go through the server; `communicate`, timeouts, text decoding and `run`'s kill on
timeout are subprocess's own code), but the child is forked from a server that imported those modules once.

Why a server, and not a fork of the pytest worker: the worker has open SQLite connections, the stores'
file locks, a QApplication, and execnet's and Qt's threads; a fork of it would inherit all of them (and a
fork of a threaded process may deadlock). The server is a fresh interpreter (`python -c`, started lazily
by the first call in each pytest process, i.e. one per xdist worker) that has only *imported* modules: it
never opens a store, takes a lock, creates a QApplication, starts a thread or changes a signal handler.

A request carries the entry (`-m MODULE`, a script path, or `-c CODE`), argv, env and cwd, and the three
stdio fds (SCM_RIGHTS over a SOCK_SEQPACKET socketpair). The server forks; the child closes the server's
sockets, chdirs, sets os.environ, dup2s the fds onto 0/1/2, and rebuilds what a fresh interpreter would
have derived from its environment:
- sys.stdin/stdout/stderr (PYTHONIOENCODING, PYTHONUNBUFFERED), sys.dont_write_bytecode
  (PYTHONDONTWRITEBYTECODE), sys.path (sys.path[0] for -c/-m/script, then PYTHONPATH, then the site paths);
- the C library's time zone (time.tzset, for TZ), tempfile's cached temporary folder; `random` reseeds
  itself after a fork;
- a new, empty `__main__` module; sys.argv as the interpreter would set it.
Variables read as an interpreter starts, or as a preloaded library is imported, that the child cannot take
over (PYTHONHASHSEED, PYTHONUTF8, the other PYTHON* ones, LANG/LC_*, COVERAGE_*, PYPINYIN_*, OPENPYXL_*)
pick a server started with those values (one per set of values; normally there is one).
The child reports its pid (and a pidfd, so that `kill()` can never hit a recycled pid), runs the entry,
and leaves as the interpreter does: SystemExit's code or message, a traceback and status 1 for an uncaught
exception, non-daemon threads joined, atexit handlers run, stdio flushed; then os._exit, without the module
teardown. The server waits for it and reports `os.waitstatus_to_exitcode` (-9 for SIGKILL, exactly as
subprocess reports it).

What differs from a fresh process: modules in PRELOAD (and what they import, plus this module and `tests`)
are already in sys.modules, imported from the server's sys.path (the repository first) before the child's
env existed; module-level state computed at import is the server's. The app reads its environment when
called (app/paths.py, app/store/engine.py, app/store/checkpoints.py), not at import, and its module state
starts empty in the server (no store, no lock, no logging handler, no checkpoint counted). Objects still
alive at the exit are not finalized (the app closes its stores and files itself; an atexit handler would
run). Also: the parent pid is the server's, all children share the server's hash seed (str hashes, set
order), and a traceback has no frames of this module.
Tests about process start itself (what a fresh start imports, the windowed entry point, the bundle, the
benchmark) keep plain `subprocess`.

The server exits when its pytest process closes the socket (or dies), killing any child still running;
a server that died is started again by the next call. Without Linux's pidfds (Windows, macOS), or with
DANGJIAN_TESTS_FORK=0, `Popen` is plain subprocess.Popen. The hooks overridden here (_execute_child,
_internal_poll, _wait, send_signal) are CPython 3.11's; tests/unit/test_forked.py compares against subprocess.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import gc
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HELPER = ROOT / "tests" / "safety" / "fault_helper.py"

# What the children import before they do their work (measured by listing sys.modules at the exit of
# `python -m app` commands, fault_helper.py's modes and the GUI smoke test): SQLAlchemy, Alembic, pypinyin
# and PySide6 are most of it. Not ReportLab: one child prints. PySide6 without a QApplication starts no thread.
PRELOAD = (
    "sqlalchemy", "sqlalchemy.orm", "sqlalchemy.dialects.sqlite", "sqlalchemy.ext.compiler",
    "alembic.command", "alembic.config", "alembic.script", "alembic.runtime.migration",
    "filelock", "platformdirs", "openpyxl", "pypinyin", "logging.handlers",
    "app.store.models", "app.context", "app.logs", "app.cli",  # and app.cli.COMMAND_MODULES (see _server_main)
    "app.services.backup", "app.services.roster_import", "app.services.organizations", "app.services.integrity",
    "app.services.members", "app.excel.roster_reader", "app.documents.roster_file_cases",
    "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets",
    "app.gui.application", "app.gui.main_window", "app.gui.startup",
)

# Environment variables the child takes over itself; the other ones an interpreter reads at start-up name
# the server (see _startup_env).
_TAKEN_OVER = frozenset({"PYTHONPATH", "PYTHONIOENCODING", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"})
AVAILABLE = hasattr(os, "fork") and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")
_MAX_MESSAGE = 200_000  # below the default AF_UNIX send buffer, so one request is one datagram


class ForkServerError(RuntimeError):
    """The server could not start a child, or died before reporting its exit status."""


# --- the client: in the pytest process --------------------------------------------------------------------

def _read_at_start(name: str) -> bool:
    """A variable read as an interpreter starts or as PRELOAD is imported, that a forked child cannot take
    over: pypinyin's PYPINYIN_NO_PHRASES, openpyxl's OPENPYXL_LXML, platformdirs' ANDROID_* are read at import
    (the app reads its own DANGJIAN_* when called)."""
    return ((name.startswith("PYTHON") and name not in _TAKEN_OVER) or name in ("LANG", "LC_ALL", "LC_CTYPE")
            or name.startswith(("COVERAGE_", "PYPINYIN_", "OPENPYXL_", "ANDROID_")))


def _startup_env(env: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in env.items() if _read_at_start(k)))


class _Server:
    def __init__(self, startup: tuple[tuple[str, str], ...], preload: tuple[str, ...]) -> None:
        env = {k: v for k, v in os.environ.items()
               if k not in _TAKEN_OVER and not k.startswith("DANGJIAN_") and not _read_at_start(k)}
        env.update(startup)  # the children's values; the children's own environment replaces the rest
        if "PYTHONDONTWRITEBYTECODE" in os.environ:  # the server's own imports write no pyc either (each child
            env["PYTHONDONTWRITEBYTECODE"] = os.environ["PYTHONDONTWRITEBYTECODE"]  # sets its own flag)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        boot = (f"import sys; sys.path[0] = {str(ROOT)!r}; from tests import forked; "
                "forked._server_main(int(sys.argv[1]), sys.argv[2:])")
        self.process = subprocess.Popen([sys.executable, "-c", boot, str(theirs.fileno()), *preload], cwd=ROOT,
                                        env=env,
                                        pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL)
        theirs.close()
        self.control = ours

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        self.control.close()  # EOF: the server kills what is still running and exits
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_servers: dict[tuple[tuple[str, str], ...], _Server] = {}
_servers_lock = threading.Lock()
_preload = PRELOAD
_closing: list[bool] = []  # once _close_servers is registered with atexit


def _close_at_exit() -> None:
    if not _closing:
        atexit.register(_close_servers)
        _closing.append(True)


def _close_servers() -> None:
    with _servers_lock:
        for server in _servers.values():
            server.close()
        _servers.clear()


def server_pids() -> list[int]:
    """The servers of this process (for tests of this module)."""
    with _servers_lock:
        return [s.process.pid for s in _servers.values() if s.alive()]


@contextlib.contextmanager
def separate_servers(preload: tuple[str, ...] = ()) -> Iterator[None]:
    """Meanwhile, servers of their own that import only `preload` (for tests of this module that kill or
    close servers: the ones every other test uses stay up); closed at the end."""
    global _servers, _preload
    with _servers_lock:
        saved = _servers, _preload
        _servers, _preload = {}, preload
    try:
        yield
    finally:
        _close_servers()
        with _servers_lock:
            _servers, _preload = saved


def _server(startup: tuple[tuple[str, str], ...], fresh: bool = False) -> _Server:
    with _servers_lock:
        server = _servers.get(startup)
        if server is not None and (fresh or not server.alive()):
            server.close()
            server = None
        if server is None:
            _close_at_exit()
            server = _servers[startup] = _Server(startup, _preload)
        return server


def _entry(args: list[str]) -> tuple[str, str, list[str]]:
    """`[sys.executable, "-m", MOD | "-c", CODE | SCRIPT, *rest]` → (kind, target, argv as the child sees it)."""
    if not args or os.fspath(args[0]) != sys.executable:
        raise ValueError(f"forked: only {sys.executable} can be forked, not {args[:1]}")
    rest = [os.fspath(a) for a in args[1:]]
    if len(rest) >= 2 and rest[0] == "-m":
        return "module", rest[1], [rest[1], *rest[2:]]  # argv[0] becomes the module's file in the child
    if len(rest) >= 2 and rest[0] == "-c":
        return "code", rest[1], ["-c", *rest[2:]]
    if rest and not rest[0].startswith("-"):
        return "path", rest[0], rest
    raise ValueError(f"forked: interpreter options are not supported: {rest[:2]}")


def _receive(sock: socket.socket, timeout: float | None) -> tuple[str, list[int]] | None:
    """One message and its fds; None on timeout; ForkServerError at EOF."""
    sock.settimeout(timeout)
    try:
        data, fds, _flags, _addr = socket.recv_fds(sock, 4096, 1)
    except (TimeoutError, BlockingIOError):
        return None
    finally:
        sock.settimeout(None)
    if not data:
        raise ForkServerError("the fork server closed the connection without an exit status")
    return data.decode(), fds


def _spawn(kind: str, target: str, argv: list[str], env: dict[str, str], cwd: str,
           stdio: list[int]) -> tuple[socket.socket, int, int]:
    """Ask a server for a child; returns its status socket, pid and pidfd. Retries once with a new server
    when the server went away before the child started."""
    request = json.dumps({"kind": kind, "target": target, "argv": argv, "env": env, "cwd": cwd}).encode()
    if len(request) > _MAX_MESSAGE:
        raise ValueError(f"forked: request of {len(request)} bytes (env or code too large)")
    startup = _startup_env(env)
    for attempt in (1, 2):
        server = _server(startup, fresh=attempt == 2)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            socket.send_fds(server.control, [request], [theirs.fileno(), *stdio])
        except OSError:
            ours.close()
            continue
        finally:
            theirs.close()
        try:
            got = _receive(ours, None)
        except ForkServerError:
            ours.close()
            continue
        assert got is not None
        message, fds = got
        word, _, rest = message.partition(" ")
        if word == "started":
            return ours, int(rest), fds[0]
        for fd in fds:
            os.close(fd)
        ours.close()
        if word == "error":
            name, number, text = json.loads(rest)
            raise OSError(number, text, cwd) if number else ForkServerError(f"{name}: {text}")
        raise ForkServerError(f"unexpected message from the fork server: {message!r}")
    raise ForkServerError("the fork server died twice before starting a child")


class Popen(subprocess.Popen):
    """subprocess.Popen, but the child is forked from the server (only the options the tests use).
    With DANGJIAN_TESTS_FORK=0 in the environment, or without Linux's pidfds (Windows, macOS), it is plain
    subprocess.Popen (a fresh interpreter)."""

    _status: socket.socket | None = None
    _pidfd: int | None = None
    _forked = True

    def _execute_child(self, args, executable, preexec_fn, close_fds, pass_fds, cwd, env, startupinfo,
                       creationflags, shell, p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite,
                       restore_signals, gid, gids, uid, umask, start_new_session, process_group) -> None:
        if os.environ.get("DANGJIAN_TESTS_FORK") == "0" or not AVAILABLE:
            self._forked = False
            return super()._execute_child(  # type: ignore[misc]
                args, executable, preexec_fn, close_fds, pass_fds, cwd, env, startupinfo, creationflags, shell,
                p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite, restore_signals, gid, gids, uid, umask,
                start_new_session, process_group)
        unsupported = {"executable": executable is not None, "preexec_fn": preexec_fn is not None,
                       "close_fds=False": not close_fds, "pass_fds": bool(pass_fds), "shell": shell,
                       "restore_signals=False": not restore_signals, "user/group": (gid, gids, uid) != (None,) * 3,
                       "umask": umask >= 0, "new session/group": start_new_session or process_group not in (None, -1)}
        try:
            if any(unsupported.values()):
                raise ValueError(f"forked.Popen: not supported: {[k for k, v in unsupported.items() if v]}")
            kind, target, argv = _entry(list(args))
            child_env = {os.fsdecode(k): os.fsdecode(v) for k, v in (os.environ if env is None else env).items()}
            where = os.path.abspath(os.fspath(cwd)) if cwd is not None else os.getcwd()
            stdio = [p2cread if p2cread != -1 else 0, c2pwrite if c2pwrite != -1 else 1,
                     errwrite if errwrite != -1 else 2]
            self._status, self.pid, self._pidfd = _spawn(kind, target, argv, child_env, where, stdio)
            self._child_created = True
        finally:
            self._close_pipe_fds(p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite)

    def _take_status(self, timeout: float | None) -> bool:
        """Read the exit status if it is there within `timeout`; True once returncode is set."""
        if self.returncode is not None:
            return True
        assert self._status is not None
        got = _receive(self._status, timeout)
        if got is None:
            return False
        message, _fds = got
        word, _, code = message.partition(" ")
        if word != "exit":
            raise ForkServerError(f"unexpected message from the fork server: {message!r}")
        self.returncode = int(code)
        self._status.close()
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        return True

    def _internal_poll(self, _deadstate=None, **kwargs: Any) -> int | None:
        if not self._forked:
            return super()._internal_poll(_deadstate, **kwargs)  # type: ignore[misc]
        if self.returncode is None and self._waitpid_lock.acquire(False):
            try:
                self._take_status(0)
            except (ForkServerError, OSError):
                if _deadstate is None:
                    raise
                self.returncode = _deadstate
            finally:
                self._waitpid_lock.release()
        return self.returncode

    def _wait(self, timeout: float | None) -> int:
        if not self._forked:
            return super()._wait(timeout)  # type: ignore[misc]
        with self._waitpid_lock:
            if not self._take_status(timeout):
                raise subprocess.TimeoutExpired(self.args, timeout)  # type: ignore[arg-type]
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if not self._forked:
            return super().send_signal(sig)
        self.poll()
        if self.returncode is not None or self._pidfd is None:
            return
        with contextlib.suppress(ProcessLookupError):  # exited, not yet reported: a pidfd never hits another
            signal.pidfd_send_signal(self._pidfd, sig)


def run(*popenargs: Any, input: Any = None, capture_output: bool = False, timeout: float | None = None,
        check: bool = False, **kwargs: Any) -> subprocess.CompletedProcess:
    """subprocess.run with forked.Popen (the same code: a timeout kills the child and re-raises)."""
    if input is not None:
        if kwargs.get("stdin") is not None:
            raise ValueError("stdin and input arguments may not both be used.")
        kwargs["stdin"] = subprocess.PIPE
    if capture_output:
        if kwargs.get("stdout") is not None or kwargs.get("stderr") is not None:
            raise ValueError("stdout and stderr arguments may not be used with capture_output.")
        kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
    with Popen(*popenargs, **kwargs) as process:
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        except BaseException:
            process.kill()
            raise
        retcode = process.poll()
        if check and retcode:
            raise subprocess.CalledProcessError(retcode, process.args, output=stdout, stderr=stderr)
    return subprocess.CompletedProcess(process.args, retcode, stdout, stderr)


# --- the server: a fresh interpreter that imports, waits and forks ----------------------------------------

_BASE_PATH: list[str] = []  # the server's sys.path without its first entry: the site and stdlib folders


def _server_main(control_fd: int, preload: list[str]) -> None:
    """The server's whole life; a forked child ends in its job's os._exit."""
    import importlib

    _BASE_PATH[:] = sys.path[1:]
    for name in preload:
        module = importlib.import_module(name)
        for command in getattr(module, "COMMAND_MODULES", ()):  # app.cli's, which its build_parser() imports
            importlib.import_module(command)
    gc.freeze()  # what is imported now is never collected: a child's collections do not touch (copy) its pages
    job = _serve(socket.socket(fileno=control_fd))
    if job is not None:  # in a child
        job.run()


def _serve(control: socket.socket) -> _Job | None:
    """Fork a child per request until the client goes away; returns only in a child (its job) or at the end."""
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ)
    children: dict[int, tuple[int, socket.socket]] = {}  # pidfd → (pid, status socket)
    while True:
        for key, _events in selector.select():
            if key.fileobj is control:
                try:
                    data, fds, flags, _addr = socket.recv_fds(control, _MAX_MESSAGE + 1, 4)
                except OSError:
                    data, fds, flags = b"", [], 0
                if not data:  # the pytest process is gone: so are its children
                    for pidfd, (pid, sock) in children.items():
                        with contextlib.suppress(OSError):
                            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                        _reap(pid, sock)
                    return None
                if len(fds) != 4 or flags & socket.MSG_TRUNC:
                    for fd in fds:
                        os.close(fd)
                    continue
                status = socket.socket(fileno=fds[0])
                request = json.loads(data)
                for stream in (sys.stdout, sys.stderr):
                    if stream is not None:
                        stream.flush()
                try:
                    pid = os.fork()
                except OSError as exc:
                    _send(status, "error " + json.dumps([type(exc).__name__, 0, str(exc)]))
                    status.close()
                    pid = -1
                if pid == 0:
                    selector.close()
                    control.close()
                    for pidfd, (_pid, sock) in children.items():
                        os.close(pidfd)
                        sock.close()
                    return _Job(status, fds[1:], request)
                for fd in fds[1:]:
                    os.close(fd)
                if pid > 0:
                    pidfd = os.pidfd_open(pid)
                    children[pidfd] = (pid, status)
                    selector.register(pidfd, selectors.EVENT_READ)
            else:  # a child exited
                pidfd = key.fd
                pid, sock = children.pop(pidfd)
                selector.unregister(pidfd)
                os.close(pidfd)
                _reap(pid, sock)


def _reap(pid: int, sock: socket.socket) -> None:
    _pid, wait_status = os.waitpid(pid, 0)
    _send(sock, f"exit {os.waitstatus_to_exitcode(wait_status)}")
    sock.close()


def _send(sock: socket.socket, message: str, fds: list[int] | None = None) -> None:
    with contextlib.suppress(OSError):  # the client may have gone (a test that never waited)
        socket.send_fds(sock, [message.encode()], fds or [])


def _stdio(env: dict[str, str]) -> None:
    """sys.stdin/stdout/stderr on fds 0-2 as a fresh interpreter makes them (Python/pylifecycle.c create_stdio)
    for this environment; the server's own (same locale) give the defaults."""
    import codecs
    import io

    encoding, _, errors = env.get("PYTHONIOENCODING", "").partition(":")
    if encoding:  # Python/initconfig.c: "latin1" means "latin1:strict", and the codec's own name is shown
        encoding, errors = codecs.lookup(encoding).name, errors or "strict"
    buffered = not env.get("PYTHONUNBUFFERED")
    made = []
    for fd, original, name in ((0, sys.__stdin__, "<stdin>"), (1, sys.__stdout__, "<stdout>"),
                               (2, sys.__stderr__, "<stderr>")):
        assert original is not None
        writing = fd > 0
        buffer = open(fd, "wb" if writing else "rb", buffering=-1 if buffered or not writing else 0,  # noqa: SIM115
                      closefd=False)
        raw = buffer.raw if hasattr(buffer, "raw") else buffer
        raw.name = name
        stream = io.TextIOWrapper(buffer, encoding=encoding or original.encoding,
                                  errors="backslashreplace" if fd == 2 else (errors or original.errors),
                                  newline="\n", line_buffering=buffered and (raw.isatty() or fd == 2),
                                  write_through=not buffered)
        stream.mode = "w" if writing else "r"  # type: ignore[misc]
        made.append(stream)
    sys.stdin, sys.stdout, sys.stderr = sys.__stdin__, sys.__stdout__, sys.__stderr__ = made  # type: ignore[misc]


class _Job:
    """One child, after the fork: set up as a fresh process would be, report, run the entry."""

    def __init__(self, status: socket.socket, stdio: list[int], request: dict[str, Any]) -> None:
        self.status, self.stdio, self.request = status, stdio, request

    def run(self) -> None:
        import importlib
        import importlib.machinery
        import tempfile
        import time
        import types

        request = self.request
        try:
            os.chdir(request["cwd"])
        except OSError as exc:
            _send(self.status, "error " + json.dumps([type(exc).__name__, exc.errno or errno.EIO, exc.strerror]))
            os._exit(255)
        env: dict[str, str] = request["env"]
        os.environ.clear()
        os.environ.update(env)
        time.tzset()
        for target, fd in enumerate(self.stdio):
            os.dup2(fd, target)
        for fd in set(self.stdio):
            os.close(fd)
        _stdio(env)
        sys.dont_write_bytecode = bool(env.get("PYTHONDONTWRITEBYTECODE"))
        kind, target = request["kind"], request["target"]
        first = {"code": "", "module": os.getcwd(), "path": os.path.dirname(os.path.realpath(target))}[kind]
        extra = [os.path.abspath(p) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        sys.path[:] = [first, *extra, *_BASE_PATH]
        importlib.invalidate_caches()
        tempfile.tempdir = None
        sys.argv = list(request["argv"])
        main = types.ModuleType("__main__")
        main.__loader__ = importlib.machinery.BuiltinImporter  # type: ignore[assignment]
        sys.modules["__main__"] = main
        pidfd = os.pidfd_open(os.getpid())
        _send(self.status, f"started {os.getpid()}", [pidfd])
        os.close(pidfd)
        self.status.close()
        try:
            if kind == "code":
                exec(compile(target, "<string>", "exec"), main.__dict__)
            elif kind == "path":
                main.__file__, main.__cached__ = os.path.abspath(target), None  # type: ignore[attr-defined]
                main.__loader__ = importlib.machinery.SourceFileLoader("__main__", target)  # type: ignore[assignment]
                with open(target, "rb") as f:
                    source = f.read()
                exec(compile(source, main.__file__, "exec"), main.__dict__)
            else:
                import runpy

                runpy._run_module_as_main(target, alter_argv=True)  # type: ignore[attr-defined]  # what -m runs
        except SystemExit as exc:
            _exit(_system_exit_code(exc))
        except BaseException as exc:
            tb = exc.__traceback__
            while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
                tb = tb.tb_next
            sys.excepthook(type(exc), exc.with_traceback(tb), tb)
            _exit(1, by_sigint=isinstance(exc, KeyboardInterrupt))
        _exit(0)


def _system_exit_code(exc: SystemExit) -> int:
    """Python/pythonrun.c handle_system_exit: None is 0, an int is itself, anything else is printed and 1."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code if -(2**31) <= exc.code < 2**31 else 1
    with contextlib.suppress(Exception):
        sys.stderr.write(f"{exc.code}\n")
    return 1


def _exit(code: int, by_sigint: bool = False) -> None:
    """The interpreter's exit (Py_FinalizeEx) up to the module teardown: non-daemon threads joined, atexit
    handlers run, stdio flushed (120 when stdout cannot be). Then os._exit: tearing the modules down would
    write to every page inherited from the server (0.13 s of copy-on-write per child, for nothing seen)."""
    import atexit as exiting

    threading._shutdown()  # type: ignore[attr-defined]  # what the interpreter calls first
    exiting._run_exitfuncs()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except Exception:
        code = code or 120
    with contextlib.suppress(Exception):
        if sys.stderr is not None:
            sys.stderr.flush()
    if by_sigint:  # an uncaught KeyboardInterrupt: Python dies by the signal
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(code)
