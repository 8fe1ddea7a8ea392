"""Autobahn|Python (Debian python3-autobahn, asyncio flavour) as an echo server on 127.0.0.1, with
the library's default protocol options except a 32 MiB message limit (group 9 sends 16 MiB).

Prints "listening on ws://127.0.0.1:PORT/" once bound (port 0 picks a free one) and stops by
itself after --max-seconds.
"""
import argparse
import asyncio

from autobahn.asyncio.websocket import WebSocketServerFactory, WebSocketServerProtocol


class Echo(WebSocketServerProtocol):
    def onMessage(self, payload, isBinary):
        self.sendMessage(payload, isBinary)


async def main(port, max_seconds):
    factory = WebSocketServerFactory("ws://127.0.0.1")
    factory.protocol = Echo
    factory.setProtocolOptions(maxMessagePayloadSize=2**25, maxFramePayloadSize=2**25)
    server = await asyncio.get_running_loop().create_server(factory, "127.0.0.1", port)
    bound = server.sockets[0].getsockname()[1]
    print(f"listening on ws://127.0.0.1:{bound}/", flush=True)
    await asyncio.sleep(max_seconds)


parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--max-seconds", type=float, default=900)
args = parser.parse_args()
asyncio.run(main(args.port, args.max_seconds))
