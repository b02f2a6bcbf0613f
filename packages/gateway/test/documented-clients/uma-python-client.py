"""A Python client doing what the Python example of UMA's WebSocket guide does.

It connects with the `websockets` package (Debian's python3-websockets), subscribes to
system.stats and docker.events with one singular "channel" message each, iterates over the
messages and reads data['type'], data['data']['cpu_percent'], data['data']['memory_percent'],
data['data']['action'], data['data']['container_name'] and, for temperature.alert,
data['data']['message']. What it read goes to stdout as one JSON object per line.

usage: /usr/bin/python3 uma-python-client.py <ws-url-with-token>
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
        for channel in ("system.stats", "docker.events"):
            await socket.send(json.dumps({"type": "subscribe", "channel": channel}))
        async for text in socket:
            event = json.loads(text)
            kind = event["type"]
            if kind == "system.stats":
                report({"type": kind, "cpu": event["data"]["cpu_percent"],
                        "memory": event["data"]["memory_percent"]})
            elif kind == "docker.events":
                report({"type": kind, "action": event["data"]["action"],
                        "container": event["data"]["container_name"]})
            elif kind == "temperature.alert":
                report({"type": kind, "message": event["data"]["message"]})
            else:
                report({"type": kind})
        report({"closed": socket.close_code})


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: uma-python-client.py <ws-url>")
    asyncio.run(watch(sys.argv[1]))
