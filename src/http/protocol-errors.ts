import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, errorRegistry, type ProblemMembers } from '../errors';

// Node's HTTP parser refuses some requests before Fastify sees them: no route, no request
// object, only the socket. They get the same problem+json as every other refusal, in Chinese
// (no Accept-Language was read), with a fresh request id, and the connection closes.

/** What in the request the parser could not read, from its error code. */
function reasonOf(code: string | undefined): ProblemMembers<'BAD_REQUEST'>['reason'] {
  switch (code) {
    case 'HPE_INVALID_METHOD':
    case 'HPE_INVALID_URL':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_CONSTANT':
      return 'request line';
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return 'framing';
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
    case 'HPE_INVALID_EOF_STATE':
      return 'chunk';
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_CR_EXPECTED':
    case 'HPE_LF_EXPECTED':
      return 'header';
    default:
      return 'malformed';
  }
}

function problemOf(err: NodeJS.ErrnoException, requestTimeoutMs: number): { code: ErrorCode; members: object } {
  if (err.code === 'HPE_HEADER_OVERFLOW') return { code: 'HEADERS_TOO_LARGE', members: { limitBytes: maxHeaderSize } };
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { code: 'REQUEST_TIMEOUT', members: { timeoutMs: requestTimeoutMs } };
  return { code: 'BAD_REQUEST', members: { reason: reasonOf(err.code) } };
}

/** The server's `clientErrorHandler`: a problem document written straight to the socket, then the connection ends. */
export function answerProtocolErrors(requestTimeoutMs: number) {
  return (err: NodeJS.ErrnoException, socket: Socket) => {
    // A reset connection, or one whose answer has begun: there is nothing left to say on it.
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable || answering?.headersSent) {
      socket.destroy();
      return;
    }
    const { code, members } = problemOf(err, requestTimeoutMs);
    const { status, title, zh } = errorRegistry[code];
    const requestId = randomUUID();
    const body = JSON.stringify({
      type: `urn:title-review:problem:${code.toLowerCase().replaceAll('_', '-')}`,
      title,
      status,
      code,
      detail: zh,
      instance: `urn:uuid:${requestId}`,
      requestId,
      ...members,
    });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'content-type: application/problem+json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
    // A client that never reads its answer does not hold the socket.
    setTimeout(() => socket.destroy(), 5_000).unref();
  };
}
