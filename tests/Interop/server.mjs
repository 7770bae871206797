// A Node `ws` peer for the TypedWebSockets interop tests (tests/Reliability.Tests/Interop).
// Started by the tests as `node server.mjs`; listens on 127.0.0.1 with an OS-chosen port and prints that port
// as the first line of stdout. Exits when stdin closes, so it never outlives the test process.
//
// Paths (each a separate behaviour, so the tests can run in parallel against one server):
//   /echo         echoes every message with its type (text stays text, binary stays binary)
//   /deflate      the same echo with permessage-deflate enabled; "ext?" answers with the negotiated extensions;
//                 "zeros:<bytes>" is answered with that many zero bytes, which compress to almost nothing (a deflate bomb)
//   /fragmented   "frag:<parts>:<text>" is answered with <text> split into <parts> fragments (send with fin:false)
//   /ping         pings the client on connect and reports its pong as "pong:<payload>"; reports client pings as "ping:<payload>"
//   /close        "close:<code>:<reason>" makes the server close with that code; the code and reason of a close the
//                 client starts are kept and answered on a later connection to /last-close?id=<id>
//   /terminate    "terminate" makes the server destroy the TCP connection without a close frame
//   /big          "big:<bytes>" is answered with a binary message of that many bytes (byte i = i % 251)
//   /protocol     handleProtocols picks the first of "v2.typed", "v1.typed" the client offers, else none;
//                 "protocol?" answers with the selected protocol
import http from 'node:http';
import { WebSocketServer } from 'ws';

const lastClose = new Map();

function echo(ws) {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
}

const plain = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
const deflate = new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 0 }, maxPayload: 64 * 1024 * 1024 });
const protocol = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  handleProtocols: (protocols) => {
    for (const preferred of ['v2.typed', 'v1.typed']) {
      if (protocols.has(preferred)) {
        return preferred;
      }
    }
    return false;
  },
});

const behaviours = {
  '/echo': echo,
  '/deflate': (ws) => {
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (text === 'ext?') {
        ws.send(`ext:${ws.extensions}`);
      } else if (text.startsWith('zeros:')) {
        ws.send(Buffer.alloc(Number(text.slice('zeros:'.length))), { binary: true });
      } else {
        ws.send(data, { binary: isBinary });
      }
    });
  },
  '/fragmented': (ws) => {
    ws.on('message', (data) => {
      const [, parts, ...rest] = data.toString().split(':');
      const text = Buffer.from(rest.join(':'));
      const count = Number(parts);
      const size = Math.ceil(text.length / count);
      for (let i = 0; i < count; i++) {
        ws.send(text.subarray(i * size, Math.min((i + 1) * size, text.length)), { binary: false, fin: i === count - 1 });
      }
    });
  },
  '/ping': (ws) => {
    ws.on('pong', (data) => ws.send(`pong:${data.toString()}`));
    ws.on('ping', (data) => ws.send(`ping:${data.toString()}`));
    ws.ping('hello');
  },
  '/close': (ws, url) => {
    const id = url.searchParams.get('id') ?? '';
    ws.on('close', (code, reason) => lastClose.set(id, `${code}:${reason.toString()}`));
    ws.on('message', (data) => {
      const [command, code, ...reason] = data.toString().split(':');
      if (command === 'close') {
        ws.close(Number(code), reason.join(':'));
      }
    });
  },
  '/last-close': (ws, url) => {
    ws.send(`last:${lastClose.get(url.searchParams.get('id') ?? '') ?? 'none'}`);
  },
  '/terminate': (ws) => {
    ws.on('message', (data) => {
      if (data.toString() === 'terminate') {
        ws.terminate();
      }
    });
  },
  '/big': (ws) => {
    ws.on('message', (data) => {
      const [command, size] = data.toString().split(':');
      if (command === 'big') {
        const payload = Buffer.alloc(Number(size));
        for (let i = 0; i < payload.length; i++) {
          payload[i] = i % 251;
        }
        ws.send(payload, { binary: true });
      }
    });
  },
  '/protocol': (ws) => {
    ws.on('message', (data) => {
      if (data.toString() === 'protocol?') {
        ws.send(`protocol:${ws.protocol}`);
      }
    });
  },
};

const server = http.createServer((req, res) => {
  res.writeHead(426, { 'content-type': 'text/plain' });
  res.end('WebSocket endpoint\n');
});

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const behaviour = behaviours[url.pathname];
  if (!behaviour) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    return;
  }
  const wss = url.pathname === '/deflate' ? deflate : url.pathname === '/protocol' ? protocol : plain;
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', (error) => console.error(`ws error on ${url.pathname}: ${error.message}`));
    behaviour(ws, url);
  });
});

server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
