"""The servers a benchmark starts for itself: a scratch PostgreSQL database, gunicorn, a Celery worker,
and, for the fault drills, a private Redis and a private PostgreSQL that may be stopped at will.

Everything runs on free local ports and is stopped by its own process id at the end; nothing here
ever stops a server it did not start.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

PG_BIN = Path(os.environ.get("KEHOACH_PG_BIN", "/usr/lib/postgresql/15/bin"))


class BenchError(Exception):
    """The bench cannot run here (wrong database engine, a server that does not start…)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, *, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise BenchError(f"process {proc.args[0]} exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise BenchError(f"nothing listens on port {port} after {timeout:.0f} s")


def database_url(settings_dict: dict, *, name: str | None = None, host: str | None = None, port: int | None = None) -> str:
    user = urllib.parse.quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{urllib.parse.quote(password)}@" if password else (f"{user}@" if user else "")
    return (f"postgres://{auth}{host or settings_dict.get('HOST') or '127.0.0.1'}:{port or settings_dict.get('PORT') or 5432}/"
            f"{name or settings_dict['NAME']}")


def require_postgresql() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise BenchError(
            "This bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/dbname (a scratch database "
            "kh_bench_* is created on that server and dropped afterwards; the named database is not touched).")


def database_exists(name: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


@contextlib.contextmanager
def scratch_postgres(name: str, *, keep: bool = False, reuse: bool = False):
    """Create (or re-create) database ``name`` on the configured PostgreSQL server, migrate it, point this process
    at it; yield its URL for the servers started next; drop it at the end.

    ``reuse``: when ``name`` already exists, point at it and migrate it instead of re-creating it (a bench that
    built its data with ``keep`` measures it again without rebuilding). ``keep``: do not drop it at the end."""
    from django.core.management import call_command
    from django.db import connection

    require_postgresql()
    old_name = connection.settings_dict["NAME"]
    if reuse and database_exists(name):
        connection.close()
        connection.settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = name
        call_command("migrate", verbosity=0, interactive=False)
    else:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield database_url(connection.settings_dict)
    finally:
        connection.close()
        if keep:
            connection.settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = old_name
        else:
            for _attempt in range(5):  # servers just stopped may still hold a connection for a moment
                try:
                    connection.creation.destroy_test_db(old_name, verbosity=0)
                    break
                except Exception:
                    time.sleep(2)


def server_env(*, database_url: str, broker_url: str, var_dir: Path, extra: dict | None = None) -> dict:
    """The environment of the bench's own servers: production settings (DEBUG off) with a scratch secret."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KEHOACH_VAR_DIR": str(var_dir),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra or {})
    return env


def _bin(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


@dataclass
class Server:
    """A process the bench started (gunicorn, a Celery worker): stopped by its pid, never by name."""

    args: list[str]
    env: dict
    log: Path
    port: int | None = None
    proc: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, *, wait_for: str | None = None, timeout: float = 120.0) -> Server:
        with open(self.log, "ab") as handle:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(self.args, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
                                         cwd=str(settings.BASE_DIR), start_new_session=True)
        if self.port:
            wait_port(self.port, timeout=timeout, proc=self.proc)
        if wait_for:
            deadline = time.monotonic() + timeout
            while wait_for not in self.log.read_text(errors="replace"):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise BenchError(f"{self.args[0]} not ready: see {self.log}")
                time.sleep(0.3)
        return self

    def kill(self, sig=signal.SIGKILL) -> None:
        """Kill the process group this server leads (a Celery worker's pool children too)."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def gunicorn(*, env: dict, var_dir: Path, workers: int, threads: int) -> Server:
    # DEBUG off serves hashed static files (whitenoise's manifest): collect them first, as a deployment does
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                   cwd=Path(__file__).resolve().parent.parent.parent, env=env, check=True)
    port = free_port()
    return Server(args=[_bin("gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
                        "--threads", str(threads), "--timeout", "120", "--graceful-timeout", "5"],
                  env=env, log=var_dir / "gunicorn.log", port=port)


def celery_worker(*, env: dict, var_dir: Path, name: str = "bench", concurrency: int = 2, beat: bool = False) -> Server:
    args = [_bin("celery"), "-A", "config", "worker", "-Q", "celery,default,fanout,pdf", "-c", str(concurrency),
            "-n", f"{name}@%h", "-l", "info", "--without-gossip", "--without-mingle"]
    if beat:
        args += ["-B", "-s", str(var_dir / "celerybeat-schedule"), "--scheduler", "celery.beat:PersistentScheduler"]
    return Server(args=args, env=env, log=var_dir / f"celery-{name}.log")


class RedisServer:
    """A private redis-server (never the shared one): started, stopped and restarted on its own port."""

    def __init__(self, var_dir: Path):
        self.port = free_port()
        self.dir = var_dir / "redis"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--save", "",
                                      "--appendonly", "no", "--dir", str(self.dir), "--bind", "127.0.0.1"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_port(self.port, timeout=20, proc=self.proc)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


class PrivatePostgres:
    """A private PostgreSQL cluster in a temporary directory (initdb as user ``postgres`` when run as root),
    so that a drill may restart it without touching the shared server."""

    def __init__(self, var_dir: Path):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="kh_bench_pg_"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"  # in the directory the postgres user owns

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            import shlex

            command = ["su", "postgres", "-c", " ".join(shlex.quote(c) for c in command)]
        done = subprocess.run(command, check=False, capture_output=True, text=True)
        if check and done.returncode:
            raise BenchError(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()} (log: {self.log})")
        return done

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def settings_dict(self, name: str) -> dict:
        return {"USER": "postgres", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": self.port, "NAME": name}

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
