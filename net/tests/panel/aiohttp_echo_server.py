"""aiohttp (Debian python3-aiohttp) as an echo server on 127.0.0.1: a web.WebSocketResponse with
the library's defaults except a 32 MiB message limit (its default is 4 MiB; group 9 sends 16 MiB).

Prints "listening on ws://127.0.0.1:PORT/" once bound (port 0 picks a free one) and stops by
itself after --max-seconds.
"""
import argparse
import asyncio

from aiohttp import WSMsgType, web


async def echo(request):
    ws = web.WebSocketResponse(max_msg_size=2**25)
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    return ws


async def main(port, max_seconds):
    app = web.Application()
    app.router.add_get("/{tail:.*}", echo)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    bound = site._server.sockets[0].getsockname()[1]
    print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
    await asyncio.sleep(max_seconds)
    await runner.cleanup()


parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--max-seconds", type=float, default=900)
args = parser.parse_args()
asyncio.run(main(args.port, args.max_seconds))
