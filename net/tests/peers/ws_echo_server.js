// The npm `ws` package as an echo server on 127.0.0.1: the peer a fuzzingclient run tests.
// Prints "listening on ws://127.0.0.1:PORT/" once bound (port 0 picks a free one) and stops
// by itself after --max-seconds. With --key and --cert it serves wss:// (node's https server).
// Usage: node ws_echo_server.js NODE_MODULES_DIR [--port P] [--max-seconds S] [--key FILE --cert FILE]
'use strict';
const path = require('path');
const args = process.argv.slice(2);
const WebSocket = require(path.join(path.resolve(args[0]), 'ws'));
const text = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const option = (name, fallback) => (text(name) === undefined ? fallback : Number(text(name)));

// permessage-deflate on, as in the runs ws's maintainers publish (ws leaves it off for servers by default).
const settings = { maxPayload: 2 ** 25, perMessageDeflate: true };
let announce;
if (text('--key')) {
  const fs = require('fs');
  const https = require('https');
  const tls = https.createServer({ key: fs.readFileSync(text('--key')), cert: fs.readFileSync(text('--cert')) });
  settings.server = tls;
  tls.listen(option('--port', 0), '127.0.0.1', () => console.log(`listening on wss://127.0.0.1:${tls.address().port}/`));
} else {
  Object.assign(settings, { host: '127.0.0.1', port: option('--port', 0) });
  announce = true;
}
const server = new WebSocket.WebSocketServer(settings);
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  socket.on('error', () => {});
});
if (announce) server.on('listening', () => console.log(`listening on ws://127.0.0.1:${server.address().port}/`));
setTimeout(() => process.exit(0), option('--max-seconds', 600) * 1000).unref();
