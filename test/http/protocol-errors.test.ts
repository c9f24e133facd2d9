import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import { errorRegistry } from '../../src/errors';
import { JWT_SECRET } from '../support/app';
import { freshDatabase } from '../support/db';

// Issue 25: answers Node's HTTP parser gives before any route sees the request (a long URL or
// header, a bad request line, NUL in a header, Content-Length beside Transfer-Encoding, a bad
// chunk, a request that never finishes) were Fastify's plain JSON, and a 10 MB body sometimes
// got EPIPE instead of its 413. Raw requests over a socket to a listening server, as a client
// that is not a well-behaved HTTP library would send them; each answer is read off the wire.

const REQUEST_TIMEOUT_MS = 1_500;
let app: FastifyInstance;
let port: number;
let token: string;

beforeAll(async () => {
  const tokens = createTokenService(JWT_SECRET);
  token = tokens.sign({ sub: 'admin', role: 'admin' });
  app = await buildApp(
    { database: await freshDatabase(), tokens, clock: new ManualClock(new Date('2021-08-02T02:00:00.000Z')), maxEventLoopDelayMs: 0 },
    { logger: false, requestTimeout: REQUEST_TIMEOUT_MS, http: { connectionsCheckingInterval: 100 } },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app?.close();
});

type Answer = { status: number; headers: Record<string, string>; body: string; writeError?: string };

/** Sends `chunks` (then, optionally, keeps sending `tail` bytes), and reads everything the server writes until it closes. */
function raw(chunks: (string | Buffer)[], tail = 0): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let writeError: string | undefined;
    socket.on('data', (d) => received.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      writeError = err.code;
    });
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      if (!status) return reject(new Error(`no answer (${writeError ?? 'closed'}): ${JSON.stringify(text.slice(0, 200))}`));
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const body = Buffer.from(rest.join('\r\n\r\n'), 'latin1').toString('utf8');
      resolve({ status, headers, body, writeError });
    });
    socket.setTimeout(20_000, () => socket.destroy());
    (async () => {
      for (const c of chunks) if (!socket.write(c)) await new Promise((r) => socket.once('drain', r));
      // A client that sends its whole body whatever the server says, as curl and most libraries do.
      const block = Buffer.alloc(64 * 1024, 0x61);
      for (let sent = 0; sent < tail && socket.writable; sent += block.length) {
        if (!socket.write(block)) await new Promise((r) => socket.once('drain', r));
      }
      if (tail > 0 && socket.writable) socket.end();
    })().catch(() => {});
  });
}

function expectProblem(answer: Answer, status: number, code: keyof typeof errorRegistry) {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(answer.body);
  expect(problem).toMatchObject({ status, code, title: errorRegistry[code].title });
  expect(errorRegistry[code].status).toBe(status);
  expect(typeof problem.requestId).toBe('string');
  expect(answer.headers['x-request-id']).toBe(problem.requestId);
  return problem;
}

const GET = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;

it('answers a URL or a header too long for the parser with 431 HEADERS_TOO_LARGE', async () => {
  expectProblem(await raw([GET(`/v1/plans?q=${'x'.repeat(20_000)}`)]), 431, 'HEADERS_TOO_LARGE');
  expectProblem(await raw([GET('/v1/plans', `X-Long: ${'y'.repeat(20_000)}\r\n`)]), 431, 'HEADERS_TOO_LARGE');
});

it('answers a bad request line, NUL in a header, Content-Length with Transfer-Encoding and a bad chunk with 400 BAD_REQUEST', async () => {
  const cases: [string, (string | Buffer)[]][] = [
    ['a bad request line', ['GET /v1/plans HTTP/9\r\n\r\n']],
    ['a request line of nonsense', ['\u0001\u0002 nonsense\r\n\r\n']],
    ['NUL in a header', [Buffer.from(`GET /v1/plans HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n`, 'latin1')]],
    [
      'Content-Length with Transfer-Encoding',
      [
        'POST /v1/plans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      ],
    ],
    [
      'a bad chunk',
      [
        `POST /v1/plans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
      ],
    ],
  ];
  for (const [what, chunks] of cases) {
    const problem = expectProblem(await raw(chunks), 400, 'BAD_REQUEST');
    expect(problem.reason, what).toEqual(expect.any(String));
  }
});

it('answers a request that never finishes with 408 REQUEST_TIMEOUT', async () => {
  const started = Date.now();
  expectProblem(await raw(['GET /v1/plans HTTP/1.1\r\nHost: x\r\n']), 408, 'REQUEST_TIMEOUT');
  expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
});

it('delivers 413 PAYLOAD_TOO_LARGE for a 10 MB body to a client that keeps sending, without breaking its pipe', async () => {
  const size = 10 * 1024 * 1024;
  for (let i = 0; i < 5; i++) {
    const head = `POST /v1/plans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`;
    const answer = await raw([head], size);
    expect(expectProblem(answer, 413, 'PAYLOAD_TOO_LARGE').limitBytes).toBe(1024 * 1024);
    expect(answer.writeError, 'the client could send its whole body').toBeUndefined();
  }
});
