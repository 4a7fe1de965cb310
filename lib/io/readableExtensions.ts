import sharp from 'sharp';

/**
 * File extensions (lower case, with the dot) of the formats {@link readImage} decodes, derived from
 * the installed sharp/libvips (`sharp.format[…].input.fileSuffix`): with sharp 0.34's prebuilt
 * libvips, `.jpg .jpeg .jpe .jfif .png .webp .tif .tiff .gif .svg .svgz .svg.gz .avif`, plus
 * `.heic .heif` (the HEIF container libheif opens; HEVC-coded pictures then fail with a clear
 * "not supported" error, AV1-coded ones decode). libvips' own `.v` format is left out: in an
 * archive a `.v` file is far more likely Verilog source than an image. `.bmp` is absent because
 * libvips has no BMP loader.
 * Compare with `name.toLowerCase().endsWith(ext)` (`.svg.gz` has two dots).
 */
export const READ_EXTENSIONS: readonly string[] = (() => {
  const out = new Set<string>();
  for (const [id, f] of Object.entries(sharp.format)) {
    const input = (f as { input?: { file?: boolean; fileSuffix?: string[] } }).input;
    if (id === 'vips' || !input?.file) continue;
    for (const s of input.fileSuffix ?? []) out.add(s.toLowerCase());
    if (id === 'heif') for (const s of ['.heic', '.heif', '.avif']) out.add(s);
  }
  return [...out].sort();
})();

/** Whether `name` ends with one of {@link READ_EXTENSIONS} (case-insensitive). */
export function hasReadableExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return READ_EXTENSIONS.some((e) => lower.endsWith(e));
}
