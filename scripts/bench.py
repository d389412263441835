"""`make bench`: every main page under load, pilot and national data, cold and warm cache.

Builds two databases of its own (the pilot data; the pilot plus the synthetic
national dataset), serves each with gunicorn and the production settings on
loopback, and drives each page with wrk next to a trivial view (/healthz) through
the same stack. Writes docs/benchmarks.md. Not part of `make test`.

Usage: python scripts/bench.py [--duration SECONDS] [--quick]
"""

import argparse
import datetime
import gzip
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
WORKERS = 4
CONCURRENCY = [1, 16]
TARGETS = {"pilot": 0.25, "national": 0.10}


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_urls() -> tuple[dict[str, str], object]:
    """A URL per dataset: DATABASE_URL's server, or an embedded PostgreSQL under var/bench-pgdata."""
    names = {"pilot": "pim_bench_pilot", "national": "pim_bench_national"}
    url = os.environ.get("DATABASE_URL")
    import psycopg2

    if url:
        parts = urlsplit(url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        urls = {key: urlunsplit(parts._replace(path="/" + name)) for key, name in names.items()}
        keeper = None
    else:
        import pgserver

        keeper = pgserver.get_server(ROOT / "var" / "bench-pgdata", cleanup_mode="stop")
        info = keeper.get_postmaster_info()
        host = quote(str(info.socket_dir), safe="")
        admin_url = f"postgres://postgres@{host}:{info.port}/postgres"
        urls = {key: f"postgres://postgres@{host}:{info.port}/{name}" for key, name in names.items()}
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        for name in names.values():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return urls, (keeper, version)


def redis_url() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/7"
    except OSError:
        pass
    return None


def base_env(database_url: str, cache_url: str | None) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "REDIS_URL"}}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        HTTPS="false",  # loopback has no TLS; everything else is the production configuration
        ALLOWED_HOSTS="127.0.0.1",
        QUERY_COUNT_HEADER="true",
        # wrk is one client asking thousands of times a second: the API's throttle still
        # runs (its cost is measured) but must not refuse it.
        API_ANONYMOUS_RATE="100000000/minute",
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        DJANGO_SETTINGS_MODULE="pim.settings",
    )
    if cache_url:
        env["REDIS_URL"] = cache_url
    return env


def prepare(env: dict, national: bool) -> float:
    start = time.monotonic()
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "createcachetable"], env)
    run([*manage, "load_pim_data", "-v0"], env)
    generated = 0.0
    if national:
        begun = time.monotonic()
        run([*manage, "generate_benchmark_data"], env)
        generated = time.monotonic() - begun
    run([*manage, "collectstatic", "--noinput", "-v0"], env)
    print(f"  prepared in {time.monotonic() - start:.0f} s")
    return generated


def clear_cache(env: dict) -> None:
    run(
        [PYTHON, "-c", "import django; django.setup(); from django.core.cache import cache; cache.clear()"],
        env,
    )


def fetch(url: str, headers: dict | None = None) -> tuple[bytes, dict, float]:
    request = urllib.request.Request(url, headers=headers or {})
    begun = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        return body, dict(response.headers), time.monotonic() - begun


def page_weight(base: str, path: str) -> tuple[int, int]:
    """Bytes on the wire, gzip: first view (HTML and every static file it names) and repeat view
    (the HTML only: static files are hashed and cached as immutable)."""
    body, headers, _ = fetch(base + path, {"Accept-Encoding": "gzip"})
    html = body if headers.get("Content-Encoding") == "gzip" else gzip.compress(body)
    text = (
        gzip.decompress(html).decode("utf-8", "replace")
        if headers.get("Content-Encoding") == "gzip"
        else body.decode()
    )
    first = len(html)
    for asset in sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', text))):
        data, asset_headers, _ = fetch(base + asset, {"Accept-Encoding": "gzip"})
        first += len(data) if asset_headers.get("Content-Encoding") == "gzip" else len(gzip.compress(data))
    return first, len(html)


def wrk(url: str, connections: int, duration: int) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(2, connections)),
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(percent: str) -> float:
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def worker_rss(server: subprocess.Popen) -> float:
    import psutil

    children = psutil.Process(server.pid).children()
    return max((child.memory_info().rss for child in children), default=0) / 1024 / 1024


def pages(dataset: str, env: dict) -> dict[str, str]:
    edition = "pilotaz-2017-2019" if dataset == "pilot" else "bench-10"
    code = (
        "import django; django.setup()\n"
        "from networks.models import Edition\n"
        "from cities.models import Membership\n"
        f"e = Edition.objects.get(slug={edition!r})\n"
        "n = e.networks.order_by('position').first()\n"
        "m = Membership.objects.filter(network=n).select_related('member').first().member\n"
        "s = e.surveys.first()\n"
        "print(e.slug, n.get_absolute_url(), m.get_absolute_url(), s.get_absolute_url(), n.pk, sep='|')\n"
    )
    output = run([PYTHON, "-c", code], env, capture_output=True, text=True).stdout
    slug, network, member, survey, network_id = output.strip().splitlines()[-1].split("|")
    listing = f"/czlonkowie/?edition={slug}"
    last_page = {"pilot": 1, "national": 100}[dataset]
    return {
        "trivial view (/healthz)": "/healthz",
        "dashboard": f"/?edition={slug}",
        "network page": network,
        "members list, page 1": listing,
        f"members list, last page ({last_page})": f"{listing}&page={last_page}",
        "members list, filtered": f"{listing}&network={network_id}&status=complete",
        "member card": member,
        "survey results, all": survey,
        "survey results, filtered": f"{survey}?role=coordinator",
        "map": f"/mapa/?edition={slug}",
        "CSV export (edition)": f"/czlonkowie/eksport.csv?edition={slug}",
        "site search, a city": "/szukaj/?q=zdunska+wola",
        "site search, a word every member shares": "/szukaj/?q=gmina",
        "document library": f"/dokumenty/?edition={slug}",
        "edition report": f"/raport/{slug}/",
        "API: members collection": f"/api/v1/members/?edition={slug}",
        "API: survey results, filtered": survey.replace("/ankiety/", "/api/v1/surveys/", 1)
        + "results/?role=coordinator",
    }


LOAD_SECONDS = 60
LOAD_PAGES = ["/", "/czlonkowie/", "/czlonkowie/torun/", "/ankiety/pilotaz-2017-2019/ankieta-sierpien-2019/"]


def load_test(base: str, server: subprocess.Popen) -> dict:
    """64 clients for 60 s over the main pages at once: errors and memory before and after."""
    before = worker_rss(server)
    processes = [
        subprocess.Popen(
            [
                "wrk",
                "-t",
                "1",
                "-c",
                str(64 // len(LOAD_PAGES)),
                "-d",
                f"{LOAD_SECONDS}s",
                "--latency",
                base + path,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for path in LOAD_PAGES
    ]
    middle = []
    time.sleep(LOAD_SECONDS / 2)
    middle.append(worker_rss(server))
    outputs = [process.communicate()[0] for process in processes]
    after = worker_rss(server)
    requests = sum(int(re.search(r"(\d+) requests in", output).group(1)) for output in outputs)
    errors = sum(
        int(m.group(1)) for output in outputs for m in re.finditer(r"Non-2xx or 3xx responses: (\d+)", output)
    )
    socket_errors = sum(1 for output in outputs if "Socket errors" in output)
    p99 = max(
        float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
        for output in outputs
        for value, unit in re.findall(r"\s99%\s+([\d.]+)(us|ms|s)", output)
    )
    return {
        "requests": requests,
        "errors": errors,
        "socket_errors": socket_errors,
        "p99": p99,
        "rss_before": before,
        "rss_middle": middle[0],
        "rss_after": after,
    }


PROFILE = """
import sys
import django
django.setup()
from django.core.cache import cache
from django.test import Client
from pyinstrument import Profiler
cache.clear()
profiler = Profiler(interval=0.0005)
profiler.start()
Client().get(sys.argv[1], HTTP_HOST="127.0.0.1")
profiler.stop()
print(profiler.output_text(unicode=False, color=False))
"""


def profile_cold(env: dict, path: str) -> str:
    """Where the time of one request with an empty cache goes (pyinstrument)."""
    output = run([PYTHON, "-c", PROFILE, path], env, capture_output=True, text=True).stdout
    lines = [line for line in output.splitlines() if line.strip()]
    return "\n".join(lines[:45])


def bench_dataset(dataset: str, env: dict, duration: int) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "pim.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        rss = 0.0
        for name, path in pages(dataset, env).items():
            clear_cache(env)
            _, headers, cold_seconds = fetch(base + path)
            queries = int(headers.get("X-Query-Count", "0"))
            clear_cache(env)
            cold = wrk(base + path, 16, max(2, duration // 2))
            warm = {c: wrk(base + path, c, duration) for c in CONCURRENCY}
            _, warm_headers, _ = fetch(base + path)
            first, repeat = page_weight(base, path) if "export" not in name else (0, 0)
            rss = max(rss, worker_rss(server))
            results[name] = {
                "path": path,
                "queries_cold": queries,
                "queries_warm": int(warm_headers.get("X-Query-Count", 0)),
                "cold_single_ms": cold_seconds * 1000,
                "cold": cold,
                "warm": warm,
                "first_kb": first / 1024,
                "repeat_kb": repeat / 1024,
            }
            print(
                f"  {name}: {warm[16]['rps']:.0f} req/s at 16, p99 {warm[16]['p99']:.0f} ms, "
                f"{results[name]['queries_warm']} queries"
            )
        results["_rss_mb"] = rss
        if dataset == "national":
            results["_profile"] = profile_cold(env, pages(dataset, env)["dashboard"])
        if dataset == "pilot":
            results["_load"] = load_test(base, server)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(all_results: dict, meta: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {meta['date']} by `make bench` on {meta['machine']}; Python {meta['python']}, "
        f"Django {meta['django']}, PostgreSQL {meta['postgres']}, gunicorn {WORKERS} sync workers, "
        f"cache: {meta['cache']}. Load from wrk on loopback, {meta['duration']} s per run.",
        "",
        'Throughput is given as a ratio to the trivial view (/healthz, plain text "ok" through the same',
        "gunicorn, middleware and settings) measured in the same run. *Cold*: the cache emptied just",
        "before (the first request computes and caches the survey figures). Queries: SQL per request,",
        "from the X-Query-Count header. Weight: bytes on the wire with gzip, first view (HTML and every",
        "static file it names) and repeat view (HTML only; static files are hashed and immutable).",
        "",
    ]
    verdicts = []
    load = None
    profile = None
    for dataset, results in all_results.items():
        rss = results.pop("_rss_mb")
        profile = results.pop("_profile", profile)
        load = results.pop("_load", load)
        baseline = results["trivial view (/healthz)"]["warm"][16]["rps"]
        target = TARGETS[dataset]
        lines += [
            f"## {dataset.capitalize()} data",
            "",
            "| page | req/s @16 warm | ratio | p50 / p99 ms @16 warm | req/s @1 warm | p99 ms @16 cold | "
            "queries cold / warm | first / repeat KB gzip |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, row in results.items():
            warm16, warm1, cold = row["warm"][16], row["warm"][1], row["cold"]
            ratio = warm16["rps"] / baseline if baseline else 0
            weight = f"{row['first_kb']:.0f} / {row['repeat_kb']:.0f}" if row["first_kb"] else "–"
            lines.append(
                f"| {name} | {warm16['rps']:.0f} | {ratio:.2f} | {warm16['p50']:.1f} / {warm16['p99']:.1f} | "
                f"{warm1['rps']:.0f} | {cold['p99']:.0f} | "
                f"{row['queries_cold']} / {row['queries_warm']} | {weight} |"
            )
            if name.startswith("trivial") or "export" in name:
                continue
            if ratio < target:
                verdicts.append(f"{dataset}: {name} at {ratio:.2f} of the trivial view (target {target})")
            if dataset == "national" and cold["p99"] >= 250:
                verdicts.append(f"national: {name} p99 cold {cold['p99']:.0f} ms (target < 250 ms)")
            if row["queries_warm"] > 10:
                verdicts.append(f"{dataset}: {name} makes {row['queries_warm']} queries (target ≤ 10)")
            if name == "dashboard" and (row["first_kb"] > 600 or row["repeat_kb"] > 40):
                verdicts.append(
                    f"{dataset}: dashboard weighs {row['first_kb']:.0f} / {row['repeat_kb']:.0f} KB"
                )
            if warm16["errors"]:
                verdicts.append(f"{dataset}: {name} answered {warm16['errors']} requests with errors")
        lines += ["", f"Largest gunicorn worker: {rss:.0f} MB RSS (target < 150 MB).", ""]
        if rss >= 150:
            verdicts.append(f"{dataset}: a worker reached {rss:.0f} MB")
    if load:
        lines += [
            f"## Load: 64 clients for {LOAD_SECONDS} s, pilot data",
            "",
            "Four wrk processes of 16 connections each, at once, on the dashboard, the members list, "
            f"a member card and the survey results: {load['requests']} requests, {load['errors']} answered "
            f"with an error status, socket errors reported by {load['socket_errors']} of 4 runs, "
            f"p99 {load['p99']:.0f} ms. "
            f"Largest worker: {load['rss_before']:.0f} MB before, {load['rss_middle']:.0f} MB half-way, "
            f"{load['rss_after']:.0f} MB after.",
            "",
        ]
        if load["errors"]:
            verdicts.append(f"load test: {load['errors']} error responses")
    lines += ["## Targets", ""]
    lines += [f"- missed: {verdict}" for verdict in verdicts] or ["- every target met in this run."]
    if profile:
        lines += [
            "",
            "## Where a cold request's time goes",
            "",
            "The national dashboard with an empty cache, one request, profiled with pyinstrument (the",
            "survey figures of 10,000 responses × 30 answers are computed by PostgreSQL, then cached;",
            "every later request, and every visitor's page, comes from the cache):",
            "",
            "```",
            profile,
            "```",
        ]
    if "generation_s" in meta:
        lines += ["", f"Generating the national dataset took {meta['generation_s']:.0f} s (COPY)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5, help="Seconds per wrk run.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk); `make bench` installs it.")
    urls, (keeper, postgres_version) = database_urls()
    cache_url = redis_url()
    meta = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
        "python": platform.python_version(),
        "django": __import__("django").get_version(),
        "postgres": postgres_version,
        "cache": "Redis" if cache_url else "PostgreSQL table",
        "duration": args.duration,
    }
    all_results = {}
    for dataset in ("pilot", "national"):
        print(f"{dataset}:")
        env = base_env(urls[dataset], cache_url)
        generated = prepare(env, national=dataset == "national")
        if generated:
            meta["generation_s"] = generated
        all_results[dataset] = bench_dataset(dataset, env, args.duration)
    out = ROOT / "docs" / "benchmarks.md"
    out.write_text(report(all_results, meta), "utf-8")
    print(f"wrote {out}")
    del keeper


if __name__ == "__main__":
    main()
