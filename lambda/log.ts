// Structured logs, one record per event. Callers pass only safe fields: never the key,
// a token or a raw `sub`/`sid` (log the signing key's keyed pseudonym, `key.pseudonym(sub)`, instead).
//
// In Lambda with `loggingConfig.logFormat: JSON` (the component's setting; the runtime then sees
// AWS_LAMBDA_LOG_FORMAT=JSON) the runtime wraps every console call in its own JSON record
// `{timestamp, level, requestId, message}`: an object argument becomes `message` as an object,
// queryable as `message.event` in Logs Insights, whereas a string stays an opaque string. So the
// console gets the object there, and one line of JSON text everywhere else (the Text format, the
// local runner), where the runtime or the terminal would print an object in Node's inspect syntax.

/** Also the console method each level is written with: the Lambda runtime takes its record's `level` from it. */
export type LogLevel = "info" | "warn" | "error";

/** A log field value: plain data only, so nothing can smuggle a CryptoKey or Error object in. */
export type LogValue = string | number | boolean | null | readonly string[];

export interface LogFields {
  readonly [field: string]: LogValue | undefined;
}

/** One log record: the level, a stable event name and the caller's fields. */
export interface LogRecord extends LogFields {
  readonly level: LogLevel;
  readonly event: string;
}

/** Writes one event. `event` is a stable dotted name such as `token.issued`. */
export type Logger = (level: LogLevel, event: string, fields?: LogFields) => void;

/** Where log lines go when not the console: each record as one line of JSON text. */
export type LogSink = (level: LogLevel, line: string) => void;

/** True when the Lambda runtime formats console calls as JSON (`AWS_LAMBDA_LOG_FORMAT`, read as the runtime reads it). */
function runtimeLogsJson(env: Readonly<Record<string, string | undefined>>): boolean {
  return env["AWS_LAMBDA_LOG_FORMAT"]?.toUpperCase() === "JSON";
}

/**
 * A logger writing `{level, event, ...fields}` per call: to `sink` as one line of JSON text, or,
 * without a sink, to the console — as an object when the Lambda runtime formats logs as JSON
 * (`runtimeLogsJson`), as one line of JSON text otherwise.
 */
export function createLogger(sink?: LogSink, env: Readonly<Record<string, string | undefined>> = process.env): Logger {
  if (sink !== undefined)
    return (level, event, fields = {}) => sink(level, JSON.stringify({ level, event, ...fields }));
  if (runtimeLogsJson(env)) {
    return (level, event, fields = {}) => {
      const record: LogRecord = { level, event, ...fields };
      console[level](record);
    };
  }
  return (level, event, fields = {}) => console[level](JSON.stringify({ level, event, ...fields }));
}

/** Same events, with `requestId` added to each. */
export function withRequestId(log: Logger, requestId: string | undefined): Logger {
  if (requestId === undefined) return log;
  return (level, event, fields = {}) => log(level, event, { requestId, ...fields });
}
