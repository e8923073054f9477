"""The benchmark's open-loop generator (newsroom/bench/loadgen.py) against a tiny server of
its own: what it counts as an error, and what it does not."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsroom.bench.loadgen import run_open_loop


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
