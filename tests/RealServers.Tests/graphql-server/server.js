// A real graphql-ws server (protocol graphql-transport-ws) for tests/RealServers.Tests.
// Started by the tests as `node server.js`; listens on 127.0.0.1 with an OS-chosen port and prints that port as the
// first line of stdout. Exits when stdin closes, so it never outlives the test process.
//
// Connect to ws://127.0.0.1:<port>/graphql?client=<tag> with the subprotocol graphql-transport-ws. The tag (any
// string without spaces; "-" when absent) names the connection in the lines below, so tests sharing one server
// process can each find their own.
//
// Lines on stdout after the port, one per event, as the server saw it:
//   complete <tag> <id>   the client sent {"type":"complete","id":"<id>"}
//   stopped <tag> <id>    the source stream of subscription <id> was stopped before its end (by a client complete
//                         or by the connection closing): graphql-ws returned its async generator
//   closed <tag> <code>   the connection closed with that code (1006 when it was dropped)
//
// Schema (see SCHEMA below):
//   query    hello(name)          "Hello, <name>!"
//   query    boom                 its resolver throws: a next with data.boom null and errors, then complete
//   sub      ticks(count, intervalMs = 0)   {n: 1..count}, then complete
//   sub      failAfter(count)     {n: 1..count}, then the source stream throws: an error message (no complete)
//   sub      endless(intervalMs = 5)        {n: 1, 2, ...} every intervalMs ms until stopped (at most 100,000 items)
//   sub      dropAfter(count)     {n: 1..count}, then the server destroys the TCP connection (no close frame)
// Any document that fails validation (e.g. `subscription { nope }`) gets an error message for its id.
'use strict';

const http = require('node:http');
const { buildSchema } = require('graphql');
const { WebSocketServer } = require('ws');
const { useServer } = require('graphql-ws/use/ws');

const SCHEMA = buildSchema(`
  type Query {
    hello(name: String!): String!
    boom: String
  }

  type Tick {
    n: Int!
  }

  type Subscription {
    ticks(count: Int!, intervalMs: Int = 0): Tick!
    failAfter(count: Int!): Tick!
    endless(intervalMs: Int = 5): Tick!
    dropAfter(count: Int!): Tick!
  }
`);

// A safety bound: an "endless" subscription nobody stops still ends by itself.
const ENDLESS_LIMIT = 100_000;

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Yields {<field>: {n}} for n = 1..count (each event of a subscription is the root value of its selection) and logs
// `stopped` when the consumer returns it before the end.
async function* counted(field, count, intervalMs, context) {
  let ended = false;
  try {
    for (let n = 1; n <= count; n++) {
      if (intervalMs > 0) {
        await delay(intervalMs);
      }
      yield { [field]: { n } };
    }
    ended = true;
  } finally {
    if (!ended) {
      log('stopped', context.tag, context.id);
    }
  }
}

const roots = {
  query: {
    hello: ({ name }) => `Hello, ${name}!`,
    boom: () => {
      throw new Error('boom: this resolver always fails');
    },
  },
  subscription: {
    ticks: ({ count, intervalMs }, context) => counted('ticks', count, intervalMs, context),
    endless: ({ intervalMs }, context) => counted('endless', ENDLESS_LIMIT, Math.max(intervalMs, 1), context),
    failAfter: async function* ({ count }, context) {
      yield* counted('failAfter', count, 0, context);
      throw new Error(`failAfter: the source stream failed after ${count} items`);
    },
    dropAfter: async function* ({ count }, context) {
      yield* counted('dropAfter', count, 0, context);
      // graphql-ws awaits each send before pulling the next item, so all `count` items were written before this.
      context.socket.terminate();
    },
  },
};

function log(...parts) {
  process.stdout.write(parts.join(' ') + '\n');
}

const httpServer = http.createServer((req, res) => {
  res.writeHead(426, { 'content-type': 'text/plain' });
  res.end('graphql-transport-ws endpoint at /graphql\n');
});

const wss = new WebSocketServer({ server: httpServer, path: '/graphql', perMessageDeflate: false });

useServer(
  {
    schema: SCHEMA,
    roots,
    // Each operation's context tells its resolvers the connection's tag, the operation id and the socket.
    context: (ctx, id) => ({ tag: tagOf(ctx.extra.request), id, socket: ctx.extra.socket }),
  },
  wss,
);

// Beside graphql-ws's own listeners: report what the client sent and how the connection ended.
wss.on('connection', (socket, request) => {
  const tag = tagOf(request);
  socket.on('message', (data) => {
    let message;
    try {
      message = JSON.parse(String(data));
    } catch {
      return; // graphql-ws closes the connection with 4400 itself.
    }
    if (message && message.type === 'complete') {
      log('complete', tag, message.id);
    }
  });
  socket.on('close', (code) => log('closed', tag, code));
});

function tagOf(request) {
  const tag = new URL(request.url, 'http://127.0.0.1').searchParams.get('client');
  return tag && !/\s/.test(tag) ? tag : '-';
}

httpServer.listen(0, '127.0.0.1', () => {
  log(httpServer.address().port);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
