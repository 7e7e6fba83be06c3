import { CspError } from "./cspError.ts";
import { serializeDirective } from "./serializeCsp.ts";

/** Longest Content-Security-Policy value a CloudFront response-headers policy accepts (`TooLongCSPInResponseHeadersPolicy`). */
export const cloudFrontCspLimit = 1783;

/** Throws a `CspError` naming the overshoot and the largest directives when `header` is too long for CloudFront. */
export function assertWithinCloudFrontLimit(
  directives: Readonly<Record<string, readonly string[]>>,
  header: string,
): void {
  if (header.length <= cloudFrontCspLimit) return;
  const sizes = Object.entries(directives)
    .map(([name, values]) => ({ name, text: serializeDirective(name, values) }))
    .sort((a, b) => b.text.length - a.text.length || a.name.localeCompare(b.name));
  const largest = sizes.slice(0, 3).map(({ name, text }) => `${name} (${text.length})`).join(", ");
  const top = sizes[0] ?? { name: "", text: "" };
  throw new CspError(
    top.name,
    top.text,
    `Content-Security-Policy is ${header.length} characters, ${header.length - cloudFrontCspLimit} over CloudFront's limit of ${cloudFrontCspLimit}. ` +
      `Largest directives: ${largest}. Shorten them (e.g. a wildcard host such as https://*.userpilot.io instead of a per-host list, or fewer inline-script hashes), or set the header elsewhere than a response-headers policy.`,
  );
}
