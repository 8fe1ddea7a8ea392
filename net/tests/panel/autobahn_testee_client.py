"""Autobahn|Python (Debian python3-autobahn, asyncio flavour) as the client a fuzzing server tests:
Autobahn's own testee loop - /getCaseCount, /runCase?case=N&agent=A echoing every message, then
/updateReports?agent=A. Default protocol options except a 32 MiB message limit. Every case is
bounded in time.
"""
import argparse
import asyncio
import urllib.parse

from autobahn.asyncio.websocket import WebSocketClientFactory, WebSocketClientProtocol


class Testee(WebSocketClientProtocol):
    def onMessage(self, payload, isBinary):
        if self.factory.echo:
            self.sendMessage(payload, isBinary)
        else:
            self.factory.first_message = payload

    def onClose(self, wasClean, code, reason):
        if not self.factory.done.done():
            self.factory.done.set_result(None)


async def connect(url, echo):
    factory = WebSocketClientFactory(url)
    factory.protocol = Testee
    factory.setProtocolOptions(maxMessagePayloadSize=2**25, maxFramePayloadSize=2**25)
    factory.echo = echo
    factory.first_message = None
    factory.done = asyncio.get_running_loop().create_future()
    parsed = urllib.parse.urlparse(url)
    try:
        await asyncio.get_running_loop().create_connection(factory, parsed.hostname, parsed.port)
        await asyncio.wait_for(factory.done, timeout=120)
    except (OSError, asyncio.TimeoutError):
        pass
    return factory.first_message


async def main(server, agent):
    count = int(await connect(f"{server}/getCaseCount", echo=False))
    quoted = urllib.parse.quote(agent)
    for case in range(1, count + 1):
        await connect(f"{server}/runCase?case={case}&agent={quoted}", echo=True)
    await connect(f"{server}/updateReports?agent={quoted}", echo=False)
    print(f"ran {count} cases", flush=True)


parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--agent", default="autobahn-python")
args = parser.parse_args()
asyncio.run(main(args.url.rstrip("/"), args.agent))
