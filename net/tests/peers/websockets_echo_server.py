"""python3-websockets (Debian) as an echo server on 127.0.0.1: the peer a fuzzingclient run tests.

Prints "listening on ws://127.0.0.1:PORT/" once bound (port 0 picks a free one) and stops by
itself after --max-seconds. Messages up to 32 MiB, as the library's own Autobahn setup allows.
"""
import argparse
import asyncio

import websockets


async def echo(connection, *_):
    try:
        async for message in connection:
            await connection.send(message)
    except websockets.ConnectionClosed:
        pass


async def main(port, max_seconds):
    async with websockets.serve(echo, "127.0.0.1", port, max_size=2**25, max_queue=1) as server:
        bound = next(iter(server.sockets)).getsockname()[1]
        print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
        await asyncio.sleep(max_seconds)


parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--max-seconds", type=float, default=600)
args = parser.parse_args()
asyncio.run(main(args.port, args.max_seconds))
