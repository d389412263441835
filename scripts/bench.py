"""`make bench`: every main page under load, pilot and national data, cold and warm cache.

Builds two databases of its own (the pilot data; the pilot plus the synthetic
national dataset), serves each with gunicorn and the production settings on
loopback, and drives each page with wrk next to a trivial view (/healthz) through
the same stack: as a visitor, as signed-in ministry staff and as a city editor (a
session cookie of each). Then the members exports (CSV, XLSX, all rows), the imports
(scripts/bench_imports.py, when present) and Lighthouse (scripts/lighthouse.py, when
present). Writes docs/benchmarks.md. Not part of `make test`.

Usage: python scripts/bench.py [--duration SECONDS] [--no-lighthouse] [--no-imports]
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
import statistics
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
TARGETS = {"pilot": 0.25, "national": 0.10}  # visitors' pages (whole from the cache), ratio to /healthz
# Issue 12: signed-in pages (no whole-page cache), per dataset.
SIGNED_IN_RATIO = {"pilot": 0.15, "national": 0.10}
SERVER_MS_AT_1 = {"pilot": 10, "national": 25}  # median, one client
COLD_P99_MS = {"pilot": 150, "national": 250}  # every page, 16 clients, cache emptied
EXPORT_MS = {"pilot": 100, "national": 300}  # members list, all rows, CSV and XLSX
MAX_QUERIES = 10
ROLES = {"staff": "ministry staff", "editor": "city editor"}


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


def wrk(url: str, connections: int, duration: int, cookie: str = "") -> dict:
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
            *(["-H", f"Cookie: {cookie}"] if cookie else []),
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
    found = {
        "trivial view (/healthz)": "/healthz",
        "dashboard": f"/?edition={slug}",
        "editions (/program/)": "/program/",
        "networks list": f"/sieci/?edition={slug}",
        "network page": network,
        "members list, page 1": listing,
        f"members list, last page ({last_page})": f"{listing}&page={last_page}",
        "members list, filtered": f"{listing}&network={network_id}&status=complete",
        "member card": member,
        "survey results, all": survey,
        "survey results, filtered": f"{survey}?role=coordinator",
        "map": f"/mapa/?edition={slug}",
        "recommendations": f"/zalecenia/?edition={slug}",
        "CSV export (edition)": f"/czlonkowie/eksport.csv?edition={slug}",
        "site search, a city": "/szukaj/?q=zdunska+wola",
        "site search, a word every member shares": "/szukaj/?q=gmina",
        "document library": f"/dokumenty/?edition={slug}",
        "edition report": f"/raport/{slug}/",
        "API: members collection": f"/api/v1/members/?edition={slug}",
        "API: survey results, filtered": survey.replace("/ankiety/", "/api/v1/surveys/", 1)
        + "results/?role=coordinator",
    }
    if (ROOT / "library" / "urls.py").exists():  # the site search, once it is part of the site
        found["search (/szukaj/)"] = "/szukaj/?q=rewitalizacja"
    return found


# The pages a signed-in user's rows measure: every main page (no API, no export).
SIGNED_IN_SKIPPED = ("trivial", "API", "export")
SIGN_IN = """
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from cities.models import Member
from networks.roles import MINISTRY_STAFF_GROUP
users = get_user_model()
staff, _ = users.objects.get_or_create(username="bench-staff", defaults={"email": "staff@example.gov.pl"})
staff.groups.add(Group.objects.get(name=MINISTRY_STAFF_GROUP))
editor, _ = users.objects.get_or_create(username="bench-editor", defaults={"email": "editor@example.pl"})
Member.objects.get(slug=sys.argv[1]).editors.add(editor)
for name, user in (("staff", staff), ("editor", editor)):
    client = Client()
    client.force_login(user)
    print(name, client.cookies["sessionid"].value)
"""


def sign_in(env: dict, member_path: str) -> dict[str, str]:
    """{"staff"|"editor": Cookie header} of a ministry staff member and of the editor of the
    member whose card is measured (so the editor's card has its edit links)."""
    slug = member_path.rstrip("/").rsplit("/", 1)[-1]
    output = run([PYTHON, "-c", SIGN_IN, slug], env, capture_output=True, text=True).stdout
    cookies = dict(line.split() for line in output.strip().splitlines()[-2:])
    return {role: f"sessionid={cookies[role]}" for role in ROLES}


def measure_page(base: str, path: str, env: dict, duration: int, cookie: str = "") -> dict:
    """Queries with an empty cache and warm, cold p99 at 16 clients, warm runs at 1 and 16."""
    headers = {"Cookie": cookie} if cookie else {}
    clear_cache(env)
    _, headers_cold, cold_seconds = fetch(base + path, headers)
    clear_cache(env)
    cold = wrk(base + path, 16, max(2, duration // 2), cookie)
    warm = {c: wrk(base + path, c, duration, cookie) for c in CONCURRENCY}
    _, warm_headers, _ = fetch(base + path, headers)
    return {
        "path": path,
        "queries_cold": int(headers_cold.get("X-Query-Count", "0")),
        "queries_warm": int(warm_headers.get("X-Query-Count", 0)),
        "cold_single_ms": cold_seconds * 1000,
        "cold": cold,
        "warm": warm,
    }


def export_times(base: str, slug: str, cookie: str, env: dict, repeat: int = 5) -> dict[str, dict]:
    """The members list's exports, all rows of the edition, as ministry staff export them:
    median and slowest of `repeat` downloads, one at a time, and their size. The cache is
    emptied before each, so that each file is built, not the copy kept until the data change."""
    rows = {}
    for file_format in ("csv", "xlsx"):
        path = f"/czlonkowie/eksport.{file_format}?edition={slug}"
        times, size = [], 0
        for _ in range(repeat):
            clear_cache(env)
            body, _, seconds = fetch(base + path, {"Cookie": cookie})
            times.append(seconds * 1000)
            size = len(body)
        rows[f"members {file_format.upper()} export (all rows of the edition)"] = {
            "path": path,
            "median_ms": statistics.median(times),
            "max_ms": max(times),
            "kb": size / 1024,
        }
    return rows


def bench_imports(env: dict) -> str | None:
    """scripts/bench_imports.py's table (imports and exports timed in a transaction that is
    rolled back), when that script is part of the site; None otherwise."""
    script = ROOT / "scripts" / "bench_imports.py"
    if not script.exists():
        return None
    result = subprocess.run([PYTHON, str(script)], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        return f"bench_imports.py failed ({result.returncode}):\n\n```\n{result.stderr[-2000:]}\n```"
    return result.stdout.strip()


def lighthouse(base: str) -> str | None:
    """scripts/lighthouse.py's table for the main pages, when that script is part of the site
    and Lighthouse is installed; None otherwise."""
    script = ROOT / "scripts" / "lighthouse.py"
    if not script.exists():
        return None
    result = subprocess.run(
        [PYTHON, str(script), "--base", base], cwd=ROOT, capture_output=True, text=True, timeout=1800
    )
    if result.returncode:
        return f"lighthouse.py failed ({result.returncode}): {(result.stderr or result.stdout)[-500:]}"
    return result.stdout.strip()


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


def bench_dataset(dataset: str, env: dict, duration: int, options: argparse.Namespace) -> dict:
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
        found = pages(dataset, env)
        for name, path in found.items():
            results[name] = measure_page(base, path, env, duration)
            first, repeat = page_weight(base, path) if "export" not in name else (0, 0)
            results[name].update(first_kb=first / 1024, repeat_kb=repeat / 1024)
            rss = max(rss, worker_rss(server))
            warm = results[name]["warm"]
            print(
                f"  {name}: {warm[16]['rps']:.0f} req/s at 16, p99 {warm[16]['p99']:.0f} ms, "
                f"{results[name]['queries_warm']} queries"
            )
        cookies = sign_in(env, found["member card"])
        signed_in = {}
        for role, cookie in cookies.items():
            signed_in[role] = {}
            for name, path in found.items():
                if any(word in name for word in SIGNED_IN_SKIPPED):
                    continue
                row = signed_in[role][name] = measure_page(base, path, env, duration, cookie)
                rss = max(rss, worker_rss(server))
                print(
                    f"  {role}: {name}: {row['warm'][16]['rps']:.0f} req/s at 16, "
                    f"p50 at 1 {row['warm'][1]['p50']:.1f} ms, {row['queries_warm']} queries"
                )
        results["_signed_in"] = signed_in
        slug = found["dashboard"].split("=", 1)[1]
        results["_exports"] = export_times(base, slug, cookies["staff"], env)
        results["_rss_mb"] = rss
        if dataset == "national":
            results["_profile"] = profile_cold(env, found["dashboard"])
            if not options.no_imports:
                results["_imports"] = bench_imports(env) or (
                    "scripts/bench_imports.py is not part of this checkout: the imports were not measured."
                )
        if dataset == "pilot":
            results["_load"] = load_test(base, server)
            if not options.no_lighthouse:
                results["_lighthouse"] = lighthouse(base) or (
                    "scripts/lighthouse.py is not part of this checkout: Lighthouse was not run."
                )
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def page_table(results: dict, baseline: float, weights: bool) -> list[str]:
    header = (
        "| page | req/s @16 warm | ratio | p50 / p99 ms @16 warm | req/s @1 warm | p50 ms @1 warm | "
        "p99 ms @16 cold | queries cold / warm |"
    )
    lines = [header + (" first / repeat KB gzip |" if weights else ""), "|---" * (9 if weights else 8) + "|"]
    for name, row in results.items():
        warm16, warm1, cold = row["warm"][16], row["warm"][1], row["cold"]
        ratio = warm16["rps"] / baseline if baseline else 0
        line = (
            f"| {name} | {warm16['rps']:.0f} | {ratio:.2f} | {warm16['p50']:.1f} / {warm16['p99']:.1f} | "
            f"{warm1['rps']:.0f} | {warm1['p50']:.1f} | {cold['p99']:.0f} | "
            f"{row['queries_cold']} / {row['queries_warm']} |"
        )
        if weights:
            line += f" {row['first_kb']:.0f} / {row['repeat_kb']:.0f} |" if row.get("first_kb") else " – |"
        lines.append(line)
    return lines


def page_verdicts(dataset: str, who: str, results: dict, baseline: float, ratio_target: float) -> list[str]:
    verdicts = []
    for name, row in results.items():
        if name.startswith("trivial"):
            continue
        warm16, warm1, cold = row["warm"][16], row["warm"][1], row["cold"]
        label = f"{dataset}, {who}: {name}"
        if cold["p99"] >= COLD_P99_MS[dataset]:
            verdicts.append(f"{label}: p99 cold {cold['p99']:.0f} ms (target < {COLD_P99_MS[dataset]} ms)")
        if "export" in name:
            continue
        ratio = warm16["rps"] / baseline if baseline else 0
        if ratio < ratio_target:
            verdicts.append(f"{label} at {ratio:.2f} of the trivial view (target {ratio_target})")
        if who != "visitor" and warm1["p50"] > SERVER_MS_AT_1[dataset]:
            verdicts.append(
                f"{label}: {warm1['p50']:.1f} ms at one client (target ≤ {SERVER_MS_AT_1[dataset]} ms)"
            )
        if row["queries_warm"] > MAX_QUERIES:
            verdicts.append(f"{label} makes {row['queries_warm']} queries (target ≤ {MAX_QUERIES})")
        if warm16["errors"]:
            verdicts.append(f"{label} answered {warm16['errors']} requests with errors")
    return verdicts


def report(all_results: dict, meta: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {meta['date']} by `make bench` on {meta['machine']}; Python {meta['python']}, "
        f"Django {meta['django']}, PostgreSQL {meta['postgres']}, gunicorn {WORKERS} sync workers, "
        f"cache: {meta['cache']}. Load from wrk on loopback, {meta['duration']} s per run. "
        f"Code: commit {meta['commit']}. Load average (1, 5, 15 min) before the run: {meta['load']}; "
        f"after: {meta['load_after']}.",
        "",
        'Throughput is given as a ratio to the trivial view (/healthz, plain text "ok" through the same',
        "gunicorn, middleware and settings) measured in the same run. *Cold*: the cache emptied just",
        "before (the first requests compute and cache the survey figures and the pages' shared parts).",
        "*p50 ms @1*: the median time of a request with one client, i.e. the server's time for it.",
        "Queries: SQL per request, from the X-Query-Count header (cold: the first request after the",
        "cache was emptied, with the session read from the database and the survey figures computed).",
        "Weight: bytes on the wire with gzip, first view (HTML and every static file it names) and",
        "repeat view (HTML only; static files are hashed and immutable).",
        "",
        "Visitors' pages come whole from the cache (pim/page_cache.py). A signed-in user's page is",
        "rendered for each request: their header, and what only their role sees, around the parts",
        "that are the same for everyone (pim/fragments.py), which come from the cache keyed on the",
        "data version, language, address and role.",
        "",
    ]
    verdicts = []
    load = None
    profile = None
    extras = []
    for dataset, results in all_results.items():
        rss = results.pop("_rss_mb")
        profile = results.pop("_profile", profile)
        load = results.pop("_load", load)
        signed_in = results.pop("_signed_in", {})
        exports = results.pop("_exports", {})
        imports = results.pop("_imports", None)
        lighthouse_table = results.pop("_lighthouse", None)
        baseline = results["trivial view (/healthz)"]["warm"][16]["rps"]
        lines += [f"## {dataset.capitalize()} data", "", "### Visitors", ""]
        lines += page_table(results, baseline, weights=True)
        verdicts += page_verdicts(dataset, "visitor", results, baseline, TARGETS[dataset])
        for name, row in results.items():
            if name == "dashboard" and (row["first_kb"] > 600 or row["repeat_kb"] > 40):
                verdicts.append(
                    f"{dataset}: dashboard weighs {row['first_kb']:.0f} / {row['repeat_kb']:.0f} KB"
                )
        for role, rows in signed_in.items():
            lines += ["", f"### Signed in: {ROLES[role]}", ""]
            lines += page_table(rows, baseline, weights=False)
            verdicts += page_verdicts(dataset, ROLES[role], rows, baseline, SIGNED_IN_RATIO[dataset])
        if exports:
            lines += [
                "",
                "### Exports (ministry staff, one at a time, 5 downloads, each built: cache emptied before)",
                "",
                "| export | median ms | slowest ms | size KB |",
                "|---|---|---|---|",
            ]
            for name, row in exports.items():
                lines.append(f"| {name} | {row['median_ms']:.0f} | {row['max_ms']:.0f} | {row['kb']:.0f} |")
                if row["median_ms"] > EXPORT_MS[dataset]:
                    verdicts.append(
                        f"{dataset}: {name}: {row['median_ms']:.0f} ms (target ≤ {EXPORT_MS[dataset]} ms)"
                    )
        lines += ["", f"Largest gunicorn worker: {rss:.0f} MB RSS (target < 150 MB).", ""]
        if rss >= 150:
            verdicts.append(f"{dataset}: a worker reached {rss:.0f} MB")
        if imports:
            extras += [
                "## Imports and exports in one process, national size (scripts/bench_imports.py)",
                "",
                imports,
                "",
            ]
        if lighthouse_table:
            extras += ["## Lighthouse, pilot data (scripts/lighthouse.py)", "", lighthouse_table, ""]
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
    lines += extras
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
    parser.add_argument("--no-lighthouse", action="store_true", help="Skip Lighthouse (minutes).")
    parser.add_argument("--no-imports", action="store_true", help="Skip the import timings.")
    parser.add_argument("--datasets", default="pilot,national", help="Which datasets, comma-separated.")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "docs" / "benchmarks.md", help="Where to write."
    )
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
        "load": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        or "unknown",
    }
    all_results = {}
    for dataset in args.datasets.split(","):
        print(f"{dataset}:")
        env = base_env(urls[dataset], cache_url)
        generated = prepare(env, national=dataset == "national")
        if generated:
            meta["generation_s"] = generated
        all_results[dataset] = bench_dataset(dataset, env, args.duration, args)
    meta["load_after"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    out = args.output
    out.write_text(report(all_results, meta), "utf-8")
    print(f"wrote {out}")
    del keeper


if __name__ == "__main__":
    main()
