import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { crashArmed, crashPoint } from '../io/crashPoint';
import type { TrainingHistory } from './types';

/** A tensor with a name, as optimizers' getWeights return. */
interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** What a checkpoint folder holds besides the tensors. */
export interface CheckpointState {
  format: 1;
  /** Epochs completed (the next epoch to run, 0-based). */
  epochsDone: number;
  history: TrainingHistory;
  /** Best monitored value so far and the early-stopping counter. */
  best: { value: number; epoch: number; wait: number };
  /** Names and shapes of the saved model weights, checked on restore. */
  weightShapes: number[][];
  /** Epochs in the running weight average (`average-weights.*`), when weight averaging is on. */
  averageCount?: number;
  /**
   * Adam's running powers β₁ᵗ and β₂ᵗ as float32 values. tfjs's `setWeights` recomputes them as
   * `pow(β, t + 1)`, which differs in the last bits from the product accumulated step by step, so a
   * resumed run would drift from an uninterrupted one; restoring them makes it byte-identical.
   */
  optimizerScalars?: { accBeta1: number; accBeta2: number };
}

interface AdamLike {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

/**
 * Adam's running powers β₁ᵗ, β₂ᵗ (see {@link CheckpointState.optimizerScalars}), or undefined for
 * another optimizer. Shared with the patch trainer (`trainOnPatches`), which writes its own state file.
 */
export function readAdamScalars(optimizer: tf.Optimizer): { accBeta1: number; accBeta2: number } | undefined {
  const adam = optimizer as unknown as AdamLike;
  if (!(adam.accBeta1 instanceof tf.Variable && adam.accBeta2 instanceof tf.Variable)) return undefined;
  return { accBeta1: adam.accBeta1.dataSync()[0] as number, accBeta2: adam.accBeta2.dataSync()[0] as number };
}

/** Puts back powers saved by {@link readAdamScalars}; call after `optimizer.setWeights`, which recomputes them less exactly. */
export function restoreAdamScalars(optimizer: tf.Optimizer, scalars: { accBeta1: number; accBeta2: number }): void {
  const adam = optimizer as unknown as AdamLike;
  if (!(adam.accBeta1 instanceof tf.Variable && adam.accBeta2 instanceof tf.Variable)) return;
  tf.tidy(() => {
    adam.accBeta1?.assign(tf.scalar(scalars.accBeta1));
    adam.accBeta2?.assign(tf.scalar(scalars.accBeta2));
  });
}

/** The redo log of a checkpoint being committed (in the root folder of the transaction). */
const JOURNAL = 'checkpoint-commit.json';
/** Temporary files of a transaction: `<final name>.<pid>.<12 hex>.ckpt-tmp`. */
const STAGED = /\.\d+\.[0-9a-f]{12}\.ckpt-tmp$/;

interface Journal {
  /** Renames to carry out, relative to the root: staged file → final name. */
  renames: Array<[string, string]>;
  /** Files of the previous checkpoint that the new one does not have (e.g. best weights of an older run). */
  removals: string[];
}

async function writeSynced(file: string, data: Buffer | string): Promise<void> {
  const fh = await fs.promises.open(file, 'wx');
  try {
    if (crashArmed('checkpoint')) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await fh.write(bytes, 0, bytes.length >> 1);
      await fh.sync();
      crashPoint('checkpoint');
    }
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * A checkpoint written as one atomic step, whatever the number of files and folders: every file is
 * first written in full to a temporary name beside its final one and flushed; then a journal (the
 * list of renames) is written atomically at the root — the commit point — and the renames are
 * carried out; the journal is removed last. A crash (kill -9, power loss) before the journal leaves
 * the previous checkpoint intact (the temporaries are removed by {@link recoverCheckpoint}); after
 * it, {@link recoverCheckpoint} finishes the renames. Either way a resumed run sees one complete
 * checkpoint, never weights of one save with the state or optimizer slots of another.
 */
export class CheckpointTransaction {
  private readonly renames: Array<[string, string]> = [];
  private readonly removals: string[] = [];

  constructor(readonly root: string) {}

  /** Writes `data` to a temporary beside `root/rel`; it replaces `root/rel` at {@link commit}. */
  async stage(rel: string, data: Buffer | string): Promise<void> {
    const final = path.join(this.root, rel);
    await fs.promises.mkdir(path.dirname(final), { recursive: true });
    const staged = `${rel}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.ckpt-tmp`;
    await writeSynced(path.join(this.root, staged), data);
    this.renames.push([staged, rel]);
  }

  /** Removes `root/rel` at {@link commit} if it exists (a file the new checkpoint does not have). */
  remove(rel: string): void {
    this.removals.push(rel);
  }

  /** Publishes every staged file at once (see the class comment). */
  async commit(): Promise<void> {
    const journal: Journal = { renames: this.renames, removals: this.removals };
    const tmp = path.join(this.root, `${JOURNAL}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.ckpt-tmp`);
    await writeSynced(tmp, JSON.stringify(journal));
    await fs.promises.rename(tmp, path.join(this.root, JOURNAL));
    await syncDir(this.root);
    applyJournal(this.root, journal, true);
  }
}

function syncDir(dir: string): Promise<void> {
  return fs.promises.open(dir, 'r').then(
    (fh) => fh.sync().catch(() => undefined).finally(() => fh.close()),
    () => undefined,
  );
}

/** Carries out a journal (idempotent: a rename already done is skipped); `crashable` lets the test hook stop it half-way. */
function applyJournal(root: string, journal: Journal, crashable: boolean): void {
  journal.renames.forEach(([from, to], i) => {
    const src = path.join(root, from);
    if (fs.existsSync(src)) fs.renameSync(src, path.join(root, to));
    if (crashable && i === 0 && crashArmed('checkpoint-commit')) crashPoint('checkpoint-commit');
  });
  for (const rel of journal.removals) fs.rmSync(path.join(root, rel), { force: true });
  fs.rmSync(path.join(root, JOURNAL), { force: true });
}

/**
 * Brings a checkpoint folder back to one complete checkpoint after a crash: finishes a committed
 * transaction (its journal exists) and removes the temporaries of an uncommitted one. Called by
 * {@link hasCheckpoint} and the training loops before they read a checkpoint; harmless otherwise.
 * @returns whether anything was repaired.
 */
export function recoverCheckpoint(root: string): boolean {
  if (!fs.existsSync(root)) return false;
  let repaired = false;
  const journalFile = path.join(root, JOURNAL);
  if (fs.existsSync(journalFile)) {
    applyJournal(root, JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal, false);
    repaired = true;
  }
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (STAGED.test(e.name)) {
        fs.rmSync(p, { force: true });
        repaired = true;
      }
    }
  };
  visit(root);
  return repaired;
}

async function stageTensors(tx: CheckpointTransaction, rel: string, tensors: NamedTensor[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const bytes = Buffer.from(tf.io.concatenateArrayBuffers(Array.isArray(data) ? data : [data]));
  await tx.stage(`${rel}.bin`, bytes);
  await tx.stage(`${rel}.json`, JSON.stringify(specs));
}

async function loadTensors(file: string): Promise<NamedTensor[]> {
  const specs = JSON.parse(await fs.promises.readFile(`${file}.json`, 'utf8')) as tf.io.WeightsManifestEntry[];
  const buf = await fs.promises.readFile(`${file}.bin`);
  const map = tf.io.decodeWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, specs);
  return specs.map((s) => ({ name: s.name, tensor: map[s.name] as tf.Tensor }));
}

/**
 * Saves the model weights (by position), optional best and averaged weights, optimizer slots and
 * state into `dir`, atomically (see {@link CheckpointTransaction}). With `tx`, the files are staged
 * into that transaction (several networks committed together, as `trainPix2pix` does) and the caller
 * commits; `dir` must then lie inside `tx.root`.
 */
export async function saveCheckpoint(
  dir: string,
  net: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: Omit<CheckpointState, 'format' | 'weightShapes'>,
  bestWeights: tf.Tensor[] | null,
  averageWeights: tf.Tensor[] | null = null,
  tx?: CheckpointTransaction,
): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
  const own = tx ?? new CheckpointTransaction(dir);
  const rel = (name: string): string => path.relative(own.root, path.join(dir, name));
  await stageTensors(own, rel('weights'), net.getWeights().map((t, i) => ({ name: `w${i}`, tensor: t })));
  for (const [name, tensors] of [['best-weights', bestWeights], ['average-weights', averageWeights]] as const) {
    if (tensors) await stageTensors(own, rel(name), tensors.map((t, i) => ({ name: `w${i}`, tensor: t })));
    else for (const ext of ['.bin', '.json']) own.remove(rel(name + ext));
  }
  const slots = await optimizer.getWeights();
  try {
    await stageTensors(own, rel('optimizer'), slots);
  } finally {
    // getWeights returns the slot variables themselves plus a fresh 'iter' scalar, which is ours to dispose.
    slots.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose());
  }
  const scalars = readAdamScalars(optimizer);
  const full: CheckpointState = { format: 1, weightShapes: net.getWeights().map((t) => t.shape), ...state, ...(scalars ? { optimizerScalars: scalars } : {}) };
  await own.stage(rel('state.json'), JSON.stringify(full, null, 1));
  if (!tx) await own.commit();
}

/** Whether `dir` holds a complete checkpoint (after finishing or discarding an interrupted save, see {@link recoverCheckpoint}). */
export function hasCheckpoint(dir: string): boolean {
  recoverCheckpoint(dir);
  return fs.existsSync(path.join(dir, 'state.json')) && fs.existsSync(path.join(dir, 'weights.bin'));
}

/**
 * Restores weights and optimizer slots from `dir` into `net` / `optimizer`.
 * @returns the state, and the best and averaged weights (caller owns them) when saved.
 * @throws Error when the checkpoint's weight shapes do not match `net` (a different architecture).
 */
export async function loadCheckpoint(dir: string, net: tf.LayersModel, optimizer: tf.Optimizer): Promise<{ state: CheckpointState; bestWeights: tf.Tensor[] | null; averageWeights: tf.Tensor[] | null }> {
  const state = JSON.parse(await fs.promises.readFile(path.join(dir, 'state.json'), 'utf8')) as CheckpointState;
  const shapes = net.getWeights().map((t) => t.shape);
  if (JSON.stringify(shapes) !== JSON.stringify(state.weightShapes)) {
    throw new Error(`checkpoint ${dir} was saved from a different architecture (weight shapes differ); delete it or pass resume: false`);
  }
  const weights = await loadTensors(path.join(dir, 'weights'));
  net.setWeights(weights.map((w) => w.tensor));
  weights.forEach((w) => w.tensor.dispose());
  const opt = await loadTensors(path.join(dir, 'optimizer'));
  if (opt.length > 0) await optimizer.setWeights(opt);
  // setWeights makes new variables from the values; the loaded tensors are ours to dispose.
  opt.forEach((w) => w.tensor.dispose());
  if (state.optimizerScalars) restoreAdamScalars(optimizer, state.optimizerScalars);
  let bestWeights: tf.Tensor[] | null = null;
  if (fs.existsSync(path.join(dir, 'best-weights.bin'))) bestWeights = (await loadTensors(path.join(dir, 'best-weights'))).map((w) => w.tensor);
  let averageWeights: tf.Tensor[] | null = null;
  if (state.averageCount !== undefined && fs.existsSync(path.join(dir, 'average-weights.bin'))) averageWeights = (await loadTensors(path.join(dir, 'average-weights'))).map((w) => w.tensor);
  return { state, bestWeights, averageWeights };
}
