// Records `securitypolicyviolation` events into `window.__cspViolations`. Every engine installs
// this recorder before any script of the page runs (Chromium: an init script; Firefox: a BiDi
// preload script; WebKit: while the site holds the document after its first bytes, see
// documentHold.ts), so a test can assert the exact violations, or that there were none.

export interface CspViolation {
  readonly blockedURI: string;
  readonly violatedDirective: string;
  readonly effectiveDirective: string;
  readonly disposition: string;
  readonly sourceFile: string;
  readonly lineNumber: number;
  readonly sample: string;
  /** URL of the document (frame) the violation happened in. */
  readonly documentURI: string;
}

/** Runs in the page: keep it self-contained (each engine serialises it). Idempotent. */
export function installViolationRecorder(): void {
  const target = window as unknown as { __cspViolations?: unknown[] };
  if (target.__cspViolations) return;
  const list: unknown[] = [];
  target.__cspViolations = list;
  document.addEventListener(
    "securitypolicyviolation",
    (e) => {
      list.push({
        blockedURI: e.blockedURI,
        violatedDirective: e.violatedDirective,
        effectiveDirective: e.effectiveDirective,
        disposition: e.disposition,
        sourceFile: e.sourceFile,
        lineNumber: e.lineNumber,
        sample: e.sample,
        documentURI: e.documentURI,
      });
    },
    true,
  );
}

/** Runs in the page: what the recorder holds (nothing if it was never installed there). */
export function recordedViolations(): CspViolation[] {
  return [...((window as unknown as { __cspViolations?: CspViolation[] }).__cspViolations ?? [])];
}

/** A frame of any engine's driver, as far as reading its violations goes. */
export interface ViolationFrame {
  evaluate(fn: typeof recordedViolations): Promise<CspViolation[]>;
}

/** Violations of every frame, in frame order; a detached or navigating frame has nothing to report. */
export async function violationsInFrames(frames: readonly ViolationFrame[]): Promise<CspViolation[]> {
  const all: CspViolation[] = [];
  for (const frame of frames) all.push(...(await frame.evaluate(recordedViolations).catch(() => [] as CspViolation[])));
  return all;
}
