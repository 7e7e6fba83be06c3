// Structured JSON logs, one line per event. Callers pass only safe fields: never the key,
// a token or a raw `sub`/`sid` (log the signing key's keyed pseudonym, `key.pseudonym(sub)`, instead).

export type LogLevel = "info" | "warn" | "error";

/** A log field value: plain data only, so nothing can smuggle a CryptoKey or Error object in. */
export type LogValue = string | number | boolean | null | readonly string[];

export interface LogFields {
  readonly [field: string]: LogValue | undefined;
}

/** Writes one event. `event` is a stable dotted name such as `token.issued`. */
export type Logger = (level: LogLevel, event: string, fields?: LogFields) => void;

/** Where log lines go; defaults to the console, which Lambda forwards to CloudWatch. */
export type LogSink = (level: LogLevel, line: string) => void;

const consoleSink: LogSink = (level, line) => {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
};

/** A logger writing `{"level","event",...fields}` as one JSON line per call. */
export function createLogger(sink: LogSink = consoleSink): Logger {
  return (level, event, fields = {}) => {
    sink(level, JSON.stringify({ level, event, ...fields }));
  };
}

/** Same events, with `requestId` added to each. */
export function withRequestId(log: Logger, requestId: string | undefined): Logger {
  if (requestId === undefined) return log;
  return (level, event, fields = {}) => log(level, event, { requestId, ...fields });
}
