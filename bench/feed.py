"""Print requests a second for /calendar.ics: nginx from disk, negbot alone, nginx in front.

Run from the repository root, in the virtual environment:

    python bench/feed.py                   # 1,000 sessions, 3 rounds of 3 s per measure
    python bench/feed.py --sessions 200 --seconds 2 --rounds 1

It fills a temporary SQLite store with sessions (and a chat that follows them all), starts
`negbot serve` on a free loopback port (rate limit off) and fetches the feed once. One nginx
(Debian's, started here with a temporary config, one worker) then serves two sites on two more
ports: the very same bytes as a static file (`etag on`, `gzip_static on`): the reference; and
deploy/nginx.conf itself in front of negbot (its cache and all, made to listen on loopback
without TLS and without its per-client limit, which the one load generator would hit). The same
load generator measures the three one after the other: a plain GET, a GET with If-None-Match
(304), and a GET with Accept-Encoding: gzip; each is printed as a ratio to the reference. Last,
it checks that a revoked private feed is a 404 on the next request through nginx.

The load generator is wrk when installed, else a Python client with bounded concurrency (much
slower than wrk: its figures measure the client as much as the servers). Figures depend on the
machine; nothing here is a test.

wrk and nginx come from Debian: apt-get install -y wrk nginx
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dtm
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_CONF = ROOT / "deploy" / "nginx.conf"
TARGETS = {"plain": 0.9, "if-none-match": 0.9}  # the ratios, nginx in front of negbot
CASES = ("plain", "if-none-match", "gzip")
SERVERS = {"file": "nginx, the file", "negbot": "negbot alone", "front": "nginx → negbot"}
BENCH_CHAT = 1001
INSTALL = "apt-get install -y wrk nginx"
NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp;
    proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp;
    scgi_temp_path {root}/tmp;
    types {{ text/calendar ics; }}
    charset_types text/calendar;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{file_port};
        charset utf-8;
        etag on;
        gzip_static on;
        root {root}/www;
        location / {{ }}
    }}
    include {root}/front.conf;
}}
"""


@dataclass(frozen=True, slots=True)
class Measure:
    """One run of the load generator."""

    rate: float  # requests a second
    errors: int  # non-2xx/3xx answers and socket errors


def pinned(cpu: int | None) -> Callable[[], None] | None:
    """Return what runs in a child before it starts: keep it on one CPU (or None: anywhere)."""
    if cpu is None:
        return None

    def pin() -> None:
        os.sched_setaffinity(0, {cpu})

    return pin


def free_port() -> int:
    """Return a loopback port nobody listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def fill_store(url: str, sessions: int) -> str:
    """Create `sessions` sessions across the shipped tracks, some timed, each with a source,
    and a chat that follows them all; return that chat's private feed token."""
    from bot.clock import ManualClock
    from bot.models import ALL_TRACKS, ChatKind, EventDraft, EventSource, EventStatus
    from bot.store import Store
    from bot.tracks import load_tracks

    clock = ManualClock(dtm.datetime(2022, 1, 1, 9, 0, tzinfo=dtm.UTC))
    store = await Store.open(url, clock)
    try:
        catalogue = load_tracks()
        await store.tracks.sync(catalogue)
        tracks = list(catalogue)
        statuses = list(EventStatus)
        drafts = []
        for n in range(sessions):
            track = tracks[n % len(tracks)]
            day = dtm.date(2022, 1, 3) + dtm.timedelta(days=n // 3)
            timed = n % 4 == 0
            start_at = None
            if timed:
                start_at = dtm.datetime(
                    day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo(track.timezone)
                )
            draft = EventDraft(
                title=f"{track.session_title} #{n + 1}",
                track=track.id,
                start_date=day,
                end_date=day + dtm.timedelta(days=n % 3 == 1),
                start_at=start_at,
                end_at=start_at + dtm.timedelta(hours=2) if start_at else None,
                location=track.venue,
                timezone=track.timezone,
                status=statuses[n % len(statuses)] if n % 7 == 0 else EventStatus.CONFIRMED,
                sources=(
                    EventSource(
                        article_id=None,
                        outlet="Bench Wire",
                        quote=f"The {track.name} will meet in {track.venue} on {day:%B %-d}.",
                        date_words=f"{day:%B %-d}",
                    ),
                ),
            )
            drafts.append(draft)
        await store.events.create_many(drafts, actor="bench")
        chat = await store.chats.ensure(BENCH_CHAT, ChatKind.PRIVATE, "bench", "UTC")
        await store.chats.subscribe(chat.id, ALL_TRACKS)
        return await store.chats.reset_token(chat.id)  # kept only as a hash: a fresh one
    finally:
        await store.close()


async def revoke(url: str) -> None:
    """Give the bench's chat a new feed token, as /feed does: the old one stops working."""
    from bot.store import Store

    store = await Store.open(url)
    try:
        await store.chats.reset_token(BENCH_CHAT)
    finally:
        await store.close()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET a URL; return the status, headers and body (a 304 is an answer, not an error)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def wait_for(url: str, seconds: float = 20.0) -> None:
    """Wait until a server answers, for `seconds` at most."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"bench/feed.py: nothing answers at {url}") from None
            time.sleep(0.1)


def run_wrk(
    url: str,
    headers: dict[str, str],
    seconds: float,
    connections: int,
    threads: int,
    cpu: int | None = None,
) -> Measure:
    """Measure with wrk."""
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*args, url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
        preexec_fn=pinned(cpu),
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if rate is None:
        raise SystemExit(f"bench/feed.py: cannot read wrk's output:\n{out}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Measure(float(rate.group(1)), errors)


def run_python(url: str, headers: dict[str, str], seconds: float, connections: int) -> Measure:
    """Measure with a Python client: `connections` keep-alive connections, for `seconds`."""
    import aiohttp

    async def measure() -> Measure:
        count = errors = 0
        deadline = time.monotonic() + seconds
        connector = aiohttp.TCPConnector(limit=connections)
        async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:

            async def worker() -> None:
                nonlocal count, errors
                while time.monotonic() < deadline:
                    async with session.get(url, headers=headers) as response:
                        await response.read()
                        if response.status >= 400:
                            errors += 1
                        count += 1

            started = time.monotonic()
            await asyncio.gather(*(worker() for _ in range(connections)))
            return Measure(count / (time.monotonic() - started), errors)

    return asyncio.run(measure())


def _median(measures: list[Measure]) -> float:
    return statistics.median(m.rate for m in measures)


def _spread(measures: list[Measure]) -> str:
    rates = [m.rate for m in measures]
    return f"{min(rates):,.0f}–{max(rates):,.0f}"


def front_config(conf: str, *, root: Path, port: int, negbot_port: int) -> str:
    """Return deploy/nginx.conf made to run here: on loopback, without TLS, without the
    per-client limit, over the one negbot, caching in `root`. Each change must apply."""
    changes = [
        (
            r"server 127\.0\.0\.1:8081[^;]*;\s*server 127\.0\.0\.1:8082[^;]*;",
            f"server 127.0.0.1:{negbot_port};",
        ),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
        (r"\n\s*ssl_certificate(_key)? [^;]*;", ""),
        (r"\n\s*limit_req zone=[^;]*;", ""),
        (r"proxy_cache_path /var/cache/nginx/negbot", f"proxy_cache_path {root}/cache"),
        (r"\nserver \{\s*listen 80;[^}]*\}", ""),
    ]
    for pattern, replacement in changes:
        conf, count = re.subn(pattern, replacement, conf)
        if not count:
            raise SystemExit(f"bench/feed.py: {DEPLOY_CONF} has no {pattern!r} to adapt")
    return conf


def revision(negbot: str) -> str:
    """Return the change counter negbot last read (from its /metrics)."""
    _, _, text = fetch(f"{negbot}/metrics")
    found = re.search(rb"^negbot_store_revision (\S+)$", text, re.MULTILINE)
    if found is None:
        raise SystemExit("bench/feed.py: no negbot_store_revision in /metrics")
    return found.group(1).decode()


def check_revocation(database: str, negbot: str, front: str, token: str) -> str:
    """Fetch the private feed through nginx, revoke its token, and return what the very next
    request through nginx got (after negbot has seen the change, and with no other request)."""
    feed = f"{front}/feeds/{token}.ics"
    status, headers, _ = fetch(feed)
    if status != 200:
        raise SystemExit(f"bench/feed.py: the private feed answers {status} through nginx")
    etag = headers["ETag"]
    for _ in range(3):  # anything nginx would keep, it has kept now
        fetch(feed)
        fetch(feed, {"If-None-Match": etag})
    before = revision(negbot)
    asyncio.run(revoke(database))
    deadline = time.monotonic() + 30
    while revision(negbot) == before:  # negbot polls the store's change counter
        if time.monotonic() > deadline:
            raise SystemExit("bench/feed.py: negbot did not see the revocation in 30 s")
        time.sleep(0.05)
    status, _, _ = fetch(feed, {"If-None-Match": etag})
    verdict = "ok" if status == 404 else "WRONG"
    return f"{status} ({verdict}: a revoked token must be a 404 on the next request)"


def stop(process: subprocess.Popen[str] | None) -> None:
    """Stop a server this bench started."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    """Fill a store, start negbot and nginx, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=3.0, help="per measure (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="measures per server and case")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    parser.add_argument("--python-client", action="store_true", help="use the Python client")
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="do not keep wrk on the first CPU and the servers on the last one",
    )
    args = parser.parse_args()

    wrk = shutil.which("wrk") if not args.python_client else None
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if wrk is None and not args.python_client:
        print(f"wrk is not installed ({INSTALL}); measuring with the Python client instead")
    if nginx is None:
        print(f"nginx is not installed ({INSTALL}); there is nothing to compare with")
        return 2

    with tempfile.TemporaryDirectory(prefix="negbot-bench-") as temp:
        root = Path(temp)
        root.chmod(0o755)  # nginx's worker runs as another user when started by root
        database = f"sqlite:///{root / 'bench.db'}"
        started = time.perf_counter()
        token = asyncio.run(fill_store(database, args.sessions))
        print(f"store: {args.sessions} sessions in {time.perf_counter() - started:.1f} s")

        cpus = sorted(os.sched_getaffinity(0))
        pin = args.pin and wrk is not None and len(cpus) >= 2
        client_cpu, server_cpu = (cpus[0], cpus[-1]) if pin else (None, None)
        negbot_port, file_port, front_port = free_port(), free_port(), free_port()
        env = {
            **os.environ,
            "NEGBOT_DATABASE_URL": database,
            "NEGBOT_LOG_LEVEL": "WARNING",
            # The feed names its own address: one public address for every server, same bytes.
            "NEGBOT_PUBLIC_URL": "https://negbot.example",
        }
        negbot = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--port", str(negbot_port), "--rate", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=pinned(server_cpu),
        )
        for folder in ("www", "tmp", "cache"):
            (root / folder).mkdir()
        proxy = None
        try:
            base = {
                "file": f"http://127.0.0.1:{file_port}",
                "negbot": f"http://127.0.0.1:{negbot_port}",
                "front": f"http://127.0.0.1:{front_port}",
            }
            targets = {name: f"{url}/calendar.ics" for name, url in base.items()}
            wait_for(targets["negbot"])
            _, _, body = fetch(targets["negbot"])
            _, gzip_headers, gzipped = fetch(targets["negbot"], {"Accept-Encoding": "gzip"})
            if gzip_headers.get("Content-Encoding") != "gzip":
                raise SystemExit("bench/feed.py: negbot serve did not gzip the feed")
            (root / "www" / "calendar.ics").write_bytes(body)
            (root / "www" / "calendar.ics.gz").write_bytes(gzipped)
            print(f"feed: {len(body):,} bytes, {len(gzipped):,} gzipped")
            front = front_config(
                DEPLOY_CONF.read_text(), root=root, port=front_port, negbot_port=negbot_port
            )
            (root / "front.conf").write_text(front)
            (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, file_port=file_port))
            proxy = subprocess.Popen(
                [nginx, "-p", str(root), "-c", str(root / "nginx.conf")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                preexec_fn=pinned(server_cpu),
            )
            wait_for(targets["file"])
            wait_for(targets["front"])
            generator = "wrk" if wrk else "a Python client (aiohttp)"
            print(
                f"load: {generator}, {args.connections} connections"
                + (f", {args.threads} thread(s)" if wrk else "")
                + f", {args.rounds} rounds of {args.seconds:g} s per server and case, "
                "after a 1 s warm-up; one server at a time: nginx serving the file (one worker), "
                "negbot serve alone (one process), deploy/nginx.conf in front of it; "
                f"on {os.cpu_count()} CPU(s)"
                + (f"; wrk on CPU {client_cpu}, the servers on CPU {server_cpu}" if pin else "")
            )

            def measure(url: str, headers: dict[str, str], seconds: float) -> Measure:
                if wrk:
                    return run_wrk(
                        url, headers, seconds, args.connections, args.threads, client_cpu
                    )
                return run_python(url, headers, seconds, args.connections)

            cases: dict[str, dict[str, dict[str, str]]] = {}
            for name, url in targets.items():
                status, headers, served = fetch(url)
                if status != 200 or served != body:
                    raise SystemExit(
                        f"bench/feed.py: {SERVERS[name]} answers {status} with "
                        f"{len(served)} bytes, not the feed's {len(body)}"
                    )
                etag = headers["ETag"]
                if fetch(url, {"If-None-Match": etag})[0] != 304:
                    raise SystemExit(f"bench/feed.py: {SERVERS[name]} does not answer 304")
                cases[name] = {
                    "plain": {},
                    "if-none-match": {"If-None-Match": etag},
                    "gzip": {"Accept-Encoding": "gzip"},
                }
            # Rounds alternate between the servers (and which goes first), so that a noisy
            # neighbour on a shared machine weighs on all alike; the medians are compared.
            results: dict[str, dict[str, list[Measure]]] = {n: {} for n in targets}
            for case in CASES:
                for name, url in targets.items():
                    measure(url, cases[name][case], 1.0)
                for round_ in range(args.rounds):
                    order = list(targets.items())
                    shift = round_ % len(order)
                    for name, url in order[shift:] + order[:shift]:
                        taken = measure(url, cases[name][case], args.seconds)
                        results[name].setdefault(case, []).append(taken)
            revoked = check_revocation(database, base["negbot"], base["front"], token)
        finally:
            stop(proxy)
            stop(negbot)

    print()
    print(
        f"{'case':<15}{'nginx file':>11}{'negbot':>9}{'front':>9}"
        f"{'negbot/file':>13}{'front/file':>12}{'target':>12}"
    )
    for case in CASES:
        rates = {name: _median(results[name][case]) for name in results}
        reference = rates["file"]
        alone = rates["negbot"] / reference if reference else 0.0
        ratio = rates["front"] / reference if reference else 0.0
        target = TARGETS.get(case)
        verdict = (
            "" if target is None else f"≥{target:g} " + ("ok" if ratio >= target else "MISSED")
        )
        print(
            f"{case:<15}{reference:>11,.0f}{rates['negbot']:>9,.0f}{rates['front']:>9,.0f}"
            f"{alone:>13.2f}{ratio:>12.2f}  {verdict}"
        )
    print()
    print("requests a second, medians of the rounds; each one's range:")
    for case in CASES:
        spread = ", ".join(f"{name} {_spread(results[name][case])}" for name in results)
        print(f"  {case}: {spread}")
        for name in results:
            errors = sum(m.errors for m in results[name][case])
            if errors:
                print(f"  {SERVERS[name]}: {errors} errors during the {case} measures")
    print(
        "file: nginx serving the feed's bytes from disk (the reference); negbot: `negbot serve` "
        "alone (aiohttp); front: deploy/nginx.conf in front of it; target: front / file"
    )
    print(f"revoked private feed, next request through nginx: {revoked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
