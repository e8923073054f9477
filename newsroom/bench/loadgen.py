"""The ways `make bench` loads the server: wrk at a fixed concurrency, an open-loop
generator at a fixed arrival rate, and one reader at a time (how long a search takes when
nobody else is asking).

wrk is closed-loop: each connection waits for its answer before asking again, so a slow
server is asked less often and its worst moments hide (coordinated omission). The open-loop
generator sends on a fixed schedule whatever the server does, and times each request from
the moment it was due, so queueing shows up in the latency as readers would feel it.
"""

import asyncio
import http.client
import json
import math
import subprocess
import time
from pathlib import Path

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")
WRK_PREFIX = "WRK_JSON "


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    index = max(0, math.ceil(p / 100 * len(sorted_values)) - 1)
    return sorted_values[index]


def run_wrk(*, base_url, paths_file, seconds, connections, threads=2, timeout=10):
    """wrk against base_url, rotating through the paths in paths_file; figures as a dict."""
    command = [
        "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--timeout={timeout}s",
        f"--script={WRK_SCRIPT}",
        base_url,
        "--",
        str(paths_file),
    ]
    result = subprocess.run(  # noqa: S603 - our own arguments
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith(WRK_PREFIX)), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    raw = json.loads(line[len(WRK_PREFIX) :])
    duration = raw["duration_us"] / 1e6
    errors = raw["errors"]
    latency = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "seconds": round(duration, 2),
        "rps": round(raw["requests"] / duration, 1) if duration else 0.0,
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p95_ms": round(latency["p95"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        # Socket-level failures; answers that are not 2xx or 3xx are counted apart.
        "errors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        "non_2xx": errors["status"],
        "bytes_per_request": round(raw["bytes"] / raw["requests"]) if raw["requests"] else 0,
    }


def run_serial(*, host, port, paths, timeout=30):
    """Each path once, one after the other over one kept-alive connection; figures as a dict.

    Each request is timed from sending to the last byte of the answer. As in the open loop,
    a request the server never answered because it had closed the idle connection is sent
    again on a new one.
    """
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    latencies, errors, non_2xx = [], 0, 0

    def get(path):
        connection.request("GET", path, headers={"User-Agent": "newsroom-bench"})
        response = connection.getresponse()
        response.read()
        return response.status

    try:
        for path in paths:
            started = time.perf_counter()
            try:
                try:
                    status = get(path)
                except (http.client.RemoteDisconnected, ConnectionError):
                    connection.close()
                    status = get(path)
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()  # the next request connects again
                continue
            latencies.append(time.perf_counter() - started)
            non_2xx += status >= 400
    finally:
        connection.close()
    latencies.sort()
    return {
        "requests": len(paths),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2) if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 2) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else None,
        "errors": errors,
        "non_2xx": non_2xx,
    }


class _Connection:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer


async def _request(pool, host, port, path):
    """One GET over a kept-alive connection; returns the status code.

    A kept-alive connection the server has since closed (gunicorn lets an idle one go after
    a couple of seconds) fails before any answer arrives: the request is sent again on a
    new connection, as browsers and proxies do, rather than counted as an error.
    """
    connection = pool.pop() if pool else None
    if connection is not None:
        try:
            return await _exchange(connection, pool, host, port, path)
        except (ConnectionError, asyncio.IncompleteReadError) as error:
            if isinstance(error, asyncio.IncompleteReadError) and error.partial:
                raise
            connection.writer.close()
    reader, writer = await asyncio.open_connection(host, port)
    return await _exchange(_Connection(reader, writer), pool, host, port, path)


async def _exchange(connection, pool, host, port, path):
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: newsroom-bench\r\n\r\n"
    connection.writer.write(request.encode())
    head = await connection.reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for header in lines[1:]:
        if ":" in header:
            name, value = header.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await connection.reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await connection.reader.readline()).split(b";")[0], 16)
            await connection.reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await connection.reader.read()
        headers["connection"] = "close"
    if headers.get("connection", "").lower() == "close":
        connection.writer.close()
    else:
        pool.append(connection)
    return status


async def _open_loop(*, host, port, paths, rate, seconds, timeout):
    loop = asyncio.get_running_loop()
    pool, results, tasks = [], [], []
    total = int(rate * seconds)
    start = loop.time() + 0.2
    lags = []

    async def one(index, due):
        path = paths[index % len(paths)]
        lags.append(loop.time() - due)
        try:
            status = await asyncio.wait_for(_request(pool, host, port, path), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            status = None
        # Timed from when it was due, not from when it went out.
        results.append((loop.time() - due, status))

    for index in range(total):
        due = start + index / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index, due)))
    await asyncio.gather(*tasks)
    elapsed = loop.time() - start
    for connection in pool:
        connection.writer.close()
    return results, elapsed, lags


def run_open_loop(*, host, port, paths, rate, seconds, timeout=10):
    """Requests at `rate` per second for `seconds`, whatever the answers; figures as a dict."""
    started = time.perf_counter()
    results, elapsed, lags = asyncio.run(
        _open_loop(host=host, port=port, paths=paths, rate=rate, seconds=seconds, timeout=timeout)
    )
    latencies = sorted(latency for latency, status in results if status is not None)
    errors = sum(1 for _latency, status in results if status is None)
    non_2xx = sum(1 for _latency, status in results if status is not None and status >= 400)
    lags.sort()
    return {
        "target_rps": round(rate, 1),
        "requests": len(results),
        "seconds": round(time.perf_counter() - started, 2),
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 2) if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 99) * 1000, 2) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else None,
        "errors": errors,
        "non_2xx": non_2xx,
        # How late the generator itself sent (a busy client machine); already counted in
        # the latencies above, reported so a slow client is not mistaken for a slow server.
        "send_lag_p99_ms": round(percentile(lags, 99) * 1000, 2) if lags else None,
    }
