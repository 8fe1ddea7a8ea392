// The npm `ws` package as an echo server on 127.0.0.1: the peer a fuzzingclient run tests.
// Prints "listening on ws://127.0.0.1:PORT/" once bound (port 0 picks a free one) and stops
// by itself after --max-seconds. Usage: node ws_echo_server.js NODE_MODULES_DIR [--port P] [--max-seconds S]
'use strict';
const path = require('path');
const args = process.argv.slice(2);
const WebSocket = require(path.join(path.resolve(args[0]), 'ws'));
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

// permessage-deflate on, as in the runs ws's maintainers publish (ws leaves it off for servers by default).
const server = new WebSocket.WebSocketServer({ host: '127.0.0.1', port: option('--port', 0), maxPayload: 2 ** 25, perMessageDeflate: true });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  socket.on('error', () => {});
});
server.on('listening', () => console.log(`listening on ws://127.0.0.1:${server.address().port}/`));
setTimeout(() => process.exit(0), option('--max-seconds', 600) * 1000).unref();
