// AssemblyScript source of the WebAssembly SIMD kernel of nonLocalMeans (see ../nlmWasm.ts, which
// loads it, and ../nlmKernel.ts, whose JavaScript kernel computes the same thing in float64).
// Compiled by `npm run build:wasm` (build.js) into nlm.wasm and its embedded copy nlmWasmBinary.ts;
// the main tsconfig does not compile this file (it is AssemblyScript, not TypeScript).
//
// Lanes are 4 consecutive columns, in float32. Every patch distance is summed in an order that
// depends only on the pixel's absolute position (the 2r+1 rows of squared differences in the order
// of their row index modulo 2r+1, then the 2r+1 columns left to right; no running sums), so the
// weights, and therefore the output, do not depend on how rows are split into bands or chunks.

/** Layout of the linear memory for the current call, set by `prepare`. */
let AW = 0; // accumulator row stride: the image width rounded up to 4
let ROWS = 0; // rows of the chunk
let Y0 = 0; // image row of the chunk's first row
let C = 0; // channels (1 or 3)
let PR = 0; // patch radius r
let SR = 0; // search radius R
let G = 0; // offsets per group
let S = 0; // row stride (floats) of every plane and ring
let XP = 0; // column of x = 0 in a source row
let XQ = 0; // column of x = 0 in a squared-difference ring row
let XW = 0; // column of x = 0 in a weight ring row
let srcPtr: usize = 0;
let sqPtr: usize = 0;
let colPtr: usize = 0;
let wrPtr: usize = 0;
let accPtr: usize = 0;
let wmaxPtr: usize = 0;
let endPtr: usize = 0;

@inline function ceil4(v: i32): i32 {
  return (v + 3) & ~3;
}

@inline function floor4(v: i32): i32 {
  return v & ~3;
}

function alignUp(p: usize): usize {
  return (p + 63) & ~(<usize>63);
}

/**
 * Sets the layout for the chunk of `rows` rows starting at image row `y0` of a `width`-wide image and
 * grows the memory as needed.
 * Returns the address of the source planes: `channels` planes of (rows + 2(R + r)) rows of
 * `rowStride()` floats, x = 0 at column `srcOrigin()`, which the caller fills (zeros outside the
 * image's padded planes), followed by the accumulators (zeroed here).
 */
export function prepare(width: i32, y0: i32, rows: i32, channels: i32, r: i32, R: i32, group: i32): usize {
  Y0 = y0;
  AW = ceil4(width);
  ROWS = rows;
  C = channels;
  PR = r;
  SR = R;
  G = group;
  const r4 = ceil4(r);
  XP = ceil4(2 * R + r4 + 8);
  XQ = ceil4(R + r4 + 8);
  XW = ceil4(R + 8);
  S = ceil4(AW + 2 * XP + 8);
  const pw = 2 * r + 1;
  srcPtr = alignUp(__heap_base);
  sqPtr = alignUp(srcPtr + <usize>(C * (rows + 2 * (R + r)) * S) * 4);
  colPtr = alignUp(sqPtr + <usize>(G * pw * S) * 4);
  wrPtr = alignUp(colPtr + <usize>S * 4);
  accPtr = alignUp(wrPtr + <usize>(G * (R + 1) * S) * 4);
  wmaxPtr = alignUp(accPtr + <usize>(4 * rows * AW) * 8);
  endPtr = alignUp(wmaxPtr + <usize>(rows * AW) * 4);
  const have = <usize>memory.size() << 16;
  if (endPtr > have) {
    if (memory.grow(<i32>((endPtr - have + 0xffff) >> 16)) < 0) return 0;
  }
  memory.fill(accPtr, 0, endPtr - accPtr);
  return srcPtr;
}

export function rowStride(): i32 {
  return S;
}

export function srcOrigin(): i32 {
  return XP;
}

/** Accumulators: float64 planes acc0, acc1, acc2, wsum of ROWS × accStride(), then float32 wmax. */
export function accAddress(): usize {
  return accPtr;
}

export function wmaxAddress(): usize {
  return wmaxPtr;
}

export function accStride(): i32 {
  return AW;
}

/** Address of sample (x, y) of plane c; y is relative to the chunk (rows −(R + r) … ROWS + R + r − 1). */
@inline function srcAt(c: i32, y: i32, x: i32): usize {
  return srcPtr + (<usize>(((c * (ROWS + 2 * (SR + PR)) + y + SR + PR) * S + XP + x)) << 2);
}

@inline function slotOf(y: i32, n: i32): i32 {
  const m = y % n;
  return m < 0 ? m + n : m;
}

/**
 * Squared differences of row y with row y + dy shifted by dx, summed over channels, for columns
 * [cs, ce) into ring k (slot: image row mod 2r+1); then the vertical sums of the ring's 2r+1 rows into the
 * column buffer, in slot order.
 */
function sqAndColumns(k: i32, dx: i32, dy: i32, y: i32, cs: i32, ce: i32, sumColumns: bool): void {
  const pw = 2 * PR + 1;
  const ring = sqPtr + (<usize>(k * pw * S + XQ) << 2);
  const row = ring + (<usize>(slotOf(Y0 + y, pw) * S) << 2);
  const a0 = srcAt(0, y, 0);
  const b0 = srcAt(0, y + dy, dx);
  const col = colPtr + (<usize>XQ << 2);
  const ringStride = <usize>S << 2;
  if (C === 3 && pw === 7 && sumColumns) {
    const a1 = srcAt(1, y, 0);
    const b1 = srcAt(1, y + dy, dx);
    const a2 = srcAt(2, y, 0);
    const b2 = srcAt(2, y + dy, dx);
    for (let x = cs; x < ce; x += 4) {
      const o = <usize>x << 2;
      let e = f32x4.sub(v128.load(a0 + o), v128.load(b0 + o));
      let d = f32x4.mul(e, e);
      e = f32x4.sub(v128.load(a1 + o), v128.load(b1 + o));
      d = f32x4.add(d, f32x4.mul(e, e));
      e = f32x4.sub(v128.load(a2 + o), v128.load(b2 + o));
      d = f32x4.add(d, f32x4.mul(e, e));
      v128.store(row + o, d);
      const p = ring + o;
      let s = v128.load(p);
      s = f32x4.add(s, v128.load(p + ringStride));
      s = f32x4.add(s, v128.load(p + 2 * ringStride));
      s = f32x4.add(s, v128.load(p + 3 * ringStride));
      s = f32x4.add(s, v128.load(p + 4 * ringStride));
      s = f32x4.add(s, v128.load(p + 5 * ringStride));
      s = f32x4.add(s, v128.load(p + 6 * ringStride));
      v128.store(col + o, s);
    }
    return;
  }
  if (C === 3) {
    const a1 = srcAt(1, y, 0);
    const b1 = srcAt(1, y + dy, dx);
    const a2 = srcAt(2, y, 0);
    const b2 = srcAt(2, y + dy, dx);
    for (let x = cs; x < ce; x += 4) {
      const o = <usize>x << 2;
      let e = f32x4.sub(v128.load(a0 + o), v128.load(b0 + o));
      let d = f32x4.mul(e, e);
      e = f32x4.sub(v128.load(a1 + o), v128.load(b1 + o));
      d = f32x4.add(d, f32x4.mul(e, e));
      e = f32x4.sub(v128.load(a2 + o), v128.load(b2 + o));
      d = f32x4.add(d, f32x4.mul(e, e));
      v128.store(row + o, d);
    }
  } else {
    for (let x = cs; x < ce; x += 4) {
      const o = <usize>x << 2;
      const e = f32x4.sub(v128.load(a0 + o), v128.load(b0 + o));
      v128.store(row + o, f32x4.mul(e, e));
    }
  }
  if (!sumColumns) return;
  if (pw === 7) {
    for (let x = cs; x < ce; x += 4) {
      const p = ring + (<usize>x << 2);
      let s = v128.load(p);
      s = f32x4.add(s, v128.load(p + ringStride));
      s = f32x4.add(s, v128.load(p + 2 * ringStride));
      s = f32x4.add(s, v128.load(p + 3 * ringStride));
      s = f32x4.add(s, v128.load(p + 4 * ringStride));
      s = f32x4.add(s, v128.load(p + 5 * ringStride));
      s = f32x4.add(s, v128.load(p + 6 * ringStride));
      v128.store(col + (<usize>x << 2), s);
    }
  } else {
    for (let x = cs; x < ce; x += 4) {
      const p = ring + (<usize>x << 2);
      let s = v128.load(p);
      for (let j = 1; j < pw; j++) s = f32x4.add(s, v128.load(p + <usize>j * ringStride));
      v128.store(col + (<usize>x << 2), s);
    }
  }
}

// exp(−t) = 2^n · 2^f, x = −t·log2(e) = n + f, |f| ≤ ½; polynomial relative error < 2.4e-7.
const LOG2E: f32 = 1.4426950408889634;
const P0: f32 = 1.0000001192092896;
const P1: f32 = 0.6931469440460205;
const P2: f32 = 0.24022120237350464;
const P3: f32 = 0.05550713464617729;
const P4: f32 = 0.009675541892647743;
const P5: f32 = 0.001327647129073739;

/**
 * Horizontal box sums of the column buffer for weight columns [ws, we), then the weights into weight
 * ring k, slot y mod (R + 1). The weight is exp(−t), t = clamp(s·a − b, 0, tMax), except over the last
 * 1/256 before tMax, where it falls linearly to 0 (slope `fade`) like the JavaScript kernel's
 * interpolated table.
 */
function weights(k: i32, y: i32, ws: i32, we: i32, a: f32, b: f32, tMax: f32, fade: f32): void {
  const col = colPtr + (<usize>XQ << 2);
  const out = wrPtr + (<usize>((k * (SR + 1) + slotOf(y, SR + 1)) * S + XW) << 2);
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  const zero = f32x4.splat(0);
  const vtMax = f32x4.splat(tMax);
  const vfade = f32x4.splat(fade);
  const vtFade = f32x4.splat(tMax - 1.0 / 256);
  const vlog2e = f32x4.splat(-LOG2E);
  const bias = i32x4.splat(127);
  const vmagic = f32x4.splat(12582912);
  const r = PR;
  for (let x = ws; x < we; x += 4) {
    const p = col + (<usize>(x - r) << 2);
    let s: v128;
    if (r === 3) {
      s = v128.load(p);
      s = f32x4.add(s, v128.load(p, 4));
      s = f32x4.add(s, v128.load(p, 8));
      s = f32x4.add(s, v128.load(p, 12));
      s = f32x4.add(s, v128.load(p, 16));
      s = f32x4.add(s, v128.load(p, 20));
      s = f32x4.add(s, v128.load(p, 24));
    } else {
      s = v128.load(p);
      for (let j = 1; j <= 2 * r; j++) s = f32x4.add(s, v128.load(p + (<usize>j << 2)));
    }
    // pmin/pmax are single instructions (min/max handle NaN and −0, which cannot occur here).
    const t = f32x4.pmin(f32x4.pmax(f32x4.sub(f32x4.mul(s, va), vb), zero), vtMax);
    const xl = f32x4.mul(t, vlog2e);
    // Round to nearest by adding 1.5·2^23: the low mantissa bits of `kv` then hold n as an integer.
    const kv = f32x4.add(xl, vmagic);
    const n = f32x4.sub(kv, vmagic);
    const f = f32x4.sub(xl, n);
    let q = f32x4.add(f32x4.mul(f32x4.splat(P5), f), f32x4.splat(P4));
    q = f32x4.add(f32x4.mul(q, f), f32x4.splat(P3));
    q = f32x4.add(f32x4.mul(q, f), f32x4.splat(P2));
    q = f32x4.add(f32x4.mul(q, f), f32x4.splat(P1));
    q = f32x4.add(f32x4.mul(q, f), f32x4.splat(P0));
    const scale = i32x4.shl(i32x4.add(kv, bias), 23);
    const e = f32x4.mul(q, scale);
    const lin = f32x4.mul(f32x4.sub(vtMax, t), vfade);
    v128.store(out + (<usize>x << 2), v128.bitselect(lin, e, f32x4.gt(t, vtFade)));
  }
}

/**
 * Adds the offsets (g + k, dy), k < k1, to accumulator row y: pixel x receives u(x + δ) with the
 * weight of pair (x, x + δ) (row y of the ring) and u(x − δ) with the weight of pair (x − δ, x)
 * (row y − dy, column x − dx). The group's sums are formed in float32, then added in float64.
 */
function gather(y: i32, g: i32, k1: i32, dy: i32): void {
  const ringStride = <usize>((SR + 1) * S) << 2;
  const o = <usize>(y * AW);
  const n = <usize>(ROWS * AW);
  const acc0 = accPtr + (o << 3);
  const acc1 = acc0 + (n << 3);
  const acc2 = acc1 + (n << 3);
  const accW = acc2 + (n << 3);
  const wmax = wmaxPtr + (o << 2);
  const colour = C === 3;
  const plane = <usize>((ROWS + 2 * (SR + PR)) * S) << 2;
  // Offset k: weights at wp0 + k·ringStride and wm0 + k·(ringStride − 4), samples at up0 + 4k and um0 − 4k.
  const wp0 = wrPtr + (<usize>(slotOf(y, SR + 1) * S + XW) << 2);
  const wm0 = wrPtr + (<usize>(slotOf(y - dy, SR + 1) * S + XW - g) << 2);
  const up0 = srcAt(0, y + dy, g);
  const um0 = srcAt(0, y - dy, -g);
  const zero = f32x4.splat(0);
  for (let x = 0; x < AW; x += 4) {
    const xo = <usize>x << 2;
    let pwp = wp0 + xo;
    let pwm = wm0 + xo;
    let pup = up0 + xo;
    let pum = um0 + xo;
    let s0 = zero;
    let s1 = zero;
    let s2 = zero;
    let sw = zero;
    let sm = zero;
    if (colour) {
      for (let k = 0; k < k1; k++) {
        const wp = v128.load(pwp);
        const wm = v128.load(pwm);
        s0 = f32x4.add(s0, f32x4.add(f32x4.mul(wp, v128.load(pup)), f32x4.mul(wm, v128.load(pum))));
        s1 = f32x4.add(s1, f32x4.add(f32x4.mul(wp, v128.load(pup + plane)), f32x4.mul(wm, v128.load(pum + plane))));
        s2 = f32x4.add(
          s2,
          f32x4.add(f32x4.mul(wp, v128.load(pup + 2 * plane)), f32x4.mul(wm, v128.load(pum + 2 * plane))),
        );
        sw = f32x4.add(sw, f32x4.add(wp, wm));
        sm = f32x4.pmax(sm, f32x4.pmax(wp, wm));
        pwp += ringStride;
        pwm += ringStride - 4;
        pup += 4;
        pum -= 4;
      }
    } else {
      for (let k = 0; k < k1; k++) {
        const wp = v128.load(pwp);
        const wm = v128.load(pwm);
        s0 = f32x4.add(s0, f32x4.add(f32x4.mul(wp, v128.load(pup)), f32x4.mul(wm, v128.load(pum))));
        sw = f32x4.add(sw, f32x4.add(wp, wm));
        sm = f32x4.pmax(sm, f32x4.pmax(wp, wm));
        pwp += ringStride;
        pwm += ringStride - 4;
        pup += 4;
        pum -= 4;
      }
    }
    const xd = <usize>x << 3;
    addF64(acc0 + xd, s0);
    if (colour) {
      addF64(acc1 + xd, s1);
      addF64(acc2 + xd, s2);
    }
    addF64(accW + xd, sw);
    const pm = wmax + xo;
    v128.store(pm, f32x4.pmax(v128.load(pm), sm));
  }
}

@inline function addF64(p: usize, v: v128): void {
  v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
  v128.store(p, f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
}

/**
 * Accumulates all offsets of the search window for the chunk prepared by `prepare`, whose source
 * planes the caller has filled. a = distScale, b = distOffset of the JavaScript kernel.
 */
export function run(a: f32, b: f32, tMax: f32, fade: f32): void {
  const R = SR;
  const r = PR;
  const r4 = ceil4(r);
  for (let dy = 0; dy <= R; dy++) {
    const dxFirst = dy === 0 ? 1 : -R;
    for (let g = dxFirst; g <= R; g += G) {
      const k1 = min(G, R + 1 - g);
      // Weight columns needed: x ∈ [0, AW) for pairs (x, x + δ), x − dx for pairs (x − δ, x).
      const ws = floor4(min(0, -(g + k1 - 1)));
      const we = ceil4(AW + max(0, -g));
      const cs = ws - r4;
      const ce = we + r4;
      const yFirst = -dy;
      for (let k = 0; k < k1; k++) {
        for (let y = yFirst - r; y < yFirst + r; y++) sqAndColumns(k, g + k, dy, y, cs, ce, false);
      }
      for (let y = yFirst; y < ROWS; y++) {
        for (let k = 0; k < k1; k++) {
          sqAndColumns(k, g + k, dy, y + r, cs, ce, true);
          weights(k, y, ws, we, a, b, tMax, fade);
        }
        if (y >= 0) gather(y, g, k1, dy);
      }
    }
  }
}
