"""The benchmark's open-loop generator and one-reader-at-a-time runner
(newsroom/bench/loadgen.py) against a tiny server of their own: what they count as an
error, and what they do not."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsroom.bench.loadgen import run_open_loop, run_serial


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Set per server: close each connection after one answer without saying so, as a
    # server does with a kept-alive connection that sat idle too long.
    drops_idle_connections = False
    status = 200

    def do_GET(self):
        body = b"ok"
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = self.drops_idle_connections

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    servers = []

    def start(**behaviour):
        handler = type("Handler", (_Handler,), behaviour)
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return httpd.server_address[1]

    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def test_a_kept_alive_connection_the_server_closed_is_not_an_error(server):
    port = server(drops_idle_connections=True)

    result = run_open_loop(host="127.0.0.1", port=port, paths=["/"], rate=40, seconds=1)

    assert result["requests"] == 40
    assert result["errors"] == 0
    assert result["non_2xx"] == 0


def test_answers_and_failures_are_counted(server):
    port = server(status=503)

    answered = run_open_loop(host="127.0.0.1", port=port, paths=["/"], rate=20, seconds=1)
    refused = run_open_loop(host="127.0.0.1", port=1, paths=["/"], rate=20, seconds=1)

    assert (answered["requests"], answered["errors"], answered["non_2xx"]) == (20, 0, 20)
    assert (refused["requests"], refused["errors"], refused["p95_ms"]) == (20, 20, None)


@pytest.mark.parametrize("drops_idle_connections", [False, True])
def test_one_reader_at_a_time_times_every_request(server, drops_idle_connections):
    port = server(drops_idle_connections=drops_idle_connections)

    result = run_serial(host="127.0.0.1", port=port, paths=["/a", "/b", "/c"])

    assert (result["requests"], result["errors"], result["non_2xx"]) == (3, 0, 0)
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]


def test_one_reader_at_a_time_counts_refusals(server):
    port = server(status=404)

    answered = run_serial(host="127.0.0.1", port=port, paths=["/gone"] * 2)
    refused = run_serial(host="127.0.0.1", port=1, paths=["/"] * 2)

    assert (answered["errors"], answered["non_2xx"]) == (0, 2)
    assert (refused["errors"], refused["p95_ms"]) == (2, None)
