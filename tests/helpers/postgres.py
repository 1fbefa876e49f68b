"""A throwaway PostgreSQL database per test, on the server at 127.0.0.1:5432, or a private
cluster for the tests that restart PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import psycopg
import pytest

SERVER = os.environ.get("NEGBOT_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(SERVER, autocommit=True, connect_timeout=3)


def require_postgres() -> None:
    """Skip (or, under CI=true, fail) when the PostgreSQL server is not there."""
    try:
        with _admin() as connection:
            connection.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        reason = (
            f"PostgreSQL at {SERVER} is not reachable ({exc.__class__.__name__}); start it with: "
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """Create an empty database, yield its psycopg URL, drop it afterwards."""
    require_postgres()
    name = f"negbot_test_{uuid.uuid4().hex[:12]}"
    with _admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with _admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_bin() -> Path | None:
    """The directory of the newest installed PostgreSQL's initdb, pg_ctl and postgres."""
    versions = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if (path / "initdb").is_file()),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _skip_or_fail(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PrivateCluster:
    """A PostgreSQL cluster of the test's own, in a temporary folder, on a free port."""

    bin: Path
    root: Path
    port: int
    user: str | None  # who runs initdb, pg_ctl and postgres: None for the current user
    database: str = "negbot_test"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sockets(self) -> Path:
        return self.root / "sockets"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    @property
    def url(self) -> str:
        """The psycopg URL of the cluster's test database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        try:
            subprocess.run(
                command,
                cwd=self.root,  # the unprivileged user may not enter the caller's directory
                check=True,
                capture_output=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(
                f"{' '.join(command)} exited with {exc.returncode}\n"
                f"{exc.stdout.decode(errors='replace')}{exc.stderr.decode(errors='replace')}"
                f"{self._log_tail()}"
            ) from exc

    def _log_tail(self) -> str:
        try:
            return "\n--- postgres.log ---\n" + self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def _options(self) -> str:
        return f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1"

    def initdb(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
            timeout=120,
        )

    def start(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
            "-w", "-t", "60", "start",
            timeout=90,
        )  # fmt: skip

    def restart(self) -> None:
        """Stop the cluster (fast: connections are cut) and start it again on the same port."""
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
            "-m", "fast", "-w", "-t", "60", "restart",
            timeout=150,
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the cluster at once; kill its postmaster, by its pid, if pg_ctl cannot."""
        pidfile = self.data / "postmaster.pid"
        if not pidfile.exists():
            return
        try:
            self._run(
                "pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30", "stop",
                timeout=45,
            )  # fmt: skip
        except (RuntimeError, subprocess.TimeoutExpired):
            with contextlib.suppress(OSError, ValueError, IndexError):
                os.kill(int(pidfile.read_text().splitlines()[0]), signal.SIGKILL)
            raise

    def create_database(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')


@contextlib.contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    """Run a PostgreSQL cluster of the test's own, for tests that must restart it: the
    shared server at 127.0.0.1:5432 is never stopped nor restarted by a test.

    Yields the running cluster (`.url`, `.restart()`); stops it and removes its folder
    afterwards, even on failure. Skips (or, under CI=true, fails) when initdb is missing.
    """
    bin_dir = _postgres_bin()
    if bin_dir is None or not (bin_dir / "pg_ctl").is_file():
        _skip_or_fail(
            "initdb/pg_ctl not found in /usr/lib/postgresql/*/bin nor on PATH; install the "
            "PostgreSQL server package (e.g. apt-get install postgresql) to run this test"
        )
    user: str | None = None
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:  # initdb refuses to run as root
        if shutil.which("runuser") is None:
            _skip_or_fail("running as root and runuser is missing: cannot run initdb unprivileged")
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            _skip_or_fail("running as root and there is no `postgres` user to run initdb as")
        user = owner.pw_name
    with tempfile.TemporaryDirectory(prefix="negbot-pg-") as root:
        if owner is not None:
            os.chown(root, owner.pw_uid, owner.pw_gid)
        cluster = PrivateCluster(bin=bin_dir, root=Path(root), port=_free_port(), user=user)
        try:
            cluster.sockets.mkdir()
            if owner is not None:
                os.chown(cluster.sockets, owner.pw_uid, owner.pw_gid)
            cluster.initdb()
            for attempt in range(3):  # the free port may have been taken meanwhile
                try:
                    cluster.start()
                    break
                except RuntimeError:
                    if attempt == 2:
                        raise
                    cluster.port = _free_port()
            cluster.create_database()
            yield cluster
        finally:
            cluster.stop()
