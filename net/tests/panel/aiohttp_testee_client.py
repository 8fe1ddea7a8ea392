"""aiohttp (Debian python3-aiohttp) as the client a fuzzing server tests: Autobahn's testee loop -
/getCaseCount, /runCase?case=N&agent=A echoing every message, then /updateReports?agent=A. The
library's defaults except a 32 MiB message limit. Every case is bounded in time.
"""
import argparse
import asyncio
import urllib.parse

import aiohttp
from aiohttp import WSMsgType


async def echo_case(session, url):
    try:
        async with session.ws_connect(url, max_msg_size=2**25) as ws:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await ws.send_str(msg.data)
                elif msg.type == WSMsgType.BINARY:
                    await ws.send_bytes(msg.data)
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
        pass


async def main(server, agent):
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{server}/getCaseCount") as ws:
            count = int((await ws.receive()).data)
        quoted = urllib.parse.quote(agent)
        for case in range(1, count + 1):
            await asyncio.wait_for(echo_case(session, f"{server}/runCase?case={case}&agent={quoted}"), timeout=120)
        async with session.ws_connect(f"{server}/updateReports?agent={quoted}") as ws:
            await ws.receive()
    print(f"ran {count} cases", flush=True)


parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--agent", default="aiohttp")
args = parser.parse_args()
asyncio.run(main(args.url.rstrip("/"), args.agent))
