// Property tests of how the client reads the signer's answers: whatever comes back (any status,
// media type and body, well-formed or not), the client resolves with a well-formed token result or
// rejects with a SignerClientError of a documented code; a problem+json answer becomes a
// SignerError carrying its fields; no message carries a token or a control character.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readEndedAnswer, readTokenAnswer } from "../../client/answer.ts";
import { SignerClientError, signerClientErrorCodes, SignerError } from "../../client/errors.ts";

const tokenLike = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLXNlY3JldA";

const statuses = fc.oneof(
  fc.constantFrom(200, 201, 204, 301, 302, 307, 400, 403, 404, 413, 415, 429, 500, 502, 503, 504),
  fc.integer({ min: 200, max: 599 }),
);
const contentTypes = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/problem+json",
  "text/html",
  "text/plain",
  "",
  "APPLICATION/JSON",
);
const jsonish = fc.oneof(
  fc.record(
    {
      token: fc.oneof(fc.constant(tokenLike), fc.string(), fc.integer()),
      jti: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)),
      sid: fc.oneof(fc.string(), fc.integer()),
      expiresAt: fc.oneof(fc.constant("2030-01-01T00:00:00.000Z"), fc.string(), fc.integer()),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      type: fc.oneof(fc.constant("urn:livechat-aws:problem:invalid-request"), fc.string()),
      title: fc.string(),
      status: fc.integer(),
      detail: fc.oneof(fc.string(), fc.constant(tokenLike)),
      errors: fc.oneof(fc.array(fc.record({ field: fc.string(), message: fc.string() })), fc.anything()),
      Message: fc.string(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const bodies = fc.oneof(
  jsonish.map((v) => JSON.stringify(v) ?? ""),
  fc.string(),
  fc.uint8Array({ maxLength: 64 }),
);

function response(status: number, contentType: string, body: string | Uint8Array, errorType?: string): Response {
  const headers: Record<string, string> = contentType === "" ? {} : { "content-type": contentType };
  if (errorType !== undefined) headers["x-amzn-errortype"] = errorType;
  // 204, 205 and 304 carry no body by definition.
  return new Response(
    [204, 205, 304].includes(status) ? null : typeof body === "string" ? body : new Uint8Array(body),
    { status, headers },
  );
}

async function outcome(read: () => Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await read() };
  } catch (error) {
    return { error };
  }
}

describe("readTokenAnswer over arbitrary answers", () => {
  it("resolves well-formed results or rejects with a documented SignerClientError, never echoing a token", async () => {
    await fc.assert(
      fc.asyncProperty(
        statuses,
        contentTypes,
        bodies,
        fc.option(fc.constantFrom("AccessDeniedException", "ServiceException")),
        async (status, contentType, body, errorType) => {
          const { value, error } = await outcome(() =>
            readTokenAnswer(response(status, contentType, body, errorType ?? undefined)),
          );
          if (error === undefined) {
            expect(status).toBe(200);
            const result = value as Record<string, unknown>;
            expect(Object.keys(result).every((k) => ["token", "jti", "sid", "expiresAt"].includes(k))).toBe(true);
            expect(result["token"]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
            expect(typeof result["jti"]).toBe("string");
            expect(Number.isNaN(Date.parse(result["expiresAt"] as string))).toBe(false);
            return;
          }
          expect(error).toBeInstanceOf(SignerClientError);
          const e = error as SignerClientError;
          expect(signerClientErrorCodes).toContain(e.code);
          expect(e.status).toBe(status);
          expect(e.message).not.toMatch(/[\u0000-\u001f\u007f]/);
          if (e.code === "problem") {
            expect(e).toBeInstanceOf(SignerError);
            expect(contentType).toBe("application/problem+json");
          }
          if (e.code === "access-denied") expect(status).toBe(403);
          // A token may only appear where the signer itself wrote a problem detail; never from a 200.
          if (status === 200) expect(e.message).not.toContain(tokenLike);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a problem answer keeps its fields, cleaned and bounded", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 400, max: 599 }),
        fc.string(),
        fc.string(),
        fc.array(fc.record({ field: fc.string(), message: fc.string() }), { maxLength: 5 }),
        async (status, title, detail, errors) => {
          const body = JSON.stringify({ type: "urn:livechat-aws:problem:x", title, status, detail, errors });
          const { error } = await outcome(() => readTokenAnswer(response(status, "application/problem+json", body)));
          expect(error).toBeInstanceOf(SignerError);
          const e = error as SignerError;
          const clean = (s: string, n: number) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").slice(0, n);
          expect({ status: e.status, type: e.type, title: e.title, detail: e.detail, errors: e.errors }).toEqual({
            status,
            type: "urn:livechat-aws:problem:x",
            title: clean(title, 200),
            detail: clean(detail, 500),
            errors: errors.map((f) => ({ field: clean(f.field, 100), message: clean(f.message, 500) })),
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("readEndedAnswer over arbitrary answers", () => {
  it("resolves only for 200/204 and otherwise rejects with a documented code", async () => {
    await fc.assert(
      fc.asyncProperty(statuses, contentTypes, bodies, async (status, contentType, body) => {
        const { error } = await outcome(() => readEndedAnswer(response(status, contentType, body)));
        if (error === undefined) {
          expect([200, 204]).toContain(status);
          return;
        }
        expect(error).toBeInstanceOf(SignerClientError);
        expect(signerClientErrorCodes).toContain((error as SignerClientError).code);
      }),
      { numRuns: 200 },
    );
  });
});

describe("oversized answers", () => {
  it("stop being read past 64 KiB and count as outside the contract", async () => {
    const huge = JSON.stringify({
      token: tokenLike,
      jti: "j",
      expiresAt: "2030-01-01T00:00:00Z",
      pad: "x".repeat(70_000),
    });
    await expect(readTokenAnswer(response(200, "application/json", huge))).rejects.toMatchObject({
      code: "bad-response",
      message: "The signer's answer (HTTP 200) is outside its contract: the body is not a JSON object.",
    });
  });
});
