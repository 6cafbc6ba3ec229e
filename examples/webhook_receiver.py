#!/usr/bin/env python3
"""A tiny receiver of CivicGrid webhooks that checks each delivery's signature.

Usage: WEBHOOK_SECRET=<the secret shown when the webhook was created> \
           python3 examples/webhook_receiver.py [port, 0 for any free one]

CivicGrid signs every delivery with the header
    X-CivicGrid-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
A receiver recomputes the HMAC with the shared secret, compares it in constant time, refuses
timestamps more than five minutes away (replays), and answers 2xx only when it has taken the
delivery: any other answer makes CivicGrid retry later. Deliveries can arrive more than once
(after a retry or a restart): X-CivicGrid-Delivery names each, so a receiver can ignore repeats.
This is where an SMS or WeChat gateway would send its message.
"""
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ.get("WEBHOOK_SECRET", "").encode()
TOLERANCE_S = 300
seen = set()


def verify(header: str, body: bytes) -> bool:
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        t, v1 = parts["t"], parts["v1"]
    except (KeyError, ValueError):
        return False
    if abs(time.time() - int(t)) > TOLERANCE_S:
        return False
    expected = hmac.new(SECRET, t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, v1)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if not verify(self.headers.get("X-CivicGrid-Signature", ""), body):
            self.send_response(401)
            self.end_headers()
            return
        delivery = self.headers.get("X-CivicGrid-Delivery")
        if delivery not in seen:
            seen.add(delivery)
            event = json.loads(body)
            print(f"{event['type']}: case {event['case']['number']} is {event['case']['state']}",
                  flush=True)
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    if not SECRET:
        sys.exit("set WEBHOOK_SECRET")
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
    server = HTTPServer(("127.0.0.1", port), Handler)  # port 0: the system picks a free one
    print(f"listening on http://127.0.0.1:{server.server_port}/hook", file=sys.stderr, flush=True)
    server.serve_forever()
