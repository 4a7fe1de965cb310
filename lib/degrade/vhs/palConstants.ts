/**
 * Constants of the 625-line PAL raster sampled per ITU-R BT.601, as used by every VHS effect.
 * Values and sources: `/work/shared/notes/pal-vhs-physics.md` §1 ([S1]–[S5], [S8]).
 */

/** Active samples per line at 13.5 MHz (BT.601, 4:3 and 16:9) [S2, S3]. */
export const PAL_WIDTH = 720;
/** Active picture lines per frame (625 total, 288 per field) [S1]. */
export const PAL_HEIGHT = 576;
/** BT.601 luma sampling rate in MHz: one sample = 74.07 ns [S2]. */
export const PAL_SAMPLE_RATE_MHZ = 13.5;
/** Duration of one line in µs (15.625 kHz line rate) [S1, S2]. */
export const PAL_LINE_US = 64;
/**
 * Pixel aspect ratio (width / height of one sample) used to convert the raster to square pixels: **16:15**,
 * i.e. all 720 samples are taken to span the 4:3 picture, so 720 × 16/15 = 768 square pixels, the
 * size the brief asks for and the size early square-pixel capture cards delivered [S8].
 *
 * Why not BT.601's 59:54 (≈1.093)? That ratio applies to the ≈702 samples of the 52 µs active line
 * (702 × 59/54 ≈ 767 ≈ 768) [S4, S5]; applied to all 720 samples it would give ≈787 px. The two
 * conventions differ by 2.4 % horizontally, below what the degradations themselves move; 16:15 keeps
 * the mapping 720 ↔ 768 exact and needs no blanking margins. (12:11 and 128:117 are also seen [S4, S5].)
 */
export const PAL_PIXEL_ASPECT = 16 / 15;
/** Width of the square-pixel output: 720 × {@link PAL_PIXEL_ASPECT} = 768 [S3, S8]. */
export const SQUARE_WIDTH = 768;
/**
 * Quantisation levels between black and white in 8-bit studio-range video (16…235, BT.601).
 * Noise σ given "in 8-bit levels" is divided by this to get the [0, 1] float scale (notes §3).
 */
export const LEVELS_PER_UNIT = 219;
