"""A deliberately slow echo server on 127.0.0.1, built on python3-websockets (Debian): every
echo waits --delay seconds for each connection open at that moment, so it answers in hundreds
of milliseconds alone and in seconds under concurrent load - the server on which running cases
in parallel used to change verdicts.

Prints "listening on ws://127.0.0.1:PORT/" once bound (port 0 picks a free one) and stops by
itself after --max-seconds. With --flaky every second connection is closed at once, without an
echo: a server whose verdicts differ from run to run, for `wsconform run --repeat`.
"""
import argparse
import asyncio

import websockets

open_connections = 0
connections_seen = 0


async def echo(connection, *_):
    global open_connections, connections_seen
    connections_seen += 1
    if args.flaky and connections_seen % 2 == 0:
        await connection.close()
        return
    open_connections += 1
    try:
        async for message in connection:
            await asyncio.sleep(args.delay * open_connections)
            await connection.send(message)
    except websockets.ConnectionClosed:
        pass
    finally:
        open_connections -= 1


async def main():
    async with websockets.serve(echo, "127.0.0.1", args.port, max_size=2**25, max_queue=1) as server:
        bound = next(iter(server.sockets)).getsockname()[1]
        print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
        await asyncio.sleep(args.max_seconds)


parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--delay", type=float, default=0.15)
parser.add_argument("--max-seconds", type=float, default=600)
parser.add_argument("--flaky", action="store_true")
args = parser.parse_args()
asyncio.run(main())
