import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Never log credentials or session tokens, whatever shape the object has.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-api-key"]', 'password'],
  });
}
