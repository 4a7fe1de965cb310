import { deflateSync } from 'zlib';

/**
 * Encodes 16-bit samples as a baseline little-endian TIFF 6.0 file (one Deflate-compressed strip,
 * chunky planar layout, PhotometricInterpretation BlackIsZero or RGB).
 *
 * sharp 0.34's prebuilt libvips always passes `bitdepth: 8` to `tiffsave`, which reduces 16-bit
 * images to 8 bits, so 16-bit TIFF is written here instead. Readable by libtiff, libvips/sharp,
 * OpenCV and Pillow.
 * @internal
 */
export function encodeTiff16(samples: Uint16Array, width: number, height: number, channels: 1 | 3): Buffer {
  const raw = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  // TIFF data here is little-endian ('II'); a big-endian host would need a byte swap.
  const pixels = isLittleEndian() ? raw : swap16(raw);
  const strip = deflateSync(pixels, { level: 6 });

  type Entry = [tag: number, type: number, values: number[]];
  const SHORT = 3;
  const LONG = 4;
  const entries: Entry[] = [
    [256, LONG, [width]],
    [257, LONG, [height]],
    [258, SHORT, new Array<number>(channels).fill(16)],
    [259, SHORT, [8]], // Adobe Deflate
    [262, SHORT, [channels === 3 ? 2 : 1]], // RGB | BlackIsZero
    [273, LONG, [0]], // StripOffsets, patched below
    [277, SHORT, [channels]],
    [278, LONG, [height]],
    [279, LONG, [strip.length]],
    [284, SHORT, [1]], // chunky
    [339, SHORT, new Array<number>(channels).fill(1)], // unsigned integer samples
  ];
  const headerSize = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  // Values that do not fit in the 4-byte entry field go after the IFD.
  let extraOffset = headerSize + ifdSize;
  const extras: { entry: Entry; offset: number }[] = [];
  for (const e of entries) {
    const bytes = e[2].length * (e[1] === SHORT ? 2 : 4);
    if (bytes > 4) {
      extras.push({ entry: e, offset: extraOffset });
      extraOffset += bytes + (bytes % 2);
    }
  }
  const stripOffset = extraOffset;
  entries[5][2] = [stripOffset];

  const out = Buffer.alloc(stripOffset + strip.length);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(headerSize, 4);
  let p = headerSize;
  out.writeUInt16LE(entries.length, p);
  p += 2;
  for (const e of entries) {
    const [tag, type, values] = e;
    out.writeUInt16LE(tag, p);
    out.writeUInt16LE(type, p + 2);
    out.writeUInt32LE(values.length, p + 4);
    const extra = extras.find((x) => x.entry === e);
    if (extra) {
      out.writeUInt32LE(extra.offset, p + 8);
      values.forEach((v, i) => (type === SHORT ? out.writeUInt16LE(v, extra.offset + 2 * i) : out.writeUInt32LE(v, extra.offset + 4 * i)));
    } else {
      values.forEach((v, i) => (type === SHORT ? out.writeUInt16LE(v, p + 8 + 2 * i) : out.writeUInt32LE(v, p + 8 + 4 * i)));
    }
    p += 12;
  }
  out.writeUInt32LE(0, p); // no next IFD
  strip.copy(out, stripOffset);
  return out;
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

function swap16(buf: Buffer): Buffer {
  const copy = Buffer.from(buf);
  copy.swap16();
  return copy;
}
