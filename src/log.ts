import pino from 'pino';
import { databaseErrorFacts } from './db/errors';

// Logs never carry personal data (ID numbers, names, tokens). Database errors are the
// dangerous ones: drizzle's carry every query parameter, the whole snapshot included, so
// they are logged by code and SQLSTATE only. Redaction catches the fields by name besides.

const personal = ['idNumber', 'name', 'authorization', 'params', 'parameters', 'query'];
const redactPaths = personal.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

type RequestLike = { method: string; url: string; ip?: string };

/** Method, path and the names (not the values) of the query parameters: `?idNumber=` is an ID number. */
function requestSummary(req: RequestLike) {
  const [path, query] = req.url.split('?', 2);
  const names = query ? [...new URLSearchParams(query).keys()].map((k) => `${k}=*`).join('&') : '';
  return { method: req.method, url: names ? `${path}?${names}` : path, remoteAddress: req.ip };
}

function errorSummary(err: Error) {
  const facts = databaseErrorFacts(err);
  return facts ? { type: 'DatabaseError', ...facts } : pino.stdSerializers.err(err);
}

export function loggerOptions(level: pino.LevelWithSilent): pino.LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { req: requestSummary, err: errorSummary },
  };
}
