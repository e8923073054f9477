"""A real SMTP server on loopback (aiosmtpd in a thread) that records what it accepts.

The sending engine talks SMTP at the protocol level, so its tests need a server that speaks
it for real: one that discards a message whose DATA never ended, counts connections, and
can answer a chosen recipient with a temporary or permanent refusal.
"""

import email
import email.policy
import socket
import threading
from collections import defaultdict, deque

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []  # email.message.EmailMessage, in order of acceptance
        self.envelopes = []  # (mail_from, [rcpt_tos])
        self.connections = 0
        # Replies to give at the end of DATA for a recipient, in order, before accepting.
        self.data_replies = defaultdict(deque)

    def refuse(self, address, *replies):
        self.data_replies[address].extend(replies)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                if self.data_replies[rcpt]:
                    return self.data_replies[rcpt].popleft()
            self.messages.append(
                email.message_from_bytes(envelope.content, policy=email.policy.default)
            )
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 2.0.0 Message accepted"

    def message_ids(self):
        with self.lock:
            return [message["Message-ID"] for message in self.messages]

    def recipients(self):
        with self.lock:
            return [rcpt for _from, rcpts in self.envelopes for rcpt in rcpts]


class _CountingSMTP(SMTP):
    def connection_made(self, transport):
        with self.event_handler.lock:
            self.event_handler.connections += 1
        super().connection_made(transport)


class SinkController(Controller):
    def factory(self):
        return _CountingSMTP(self.handler, **self.SMTP_kwargs)


def start_sink():
    handler = RecordingHandler()
    controller = SinkController(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    # start() opens one connection of its own to check the server answers.
    with handler.lock:
        handler.connections = 0
    return controller, handler


def smtp_mailers(port):
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
