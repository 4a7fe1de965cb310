// AssemblyScript source of the WebAssembly SIMD kernel of bm3dDenoise (see ../bm3dWasm.ts, which
// loads it). Compiled by `npm run build:wasm` (build.js) into bm3d.wasm and its embedded copy
// bm3dWasmBinary.ts; the main tsconfig does not compile this file.
//
// Planes are padded by the caller (reflect-101), row stride PW floats, K × K patches (K a multiple
// of 4: 8 or 12), 2D orthonormal DCT (matrix passed by the caller) + 1D orthonormal Haar along the
// group. Block matching on plane 0 (luma) only; the group is shared by all channels (CBM3D).

let PW = 0;
let PH = 0;
let C = 0;
let K = 0;
let KK = 0;
let KV = 0;
let NMAX = 0;
let NRMAX = 0;
let PLANE: usize = 0; // bytes per plane including slack
let noisyPtr: usize = 0;
let basicPtr: usize = 0;
let numPtr: usize = 0;
let denPtr: usize = 0;
let vPtr: usize = 0;
let listDPtr: usize = 0;
let listPPtr: usize = 0;
let countPtr: usize = 0;
let refColPtr: usize = 0;
let grpAPtr: usize = 0;
let grpBPtr: usize = 0;
let tmpPtr: usize = 0;
let work1Ptr: usize = 0;
let work2Ptr: usize = 0;
let patchPtr: usize = 0;
let wkPtr: usize = 0;
let dctPtr: usize = 0;
let dctTPtr: usize = 0;
let kaiserPtr: usize = 0;
let endPtr: usize = 0;

function alignUp(p: usize): usize {
  return (p + 63) & ~(<usize>63);
}

/** Lays out the memory for a pw × ph padded image; returns 0 when memory cannot grow. */
export function prepare(pw: i32, ph: i32, channels: i32, k: i32, nmax: i32, nrmax: i32): usize {
  PW = pw;
  PH = ph;
  C = channels;
  K = k;
  KK = k * k;
  KV = k >> 2;
  NMAX = nmax;
  NRMAX = nrmax;
  PLANE = alignUp(<usize>(pw * ph + 64) << 2);
  noisyPtr = alignUp(__heap_base);
  basicPtr = noisyPtr + PLANE * <usize>C;
  numPtr = basicPtr + PLANE * <usize>C;
  denPtr = numPtr + PLANE * <usize>C;
  vPtr = denPtr + PLANE * <usize>C;
  listDPtr = alignUp(vPtr + (<usize>(pw + 64) << 2));
  listPPtr = alignUp(listDPtr + (<usize>(nrmax * nmax) << 2));
  countPtr = alignUp(listPPtr + (<usize>(nrmax * nmax) << 2));
  refColPtr = alignUp(countPtr + (<usize>nrmax << 2));
  grpAPtr = alignUp(refColPtr + (<usize>nrmax << 2));
  grpBPtr = alignUp(grpAPtr + (<usize>(nmax * KK) << 2));
  tmpPtr = alignUp(grpBPtr + (<usize>(nmax * KK) << 2));
  work1Ptr = alignUp(tmpPtr + (<usize>(nmax * KK) << 2));
  work2Ptr = alignUp(work1Ptr + (<usize>KK << 2));
  patchPtr = alignUp(work2Ptr + (<usize>KK << 2));
  wkPtr = alignUp(patchPtr + (<usize>KK << 2));
  dctPtr = alignUp(wkPtr + (<usize>KK << 2));
  dctTPtr = alignUp(dctPtr + (<usize>KK << 2));
  kaiserPtr = alignUp(dctTPtr + (<usize>KK << 2));
  endPtr = alignUp(kaiserPtr + (<usize>KK << 2));
  const have = <usize>memory.size() << 16;
  if (endPtr > have) {
    if (memory.grow(<i32>((endPtr - have + 0xffff) >> 16)) < 0) return 0;
  }
  memory.fill(noisyPtr, 0, endPtr - noisyPtr);
  return noisyPtr;
}

export function planeBytes(): usize {
  return PLANE;
}
export function basicAddress(): usize {
  return basicPtr;
}
export function dctAddress(): usize {
  return dctPtr;
}
export function dctTAddress(): usize {
  return dctTPtr;
}
export function kaiserAddress(): usize {
  return kaiserPtr;
}
export function refColAddress(): usize {
  return refColPtr;
}

/** dst[a][:] = Σ_b M[a][b] · src[b][:]; rows of K floats; src rows `srcStride` bytes apart. */
function matRows(M: usize, src: usize, srcStride: usize, dst: usize): void {
  const rowBytes = <usize>K << 2;
  for (let a = 0; a < K; a++) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    const mrow = M + <usize>(a * K) * 4;
    for (let b = 0; b < K; b++) {
      const m = f32x4.splat(load<f32>(mrow + (<usize>b << 2)));
      const s = src + <usize>b * srcStride;
      a0 = f32x4.add(a0, f32x4.mul(m, v128.load(s)));
      if (KV > 1) a1 = f32x4.add(a1, f32x4.mul(m, v128.load(s, 16)));
      if (KV > 2) a2 = f32x4.add(a2, f32x4.mul(m, v128.load(s, 32)));
    }
    const d = dst + <usize>a * rowBytes;
    v128.store(d, a0);
    if (KV > 1) v128.store(d, a1, 16);
    if (KV > 2) v128.store(d, a2, 32);
  }
}

/** K × K transpose of contiguous matrices, by 4 × 4 blocks. */
function transpose(src: usize, dst: usize): void {
  const rb = <usize>K << 2;
  for (let bi = 0; bi < KV; bi++) {
    for (let bj = 0; bj < KV; bj++) {
      const s = src + <usize>(bi * 4) * rb + (<usize>bj << 4);
      const r0 = v128.load(s);
      const r1 = v128.load(s + rb);
      const r2 = v128.load(s + 2 * rb);
      const r3 = v128.load(s + 3 * rb);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const d = dst + <usize>(bj * 4) * rb + (<usize>bi << 4);
      v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(d + rb, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(d + 2 * rb, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(d + 3 * rb, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
  }
}

/** Forward 2D DCT of the patch at `src` (plane address, row stride PW); writes (C A Cᵀ)ᵀ to dst. */
function fwd2d(src: usize, dst: usize): void {
  matRows(dctPtr, src, <usize>PW << 2, work1Ptr);
  transpose(work1Ptr, work2Ptr);
  matRows(dctPtr, work2Ptr, <usize>K << 2, dst);
}

/** Inverse of fwd2d: contiguous coefficients → contiguous patch. */
function inv2d(src: usize, dst: usize): void {
  matRows(dctTPtr, src, <usize>K << 2, work1Ptr);
  transpose(work1Ptr, work2Ptr);
  matRows(dctTPtr, work2Ptr, <usize>K << 2, dst);
}

const RS2: f32 = 0.7071067811865476;

/** Orthonormal multilevel Haar along the n (power of 2) patches of the group at g. */
function haarFwd(g: usize, n: i32): void {
  const pb = <usize>KK << 2;
  const s = f32x4.splat(RS2);
  for (let len = n; len > 1; len >>= 1) {
    const half = len >> 1;
    for (let i = 0; i < half; i++) {
      const x0 = g + <usize>(2 * i) * pb;
      const x1 = x0 + pb;
      const ta = tmpPtr + <usize>i * pb;
      const td = tmpPtr + <usize>(half + i) * pb;
      for (let o: usize = 0; o < pb; o += 16) {
        const a = v128.load(x0 + o);
        const b = v128.load(x1 + o);
        v128.store(ta + o, f32x4.mul(f32x4.add(a, b), s));
        v128.store(td + o, f32x4.mul(f32x4.sub(a, b), s));
      }
    }
    memory.copy(g, tmpPtr, <usize>len * pb);
  }
}

function haarInv(g: usize, n: i32): void {
  const pb = <usize>KK << 2;
  const s = f32x4.splat(RS2);
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    for (let i = 0; i < half; i++) {
      const xa = g + <usize>i * pb;
      const xd = g + <usize>(half + i) * pb;
      const t0 = tmpPtr + <usize>(2 * i) * pb;
      const t1 = t0 + pb;
      for (let o: usize = 0; o < pb; o += 16) {
        const a = v128.load(xa + o);
        const d = v128.load(xd + o);
        v128.store(t0 + o, f32x4.mul(f32x4.add(a, d), s));
        v128.store(t1 + o, f32x4.mul(f32x4.sub(a, d), s));
      }
    }
    memory.copy(g, tmpPtr, <usize>len * pb);
  }
}

/** Adds w·kaiser·patch to num and w·kaiser to den of channel c at padded index pos. */
function aggregate(c: i32, pos: i32, patch: usize, w: f32): void {
  const wv = f32x4.splat(w);
  const kb = <usize>KK << 2;
  for (let o: usize = 0; o < kb; o += 16) v128.store(wkPtr + o, f32x4.mul(v128.load(kaiserPtr + o), wv));
  const num = numPtr + PLANE * <usize>c;
  const den = denPtr + PLANE * <usize>c;
  const rb = <usize>K << 2;
  for (let i = 0; i < K; i++) {
    const off = <usize>(pos + i * PW) << 2;
    for (let j = 0; j < KV; j++) {
      const q = off + (<usize>j << 4);
      const e = <usize>i * rb + (<usize>j << 4);
      const wk = v128.load(wkPtr + e);
      v128.store(num + q, f32x4.add(v128.load(num + q), f32x4.mul(wk, v128.load(patch + e))));
      v128.store(den + q, f32x4.add(v128.load(den + q), wk));
    }
  }
}

/**
 * Block matching for the reference row yr on guide plane `guide`: fills, for each of the nr
 * reference columns, the sorted list (≤ nmax) of positions within ±ns whose sum of squared
 * differences is ≤ tauSum; the reference itself comes first.
 */
function matchRow(guide: usize, yr: i32, nr: i32, ns: i32, nmax: i32, tauSum: f32): void {
  for (let r = 0; r < nr; r++) {
    const xr = load<i32>(refColPtr + (<usize>r << 2));
    store<f32>(listDPtr + (<usize>(r * nmax) << 2), 0);
    store<i32>(listPPtr + (<usize>(r * nmax) << 2), yr * PW + xr);
    store<i32>(countPtr + (<usize>r << 2), 1);
  }
  const y0 = max(0, yr - ns);
  const y1 = min(PH - K, yr + ns);
  const xmax = PW - K;
  for (let yc = y0; yc <= y1; yc++) {
    for (let dx = -ns; dx <= ns; dx++) {
      if (yc === yr && dx === 0) continue;
      const xlo = max(0, -dx);
      const xhi = min(xmax, xmax - dx);
      if (xhi < xlo) continue;
      // Column sums of squared differences over the K rows, for x in [xlo, xhi + K).
      const ra = guide + (<usize>(yr * PW) << 2);
      const rbp = guide + (<usize>(yc * PW + dx) << 2);
      const rowB = <usize>PW << 2;
      const xEnd = xhi + K;
      for (let x = xlo; x < xEnd; x += 4) {
        const o = <usize>x << 2;
        let acc = f32x4.splat(0);
        for (let i = 0; i < K; i++) {
          const e = f32x4.sub(v128.load(ra + <usize>i * rowB + o), v128.load(rbp + <usize>i * rowB + o));
          acc = f32x4.add(acc, f32x4.mul(e, e));
        }
        v128.store(vPtr + o, acc);
      }
      for (let r = 0; r < nr; r++) {
        const xr = load<i32>(refColPtr + (<usize>r << 2));
        if (xr < xlo || xr > xhi) continue;
        const vp = vPtr + (<usize>xr << 2);
        let sv = f32x4.add(v128.load(vp), v128.load(vp, 16));
        if (K === 12) sv = f32x4.add(sv, v128.load(vp, 32));
        const d =
          f32x4.extract_lane(sv, 0) + f32x4.extract_lane(sv, 1) + f32x4.extract_lane(sv, 2) + f32x4.extract_lane(sv, 3);
        if (d > tauSum) continue;
        const cp = countPtr + (<usize>r << 2);
        let cnt = load<i32>(cp);
        const ld = listDPtr + (<usize>(r * nmax) << 2);
        const lp = listPPtr + (<usize>(r * nmax) << 2);
        if (cnt === nmax && d >= load<f32>(ld + (<usize>(cnt - 1) << 2))) continue;
        let i = cnt < nmax ? cnt : cnt - 1;
        while (i > 1 && load<f32>(ld + (<usize>(i - 1) << 2)) > d) {
          store<f32>(ld + (<usize>i << 2), load<f32>(ld + (<usize>(i - 1) << 2)));
          store<i32>(lp + (<usize>i << 2), load<i32>(lp + (<usize>(i - 1) << 2)));
          i--;
        }
        store<f32>(ld + (<usize>i << 2), d);
        store<i32>(lp + (<usize>i << 2), yc * PW + xc(xr, dx));
        if (cnt < nmax) store<i32>(cp, cnt + 1);
      }
    }
  }
}

@inline function xc(xr: i32, dx: i32): i32 {
  return xr + dx;
}

/**
 * One BM3D step over the whole padded image. mode 1: hard thresholding of the noisy groups
 * (threshold `thr` = λ3D·σ), weights 1/N_nonzero. mode 2: empirical Wiener filtering of the noisy
 * groups with the basic estimate (σ² = sigma2), weights 1/ΣW². Reference columns: the nr values at
 * refColAddress(); reference rows 0, p, 2p, … and PH − K. Accumulates into num/den (zeroed first).
 */
export function runStep(mode: i32, nr: i32, p: i32, ns: i32, nmax: i32, tauSum: f32, thr: f32, sigma2: f32): void {
  memory.fill(numPtr, 0, PLANE * <usize>(2 * C));
  const guide = mode === 1 ? noisyPtr : basicPtr;
  const pb = <usize>KK << 2;
  const kb = <usize>KK << 2;
  const vthr = f32x4.splat(thr);
  const vs2 = f32x4.splat(sigma2);
  for (let yr = 0; ; yr += p) {
    if (yr > PH - K) yr = PH - K;
    matchRow(guide, yr, nr, ns, nmax, tauSum);
    for (let r = 0; r < nr; r++) {
      const cnt = load<i32>(countPtr + (<usize>r << 2));
      let n = 1;
      while (n * 2 <= cnt) n *= 2;
      const lp = listPPtr + (<usize>(r * nmax) << 2);
      for (let c = 0; c < C; c++) {
        const plane = noisyPtr + PLANE * <usize>c;
        for (let m = 0; m < n; m++) {
          const pos = load<i32>(lp + (<usize>m << 2));
          fwd2d(plane + (<usize>pos << 2), grpAPtr + <usize>m * pb);
        }
        haarFwd(grpAPtr, n);
        let w: f32 = 1;
        if (mode === 1) {
          let nz = i32x4.splat(0);
          const total = <usize>n * pb;
          for (let o: usize = 0; o < total; o += 16) {
            const v = v128.load(grpAPtr + o);
            const keep = f32x4.gt(f32x4.abs(v), vthr);
            v128.store(grpAPtr + o, v128.and(v, keep));
            nz = i32x4.sub(nz, keep);
          }
          const nnz = i32x4.extract_lane(nz, 0) + i32x4.extract_lane(nz, 1) + i32x4.extract_lane(nz, 2) + i32x4.extract_lane(nz, 3);
          w = 1 / <f32>max(nnz, 1);
        } else {
          const bplane = basicPtr + PLANE * <usize>c;
          for (let m = 0; m < n; m++) {
            const pos = load<i32>(lp + (<usize>m << 2));
            fwd2d(bplane + (<usize>pos << 2), grpBPtr + <usize>m * pb);
          }
          haarFwd(grpBPtr, n);
          let sw = f32x4.splat(0);
          const total = <usize>n * pb;
          for (let o: usize = 0; o < total; o += 16) {
            const b = v128.load(grpBPtr + o);
            const b2 = f32x4.mul(b, b);
            const wf = f32x4.div(b2, f32x4.add(b2, vs2));
            sw = f32x4.add(sw, f32x4.mul(wf, wf));
            v128.store(grpAPtr + o, f32x4.mul(v128.load(grpAPtr + o), wf));
          }
          const s = f32x4.extract_lane(sw, 0) + f32x4.extract_lane(sw, 1) + f32x4.extract_lane(sw, 2) + f32x4.extract_lane(sw, 3);
          w = 1 / max<f32>(s, 1);
        }
        haarInv(grpAPtr, n);
        for (let m = 0; m < n; m++) {
          const pos = load<i32>(lp + (<usize>m << 2));
          inv2d(grpAPtr + <usize>m * kb, patchPtr);
          aggregate(c, pos, patchPtr, w);
        }
      }
    }
    if (yr === PH - K) break;
  }
}

/** basic[c] = num[c] / den[c] over the padded planes. */
export function finish(): void {
  const n = <usize>(PW * PH) << 2;
  for (let c = 0; c < C; c++) {
    const num = numPtr + PLANE * <usize>c;
    const den = denPtr + PLANE * <usize>c;
    const dst = basicPtr + PLANE * <usize>c;
    for (let o: usize = 0; o < n; o += 16) {
      v128.store(dst + o, f32x4.div(v128.load(num + o), v128.load(den + o)));
    }
  }
}
