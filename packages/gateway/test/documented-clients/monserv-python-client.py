"""A Python client doing what the Python example of MonServ's WebSocket API document does.

It connects to /ws with the `websockets` package (Debian's python3-websockets; the token in the
query, as the document's security section shows), sends nothing, and calls recv() in a loop:
for metrics_update it counts the servers with len(data['data']), for alert it reads
data['subject'], and it stops when the connection closes. What it read goes to stdout as one
JSON object per line; other frame types are reported as ignored.

usage: /usr/bin/python3 monserv-python-client.py <ws-url-with-token>
"""

import asyncio
import json
import sys

import websockets


def report(record):
    print(json.dumps(record), flush=True)


async def watch(address):
    async with websockets.connect(address) as socket:
        report({"opened": True})
        while True:
            try:
                frame = json.loads(await socket.recv())
            except websockets.exceptions.ConnectionClosed as closed:
                report({"closed": closed.code})
                return
            if frame["type"] == "metrics_update":
                report({"type": "metrics_update", "servers": len(frame["data"])})
            elif frame["type"] == "alert":
                report({"type": "alert", "subject": frame["subject"]})
            else:
                report({"ignored": frame["type"]})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: monserv-python-client.py <ws-url>")
    asyncio.run(watch(sys.argv[1]))
