"""`make bench`: seed a large paper, serve it the production way, load it, report.

    .venv/bin/python -m newsroom.bench.run [--articles 100000 ...] [--seconds 10]

Steps: create and migrate the benchmark's own database (newsroom_bench beside
DATABASE_URL's server, or BENCH_DATABASE_URL), seed it (skipped when it already holds these
sizes), collect static files, then run gunicorn twice, as production would (DEBUG off,
WhiteNoise, Django's connection pool): once with PAGE_CACHE=off (cold: every request
renders) and once with the page cache on (warm: after one priming request per address).
Under each, wrk loads every page kind at a fixed concurrency, rotating through many
addresses of that kind; the same server also answers a bare view returning the bytes of an
article page (the ceiling). Under the cold server an open-loop generator also asks for
article pages at a fixed rate, three times, and one reader alone runs every search once
(how long a search takes). Query counts and EXPLAIN plans are measured in-process.

The targets compare figures taken close together, because on a shared machine the speed
of the same server drifts by half within a minute: the warm article page and the ceiling
are loaded in turns, a few seconds each, and the target reads the median of the rounds'
ratios; the cold p95 is the median of the three open-loop runs.

Writes bench/results.json and prints a table. Exits 1 when a target is missed.
"""

import argparse
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .loadgen import run_open_loop, run_serial, run_wrk
from .probe import LISTING_KINDS
from .sizes import Sizes

BASE_DIR = Path(__file__).resolve().parent.parent.parent
WORK_DIR = BASE_DIR / "var" / "bench"
RESULTS = BASE_DIR / "bench" / "results.json"
PY = sys.executable
KINDS = ("home", "article", "section", "tag", "author", "neighborhood", "search", "feed")
CEILING_PATH = "/__bench__/ceiling/"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
# Targets from the issue.
WARM_SHARE_OF_CEILING = 0.6
COLD_ARTICLE_P95_MS = 50
SEARCH_P95_MS = 50
ARRIVAL_SHARE = 0.7
ARRIVAL_RUNS = 3
TOTAL_MINUTES = 30


def say(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    import dj_database_url

    current = os.environ.get("DATABASE_URL", "")
    if current.startswith(("postgres://", "postgresql://")):
        # The same server as the developer's database, never the same database.
        config = dj_database_url.parse(current)
        user = config.get("USER") or "postgres"
        host = config.get("HOST") or "127.0.0.1"
        port = config.get("PORT") or 5432
        return f"postgres://{user}@{host}:{port}/newsroom_bench"
    return DEFAULT_DATABASE_URL


def ensure_database(url):
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            say(f"Creating the database {config['NAME']}")
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')
        version = conn.execute("SHOW server_version").fetchone()[0]
    return version


def bench_env(url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PAGE_CACHE", "DATABASE_POOL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.bench.settings",
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        CONN_MAX_AGE="0",
        STATIC_ROOT=str(WORK_DIR / "static"),
        MEDIA_ROOT=str(WORK_DIR / "media"),
        BENCH_CEILING_FILE=str(WORK_DIR / "ceiling.html"),
        LOG_LEVEL="WARNING",
        # Nothing in a request enqueues work the benchmark would have to wait for.
        TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
        PYTHONDONTWRITEBYTECODE="1",
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    if redis_url != "off" and _redis_available(redis_url):
        # Production runs the page cache on Redis; a database of its own keeps FLUSHDB
        # below from touching anyone else's keys.
        env["REDIS_URL"] = redis_url
    return env


def _redis_available(url):
    try:
        import redis  # noqa: F401 - Django's Redis cache needs it
    except ImportError:
        return False
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return False
    return True


def manage(env, *args, capture=False):
    command = [PY, "manage.py", *args]
    if capture:
        return subprocess.run(  # noqa: S603
            # stderr passes through: the seeder's progress lines.
            command,
            cwd=BASE_DIR,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True)  # noqa: S603
    return ""


def probe(env, *args):
    out = WORK_DIR / f"probe-{args[0]}-{env.get('PAGE_CACHE', 'on')}.json"
    subprocess.run(  # noqa: S603
        [PY, "-m", "newsroom.bench.probe", args[0], str(out), *args[1:]],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    return json.loads(out.read_text())


class Server:
    """gunicorn as production runs it, in its own process group so it stops cleanly."""

    def __init__(self, env, *, workers, threads, cache):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **env,
            "DATABASE_POOL": "true",
            # One connection per thread: a worker never waits for the pool.
            "DATABASE_POOL_MIN_SIZE": str(threads),
            "DATABASE_POOL_MAX_SIZE": str(threads),
        }
        if not cache:
            self.env["PAGE_CACHE"] = "off"
        self.log = WORK_DIR / f"gunicorn-{'warm' if cache else 'cold'}.log"
        self.command = [
            str(Path(PY).with_name("gunicorn")),
            "newsroom.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            # gthread keeps connections alive between requests, as a proxy's upstream
            # keepalive would; two threads let one render while the other waits on
            # PostgreSQL.
            "--worker-class=gthread",
            f"--threads={threads}",
            f"--error-logfile={self.log}",
            "--log-level=warning",
            "--graceful-timeout=5",
        ]

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            self.command, cwd=BASE_DIR, env=self.env, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                fetch(self.base_url + "/")
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def fetch(url):
    """(status, headers, body) of a GET; HTTP errors are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def machine_info(postgres_version):
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        memory_kib = 0
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
    import django

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 2**20, 1),
        "load_average_at_start": os.getloadavg(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres_version,
        "wrk": (wrk.stdout or wrk.stderr).split("\n", 1)[0].strip(),
    }


def load_phase(server, paths_files, paths, args, *, cache):
    """wrk over every page kind and the ceiling, against one running server."""
    state = "warm" if cache else "cold"
    figures = {}
    for kind in (*KINDS, "ceiling"):
        status, headers, _body = fetch(server.base_url + paths[kind][0])
        note = "" if status < 400 else f"HTTP {status}"
        # Unmeasured: fills the pool, PostgreSQL's buffers and (warm) the page cache.
        run_wrk(
            base_url=server.base_url,
            paths_file=paths_files[kind],
            seconds=args.warmup,
            connections=args.connections,
        )
        result = run_wrk(
            base_url=server.base_url,
            paths_file=paths_files[kind],
            seconds=args.seconds,
            connections=args.connections,
        )
        result["status"] = status
        result["note"] = note
        result["page_cache"] = headers.get("X-Page-Cache", "")
        figures[kind] = result
        say(
            f"  {state:4} {kind:13} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
            f"p95 {result['p95_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
            f"errors {result['errors'] + result['non_2xx']} {note}"
        )
    return figures


def compare_with_ceiling(bare, warm, paths_files, args):
    """The ceiling (on a server without the page cache) and the warm article page, loaded
    in turns: a drift in the machine's speed then touches both figures of a round alike."""
    rounds = []
    for _ in range(args.rounds):
        ceiling, article = (
            run_wrk(
                base_url=server.base_url,
                paths_file=paths_files[kind],
                seconds=args.round_seconds,
                connections=args.connections,
            )["rps"]
            for server, kind in ((bare, "ceiling"), (warm, "article"))
        )
        rounds.append(
            {"ceiling_rps": ceiling, "article_rps": article, "ratio": round(article / ceiling, 3)}
        )
        say(f"  ceiling {ceiling:8.1f} req/s, warm article {article:8.1f} req/s")
    return {"rounds": rounds, "median_ratio": statistics.median(r["ratio"] for r in rounds)}


def prime(server, paths):
    """One request per address, eight at a time, so the page cache holds them all."""
    urls = [server.base_url + path for kind in KINDS for path in paths[kind]]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda url: fetch(url)[0], urls))
    return len(urls), sum(1 for status in statuses if status >= 400)


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def targets(results, sizes):
    checks = []
    # The bare view on the server without the page cache: the least any Django response
    # costs on this stack, which a stored page should come close to.
    turns = results["warm_vs_ceiling"]
    checks.append(
        {
            "name": (
                "warm article page >= 60% of the bare-view ceiling's throughput (median of "
                f"{len(turns['rounds'])} rounds taking turns)"
            ),
            "value": turns["median_ratio"],
            "threshold": WARM_SHARE_OF_CEILING,
            "pass": turns["median_ratio"] >= WARM_SHARE_OF_CEILING,
        }
    )
    arrival = results["arrival_rate"]
    checks.append(
        {
            "name": (
                f"cold article page p95 < {COLD_ARTICLE_P95_MS} ms at {sizes.articles:,} "
                f"articles (open loop, {ARRIVAL_SHARE:.0%} of cold capacity, median of "
                f"{len(arrival['runs'])} runs)"
            ),
            "value": arrival["p95_ms"],
            "threshold": COLD_ARTICLE_P95_MS,
            "pass": arrival["p95_ms"] is not None
            and arrival["p95_ms"] < COLD_ARTICLE_P95_MS
            and not any(run["errors"] + run["non_2xx"] for run in arrival["runs"]),
            "applies": sizes.articles >= 100_000,
        }
    )
    alone = results["search_alone"]
    checks.append(
        {
            "name": (
                f"search p95 < {SEARCH_P95_MS} ms at {sizes.articles:,} articles (page cache "
                f"off, one reader at a time, {alone['requests']} searches)"
            ),
            "value": alone["p95_ms"],
            "threshold": SEARCH_P95_MS,
            "pass": alone["p95_ms"] is not None
            and alone["p95_ms"] < SEARCH_P95_MS
            and not alone["errors"] + alone["non_2xx"],
            "applies": sizes.articles >= 100_000,
        }
    )
    scanning = sorted(
        kind for kind, plan in results["query_plans"].items() if kind in LISTING_KINDS and plan
    )
    checks.append(
        {
            "name": "no listing query does a sequential scan of articles_article",
            "value": scanning,
            "threshold": [],
            "pass": not scanning,
        }
    )
    checks.append(
        {
            "name": f"make bench end to end in under {TOTAL_MINUTES} minutes",
            "value": round(results["elapsed_seconds"] / 60, 1),
            "threshold": TOTAL_MINUTES,
            "pass": results["elapsed_seconds"] < TOTAL_MINUTES * 60,
        }
    )
    return checks


def table(results):
    lines = []
    sizes = results["sizes"]
    lines.append(
        f"Newsroom benchmark: {sizes['articles']:,} articles over {sizes['years']} years, "
        f"{sizes['comments']:,} comments, {sizes['subscribers']:,} subscribers, "
        f"{sizes['photos']:,} photos; gunicorn {results['server']['workers']} workers x "
        f"{results['server']['threads']} threads, wrk {results['server']['connections']} "
        f"connections, {results['server']['seconds']} s per run"
    )
    header = (
        f"{'page':13} {'cache':5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'queries':>7}  notes"
    )
    lines += [header, "-" * len(header)]
    for kind in KINDS:
        page = results["pages"][kind]
        for state in ("cold", "warm"):
            run = page[state]
            queries = page["queries"].get(state)
            notes = [run["note"]] if run["note"] else []
            if state == "warm" and run.get("page_cache"):
                notes.append(f"X-Page-Cache: {run['page_cache']}")
            if state == "cold" and page.get("seq_scan"):
                notes.append("Seq Scan on articles_article")
            lines.append(
                f"{kind:13} {state:5} {run['rps']:8.1f} {run['p50_ms']:8.1f} "
                f"{run['p95_ms']:8.1f} {run['p99_ms']:8.1f} "
                f"{run['errors'] + run['non_2xx']:7d} {'' if queries is None else queries:>7}  "
                f"{'; '.join(notes)}"
            )
    for server, label, note in (
        ("cold_server", "cold", "bare view, same bytes as an article page: the ceiling"),
        ("warm_server", "warm", "the same, through the page cache middleware"),
    ):
        run = results["ceiling"][server]
        lines.append(
            f"{'ceiling':13} {label:5} {run['rps']:8.1f} {run['p50_ms']:8.1f} "
            f"{run['p95_ms']:8.1f} {run['p99_ms']:8.1f} {run['errors'] + run['non_2xx']:7d} "
            f"{0:>7}  {note}"
        )
    arrival = results["arrival_rate"]
    lines.append(
        f"{'article rate':13} {'cold':5} {arrival['rps']:8.1f} {arrival['p50_ms'] or 0:8.1f} "
        f"{arrival['p95_ms'] or 0:8.1f} {arrival['p99_ms'] or 0:8.1f} "
        f"{arrival['errors'] + arrival['non_2xx']:7d} {'':>7}  open loop at "
        f"{arrival['target_rps']} req/s (latency from scheduled send; client lag p99 "
        f"{arrival['send_lag_p99_ms']} ms)"
    )
    lines.append(
        "  open-loop runs, p95 ms: "
        + ", ".join(f"{run['p95_ms']}" for run in arrival["runs"])
        + " (the row shows the median run)"
    )
    alone = results["search_alone"]
    lines.append(
        f"{'search alone':13} {'cold':5} {'':>8} {alone['p50_ms'] or 0:8.1f} "
        f"{alone['p95_ms'] or 0:8.1f} {'':>8} {alone['errors'] + alone['non_2xx']:7d} "
        f"{'':>7}  one reader at a time, each of the {alone['requests']} searches once "
        f"(max {alone['max_ms']} ms)"
    )
    lines.append(
        "Warm article / ceiling, in turns: "
        + ", ".join(f"{r['ratio']:.3f}" for r in results["warm_vs_ceiling"]["rounds"])
        + f"; median {results['warm_vs_ceiling']['median_ratio']:.3f}"
    )
    plans = results["query_plans"]
    scanned = [kind for kind, found in plans.items() if found]
    lines.append("")
    lines.append(
        "EXPLAIN, sequential scans of articles_article: "
        + (", ".join(scanned) if scanned else f"none (checked: {', '.join(plans)})")
    )
    seeding = results["seeding"]
    lines.append(
        f"Seeding: {'done now' if seeding['seeded_now'] else 'reused'}, "
        f"{seeding['seconds']:.0f} s when it was done"
    )
    lines.append("Targets:")
    for check in results["targets"]:
        verdict = "PASS" if check["pass"] else "FAIL"
        if check.get("applies") is False:
            verdict += " (indicative: the target is for 100,000 articles)"
        lines.append(f"  {verdict}  {check['name']}: {check['value']}")
    lines.append(f"Total: {results['elapsed_seconds'] / 60:.1f} min. Results: {RESULTS}")
    return "\n".join(lines)


def main(argv=None):
    started = time.perf_counter()
    defaults = Sizes()
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    for name in ("articles", "comments", "subscribers", "photos", "years"):
        parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
    parser.add_argument("--seconds", type=int, default=10, help="Measured seconds per run.")
    parser.add_argument("--warmup", type=int, default=2, help="Unmeasured seconds before each.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reseed", action="store_true", help="Seed again even if seeded.")
    parser.add_argument(
        "--rounds", type=int, default=5, help="Turns of ceiling and warm article (the target)."
    )
    parser.add_argument("--round-seconds", type=int, default=4, help="Seconds of each turn.")
    args = parser.parse_args(argv)
    sizes = Sizes(**{name: getattr(args, name) for name in Sizes.__dataclass_fields__})

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run scripts/ensure-wrk (make bench does).")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS.parent.mkdir(exist_ok=True)
    url = database_url()
    postgres_version = ensure_database(url)
    env = bench_env(url)
    say(f"Database: {url}")
    manage(env, "migrate", "--no-input", "-v0")
    seed_args = [f"--{name}={value}" for name, value in vars(sizes).items()]
    seeded_output = manage(
        env, "bench_seed", *seed_args, *(["--reset"] if args.reseed else []), capture=True
    )
    say(seeded_output.strip())
    manage(env, "collectstatic", "--no-input", "-v0")

    picked = probe(env, "paths")
    paths = {**picked["paths"], "ceiling": [CEILING_PATH]}
    paths_files = {}
    for kind, kind_paths in paths.items():
        paths_files[kind] = WORK_DIR / f"paths-{kind}.txt"
        paths_files[kind].write_text("\n".join(kind_paths) + "\n")

    results = {
        "machine": machine_info(postgres_version),
        "sizes": vars(sizes),
        "seeding": {
            "seeded_now": seeded_output.startswith("Seeded"),
            "seconds": round(picked["seeded"]["seconds"], 1),
        },
        "server": {
            "workers": args.workers,
            "threads": args.threads,
            "worker_class": "gthread",
            "database_pool": {"min_size": args.threads, "max_size": args.threads},
            "page_cache_backend": "redis" if "REDIS_URL" in env else "database",
            "connections": args.connections,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
        },
        "paths_per_kind": {kind: len(kind_paths) for kind, kind_paths in paths.items()},
    }

    say("Cold: PAGE_CACHE=off, every request renders")
    with Server(env, workers=args.workers, threads=args.threads, cache=False) as server:
        status, _headers, body = fetch(server.base_url + paths["article"][0])
        if status != 200:
            raise SystemExit(f"The article page {paths['article'][0]} answered {status}.")
        (WORK_DIR / "ceiling.html").write_bytes(body)
        cold = load_phase(server, paths_files, paths, args, cache=False)
        rate = max(1.0, round(ARRIVAL_SHARE * cold["article"]["rps"], 1))
        say(f"  cold article, open loop at {rate} req/s for {args.seconds + 5} s")
        runs = []
        for _ in range(ARRIVAL_RUNS):
            runs.append(
                run_open_loop(
                    host="127.0.0.1",
                    port=server.port,
                    paths=paths["article"],
                    rate=rate,
                    seconds=args.seconds + 5,
                )
            )
            say(f"  -> p50 {runs[-1]['p50_ms']} ms, p95 {runs[-1]['p95_ms']} ms")
        # Last, when the server is warm and nothing else is asking.
        say(f"  every search once, one reader at a time ({len(paths['search'])} searches)")
        search_alone = run_serial(host="127.0.0.1", port=server.port, paths=paths["search"])
        say(f"  -> p50 {search_alone['p50_ms']} ms, p95 {search_alone['p95_ms']} ms")
        # The run with the median p95 stands for all three; a run with no answer at all
        # counts as the slowest.
        ordered = sorted(runs, key=lambda run: math.inf if run["p95_ms"] is None else run["p95_ms"])
        arrival = {**ordered[len(ordered) // 2], "runs": runs}

    say("Warm: page cache on, after one priming request per address")
    if "REDIS_URL" in env:
        flush_redis(env["REDIS_URL"])
    with (
        Server(env, workers=args.workers, threads=args.threads, cache=True) as server,
        Server(env, workers=args.workers, threads=args.threads, cache=False) as bare,
    ):
        primed, failed = prime(server, paths)
        say(f"  primed {primed} addresses ({failed} answered an error)")
        warm = load_phase(server, paths_files, paths, args, cache=True)
        say("Warm article and ceiling in turns")
        results["warm_vs_ceiling"] = compare_with_ceiling(bare, server, paths_files, args)

    say("Queries per request and EXPLAIN plans (in-process)")
    cold_queries = probe(
        {**env, "PAGE_CACHE": "off"}, "queries", str(WORK_DIR / "probe-paths-on.json")
    )
    warm_queries = probe(env, "queries", str(WORK_DIR / "probe-paths-on.json"))

    results["pages"] = {
        kind: {
            "paths": len(paths[kind]),
            "cold": cold[kind],
            "warm": warm[kind],
            "queries": {
                "cold": cold_queries[kind]["queries"],
                "warm": warm_queries[kind]["queries"],
            },
            "seq_scan": cold_queries[kind].get("seq_scan", False),
        }
        for kind in KINDS
    }
    results["ceiling"] = {"cold_server": cold["ceiling"], "warm_server": warm["ceiling"]}
    results["arrival_rate"] = {"page": "article", "cache": "cold", **arrival}
    results["search_alone"] = {"page": "search", "cache": "cold", **search_alone}
    results["query_plans"] = {
        kind: [plan for plan in cold_queries[kind]["plans"] if plan["seq_scan"]]
        for kind in (*KINDS, "archive")
    }
    results["query_plans_checked"] = {
        kind: len(cold_queries[kind]["plans"]) for kind in (*KINDS, "archive")
    }
    results["elapsed_seconds"] = round(time.perf_counter() - started, 1)
    results["targets"] = targets(results, sizes)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n")
    say("")
    say(table(results))
    return 0 if all(check["pass"] for check in results["targets"]) else 1


if __name__ == "__main__":
    sys.exit(main())
