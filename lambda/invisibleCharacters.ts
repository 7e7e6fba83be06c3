// Characters a reader cannot see: controls, format characters (zero-width, bidirectional
// overrides and isolates, tags), line and paragraph separators, unpaired surrogates, Unicode's
// Default_Ignorable_Code_Point set (e.g. U+034F combining grapheme joiner, U+3164 Hangul filler)
// and the letters that render blank without being ignorable (U+115F, U+1160, U+3164, U+FFA0 and
// U+2800 braille blank). One list, for two uses: refusing them in customer identifiers (two
// customers must not look alike to an agent) and escaping them in lines printed to a terminal
// (a U+202E in a browser's report must not reorder the text around it).
const invisibleClass = String.raw`\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0\u2800`;
const anyInvisible = new RegExp(`[${invisibleClass}]`, "u");
const everyInvisible = new RegExp(`[${invisibleClass}]`, "gu");
const control = /[\p{Cc}\p{Zl}\p{Zp}]/u;
// With the `u` flag, \p{Cs} matches only a surrogate that is not half of a pair.
const loneSurrogate = /\p{Cs}/u;

/**
 * Which kind of invisible character `text` holds, if any: `control` (C0/C1 controls, line and
 * paragraph separators), `surrogate` (an unpaired UTF-16 surrogate), or `invisible` (the rest).
 */
export function invisibleCharacterIn(text: string): "control" | "surrogate" | "invisible" | undefined {
  if (!anyInvisible.test(text)) return undefined;
  if (control.test(text)) return "control";
  return loneSurrogate.test(text) ? "surrogate" : "invisible";
}

/** `text` with every invisible character written as `\uXXXX` (or `\u{XXXXX}` beyond the BMP). */
export function escapeInvisible(text: string): string {
  return text.replace(everyInvisible, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
