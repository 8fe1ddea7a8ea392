"""python3-websockets (Debian) as the client a fuzzing server tests: Autobahn's testee loop.

/getCaseCount, then /runCase?case=N&agent=AGENT for each case echoing every message, then
/updateReports?agent=AGENT. Every connection is bounded in time.
"""
import argparse
import asyncio
import urllib.parse

import websockets


async def echo_case(url):
    try:
        async with websockets.connect(url, max_size=2**25, max_queue=1, open_timeout=10, close_timeout=2) as connection:
            async for message in connection:
                await connection.send(message)
    except (websockets.ConnectionClosed, websockets.InvalidHandshake, OSError):
        pass
    except ValueError:
        # websockets 10.4 lets zlib's "Invalid initialization option" escape when an answer binds
        # it to an 8-bit window (z3.pmd.window-bits.8); the connection is dropped, which is what
        # the case grades. The loop goes on to the next case.
        pass


async def main(server, agent):
    async with websockets.connect(f"{server}/getCaseCount", open_timeout=10) as connection:
        count = int(await connection.recv())
    quoted = urllib.parse.quote(agent)
    for case in range(1, count + 1):
        await asyncio.wait_for(echo_case(f"{server}/runCase?case={case}&agent={quoted}"), timeout=120)
    async with websockets.connect(f"{server}/updateReports?agent={quoted}", open_timeout=60):
        pass
    print(f"ran {count} cases", flush=True)


parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--agent", default="python-websockets")
args = parser.parse_args()
asyncio.run(main(args.url.rstrip("/"), args.agent))
