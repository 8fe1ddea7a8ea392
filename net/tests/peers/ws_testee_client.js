// The npm `ws` package as the client a fuzzing server tests: Autobahn's testee loop -
// /getCaseCount, /runCase?case=N&agent=AGENT for each case echoing every message, then
// /updateReports?agent=AGENT. Usage: node ws_testee_client.js NODE_MODULES_DIR URL [AGENT]
'use strict';
const path = require('path');
const [modules, server, agent = 'ws'] = process.argv.slice(2);
const WebSocket = require(path.join(path.resolve(modules), 'ws'));

function connect(url, onMessage) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { maxPayload: 2 ** 25, handshakeTimeout: 10000 });
    const bound = setTimeout(() => socket.terminate(), 120000);
    socket.on('message', (data, isBinary) => onMessage(socket, data, isBinary));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(bound);
      resolve();
    });
  });
}

(async () => {
  let count = 0;
  await connect(`${server}/getCaseCount`, (socket, data) => {
    count = Number(data.toString());
  });
  const quoted = encodeURIComponent(agent);
  for (let n = 1; n <= count; n++) {
    await connect(`${server}/runCase?case=${n}&agent=${quoted}`, (socket, data, isBinary) => socket.send(data, { binary: isBinary }));
  }
  await connect(`${server}/updateReports?agent=${quoted}`, () => {});
  console.log(`ran ${count} cases`);
})();
