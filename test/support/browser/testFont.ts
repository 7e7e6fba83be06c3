// A minimal, valid TrueType font (two square glyphs, 'A' mapped) built in code, so the font stand-ins
// serve bytes that Chromium's font sanitizer (OTS) accepts: a FontFace then reaches status "loaded",
// which proves the font-src allowance end to end. No font file has to exist on the machine.

function table(size: number, fill: (v: DataView) => void): Buffer {
  const buf = Buffer.alloc(size);
  fill(new DataView(buf.buffer, buf.byteOffset, buf.byteLength));
  return buf;
}

function checksum(buf: Buffer): number {
  const padded = Buffer.alloc(Math.ceil(buf.length / 4) * 4);
  buf.copy(padded);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

const unitsPerEm = 1000;
const advance = 500;
const height = 700;

function squareGlyph(): Buffer {
  return table(36, (v) => {
    v.setInt16(0, 1); // one contour
    v.setInt16(2, 0);
    v.setInt16(4, 0);
    v.setInt16(6, advance);
    v.setInt16(8, height);
    v.setUint16(10, 3); // last point index of the contour
    v.setUint16(12, 0); // no instructions
    for (let i = 0; i < 4; i++) v.setUint8(14 + i, 0x01); // on-curve, 16-bit x and y deltas
    [0, 0, advance, 0].forEach((dx, i) => v.setInt16(18 + i * 2, dx));
    [0, height, 0, -height].forEach((dy, i) => v.setInt16(26 + i * 2, dy));
  });
}

function nameTable(family: string): Buffer {
  const strings: Array<[number, string]> = [
    [1, family],
    [2, "Regular"],
    [3, `${family}-test`],
    [4, family],
    [5, "Version 1.0"],
    [6, `${family}-Regular`],
  ];
  const encoded = strings.map(([id, s]) => [id, Buffer.from(s, "utf16le").swap16()] as const);
  const header = 6 + encoded.length * 12;
  const data = Buffer.concat(encoded.map(([, b]) => b));
  const head = table(header, (v) => {
    v.setUint16(0, 0);
    v.setUint16(2, encoded.length);
    v.setUint16(4, header);
    let offset = 0;
    encoded.forEach(([id, b], i) => {
      const r = 6 + i * 12;
      v.setUint16(r, 3);
      v.setUint16(r + 2, 1);
      v.setUint16(r + 4, 0x409);
      v.setUint16(r + 6, id);
      v.setUint16(r + 8, b.length);
      v.setUint16(r + 10, offset);
      offset += b.length;
    });
  });
  return Buffer.concat([head, data]);
}

/** A TrueType font whose family name is `family` (default "LiveChatTest"). */
export function minimalTrueTypeFont(family = "LiveChatTest"): Buffer {
  const numGlyphs = 2;
  const glyph = squareGlyph();
  const tables: Record<string, Buffer> = {
    "OS/2": table(96, (v) => {
      v.setUint16(0, 4);
      v.setInt16(2, advance);
      v.setUint16(4, 400);
      v.setUint16(6, 5);
      v.setUint16(8, 0); // fsType: installable
      v.setInt16(26, 50);
      v.setInt16(28, 250); // strikeout size/position
      v.setUint32(42, 1); // ulUnicodeRange1: Basic Latin
      Buffer.from("TEST").copy(Buffer.from(v.buffer, v.byteOffset + 58, 4));
      v.setUint16(62, 0x40); // fsSelection: REGULAR
      v.setUint16(64, 0x41);
      v.setUint16(66, 0x41);
      v.setInt16(68, 800);
      v.setInt16(70, -200);
      v.setInt16(72, 0);
      v.setUint16(74, 800);
      v.setUint16(76, 200);
      v.setUint32(78, 1); // ulCodePageRange1: Latin 1
      v.setInt16(86, 500);
      v.setInt16(88, height);
      v.setUint16(90, 0);
      v.setUint16(92, 0x20);
      v.setUint16(94, 1);
    }),
    cmap: table(44, (v) => {
      v.setUint16(0, 0);
      v.setUint16(2, 1);
      v.setUint16(4, 3);
      v.setUint16(6, 1);
      v.setUint32(8, 12);
      const s = 12; // format 4, two segments: 'A' → glyph 1, and the 0xFFFF terminator
      v.setUint16(s, 4);
      v.setUint16(s + 2, 32);
      v.setUint16(s + 4, 0);
      v.setUint16(s + 6, 4);
      v.setUint16(s + 8, 4);
      v.setUint16(s + 10, 1);
      v.setUint16(s + 12, 0);
      v.setUint16(s + 14, 0x41);
      v.setUint16(s + 16, 0xffff);
      v.setUint16(s + 18, 0);
      v.setUint16(s + 20, 0x41);
      v.setUint16(s + 22, 0xffff);
      v.setUint16(s + 24, (1 - 0x41) & 0xffff);
      v.setUint16(s + 26, 1);
      v.setUint16(s + 28, 0);
      v.setUint16(s + 30, 0);
    }),
    glyf: Buffer.concat([glyph, glyph]),
    head: table(54, (v) => {
      v.setUint32(0, 0x00010000);
      v.setUint32(4, 0x00010000);
      v.setUint32(8, 0);
      v.setUint32(12, 0x5f0f3cf5);
      v.setUint16(16, 0x000b);
      v.setUint16(18, unitsPerEm);
      v.setInt16(36, 0);
      v.setInt16(38, 0);
      v.setInt16(40, advance);
      v.setInt16(42, height);
      v.setUint16(44, 0);
      v.setUint16(46, 8);
      v.setInt16(48, 2);
      v.setInt16(50, 0);
      v.setInt16(52, 0);
    }),
    hhea: table(36, (v) => {
      v.setUint32(0, 0x00010000);
      v.setInt16(4, 800);
      v.setInt16(6, -200);
      v.setInt16(8, 0);
      v.setUint16(10, advance);
      v.setInt16(16, advance);
      v.setInt16(18, 1);
      v.setUint16(34, numGlyphs);
    }),
    hmtx: table(8, (v) => {
      v.setUint16(0, advance);
      v.setUint16(4, advance);
    }),
    loca: table(6, (v) => {
      v.setUint16(0, 0);
      v.setUint16(2, glyph.length / 2);
      v.setUint16(4, glyph.length);
    }),
    maxp: table(32, (v) => {
      v.setUint32(0, 0x00010000);
      v.setUint16(4, numGlyphs);
      v.setUint16(6, 4);
      v.setUint16(8, 1);
      v.setUint16(14, 2); // maxZones
    }),
    name: nameTable(family),
    post: table(32, (v) => {
      v.setUint32(0, 0x00030000);
      v.setInt16(8, -100);
      v.setInt16(10, 50);
    }),
  };

  const tags = Object.keys(tables).sort();
  const dirSize = 12 + tags.length * 16;
  const entrySelector = Math.floor(Math.log2(tags.length));
  const searchRange = 16 * 2 ** entrySelector;
  const directory = table(dirSize, (v) => {
    v.setUint32(0, 0x00010000);
    v.setUint16(4, tags.length);
    v.setUint16(6, searchRange);
    v.setUint16(8, entrySelector);
    v.setUint16(10, tags.length * 16 - searchRange);
  });
  const bodies: Buffer[] = [];
  let offset = dirSize;
  tags.forEach((tag, i) => {
    const body = tables[tag] as Buffer;
    const r = 12 + i * 16;
    directory.write(tag, r, 4, "latin1");
    directory.writeUInt32BE(checksum(body), r + 4);
    directory.writeUInt32BE(offset, r + 8);
    directory.writeUInt32BE(body.length, r + 12);
    const padded = Buffer.alloc(Math.ceil(body.length / 4) * 4);
    body.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  const font = Buffer.concat([directory, ...bodies]);
  const headOffset = directory.readUInt32BE(12 + tags.indexOf("head") * 16 + 8);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}
