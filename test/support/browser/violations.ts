// Records `securitypolicyviolation` events in every frame into `window.__cspViolations`, installed
// before any page script runs, so a test can assert the exact violations (or that there were none).
import type { BrowserContext, Page } from "playwright-core";

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

/** Runs in the page: keep it self-contained (it is serialised by playwright). */
function installRecorder(): void {
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

/** Install the recorder on a context (all its pages) or one page. Call before navigating. */
export async function recordCspViolations(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(installRecorder);
}

/** Violations recorded so far, from the main frame or (default) from every frame of the page. */
export async function readCspViolations(page: Page, options: { allFrames?: boolean } = {}): Promise<CspViolation[]> {
  const frames = options.allFrames === false ? [page.mainFrame()] : page.frames();
  const all: CspViolation[] = [];
  for (const frame of frames) {
    const found = await frame
      .evaluate(() => (window as unknown as { __cspViolations?: unknown[] }).__cspViolations ?? [])
      .catch(() => [] as unknown[]); // a detached or navigating frame has nothing to report
    all.push(...(found as CspViolation[]));
  }
  return all;
}
