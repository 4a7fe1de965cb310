import * as path from 'path';
import { selectBackend } from '../../backend';
import type { Image } from '../../image';
import { simulateVhs, VHS_PRESET_NAMES, type SourceRect, type VhsOutputSize, type VhsPresetName } from '../../degrade/vhs';
import { cropImage, resizeBicubic } from '../../image';
import { defaultVhsModelDir, loadVhsModel } from '../../models/vhs/vhsModel';
import { defaultVhsChainDir, loadVhsRestorationModel, VHS_CHAIN_STAGES, type VhsChainStage } from '../../tasks/vhsRestoration';
import type { Command } from '../Command';
import { UsageError } from '../parseCommandLine';
import { BATCH_OPTIONS, BATCH_PROMISES_HELP, checkOption, READABLE_FORMATS_HELP, runImageBatch } from './imageBatch';

const ACTIONS = ['degrade', 'restore'] as const;

/** FNV-1a over the picture's size and 8-bit samples: the per-picture part of the degradation seed. */
function hashImage(image: Image): number {
  let h = 0x811c9dc5;
  const mix = (v: number): void => {
    h = Math.imul(h ^ (v & 0xff), 0x01000193) >>> 0;
  };
  mix(image.width);
  mix(image.width >> 8);
  mix(image.height);
  mix(image.height >> 8);
  for (let i = 0; i < image.data.length; i++) mix(Math.round((image.data[i] as number) * 255));
  return h;
}

/** Linear enlargement of the picture beyond which `vhs degrade` warns. */
const MAX_ENLARGEMENT = 4;

/**
 * Warnings when fitting the picture to the frame loses much of it or invents much: more than half
 * of the width or height cropped away, or an enlargement beyond {@link MAX_ENLARGEMENT}×.
 */
function fitWarnings(input: Image, crop: SourceRect, out: Image): string[] {
  const warnings: string[] = [];
  const keptW = crop.width / input.width;
  const keptH = crop.height / input.height;
  if (keptW < 0.5 || keptH < 0.5) {
    warnings.push(`fitting the ${input.width}×${input.height} picture to the frame kept only ${Math.round(crop.width)}×${Math.round(crop.height)} of it (${(100 * keptW * keptH).toFixed(1)}% of the area); use --size input to keep it whole`);
  }
  const enlarge = Math.max(out.width / crop.width, out.height / crop.height);
  if (enlarge > MAX_ENLARGEMENT) warnings.push(`the ${input.width}×${input.height} picture was enlarged ${enlarge.toFixed(enlarge < 10 ? 1 : 0)}× to ${out.width}×${out.height}: the result shows no real detail`);
  return warnings;
}

/**
 * `tounum vhs degrade|restore IN… -o OUT`: simulate a PAL VHS capture of photos (`lib/degrade/vhs`),
 * or restore VHS frames: by default along the signal chain (`restoreVhsChain`, `models/vhs-chain`),
 * or with the older pix2pix generator (`--method pix2pix`, `models/vhs-pix2pix`). 720×576 PAL frames
 * come out at 768×576 square pixels.
 */
export const vhsCommand: Command = {
  name: 'vhs',
  spec: {
    usage: 'tounum vhs degrade|restore',
    summary: 'Simulate a PAL VHS capture of photos (degrade), or restore VHS frames along the signal chain (restore).',
    positionals: 'IN… (files, folders, globs)',
    options: [
      { name: 'preset', short: 'p', type: 'string', choices: VHS_PRESET_NAMES, default: 'SP', description: 'degrade: tape condition, from digitised-clean (mildest) to worn' },
      { name: 'seed', type: 'number', default: 1, description: 'degrade: seed; each picture gets seed ⊕ a hash of its pixels, so a picture is degraded the same way in any batch' },
      { name: 'size', type: 'string', choices: ['square', 'pal', 'input'], default: 'square', description: 'degrade: output 768×576 square pixels, the 720×576 PAL raster, or the input size' },
      { name: 'method', type: 'string', choices: ['chain', 'pix2pix'], default: 'chain', description: 'restore: the signal-chain restorer, or the older pix2pix generator' },
      { name: 'stages', type: 'string', default: VHS_CHAIN_STAGES.join(','), description: `restore (chain): comma-separated stages to run, always in the chain's order: ${VHS_CHAIN_STAGES.join(', ')}` },
      { name: 'overscan', type: 'string', choices: ['repair', 'crop', 'keep'], default: 'repair', description: 'restore (chain): the head-switching band: conceal it, cut its rows off, or leave it' },
      { name: 'model', type: 'string', description: 'restore: model folder (default: the shipped models/vhs-chain, or models/vhs-pix2pix with --method pix2pix)' },
      { name: 'tile', type: 'number', default: 256, description: 'restore (pix2pix): tile side in pixels (memory bound)' },
      { name: 'overlap', type: 'number', default: 32, description: 'restore (pix2pix): context pixels around each tile' },
      { name: 'pal', type: 'string', choices: ['auto', 'off'], default: 'auto', description: 'restore: treat 720×576 inputs as PAL frames (output 768×576 square pixels)' },
      ...BATCH_OPTIONS.map((o) => (o.name === 'suffix' ? { ...o, description: 'added to each output name, no path separators (default: -vhs-<preset> for degrade, -restored for restore)' } : o)),
    ],
    epilog: [
      'degrade warns (per file, text and JSON) when fitting the picture to the frame crops away more than half of',
      `its width or height, or enlarges it more than ${MAX_ENLARGEMENT}×.`,
      '',
      'Examples:',
      '  tounum vhs degrade photos/ -o vhs/ --preset SP --seed 1',
      'restore (chain) undoes the damage in the reverse order of the recording: lines (time-base: each line',
      'realigned), band (the head-switching band found and concealed), dropouts (streaks found and filled from',
      'the lines of the same field), chroma (colour lag behind luma), residual (a small network for noise and',
      'what is left). Frames that are not 720×576 or 768×576 are resampled to 576 lines and back. Each file',
      'prints its per-stage times; --json records them with what each stage found.',
      '',
      '  tounum vhs restore captures/*.png -o restored/',
      '  tounum vhs restore frame.png -o out/ --stages lines,band,dropouts --json',
      '  tounum vhs restore frame.png -o out/ --method pix2pix --model models/vhs-pix2pix/l1-baseline',
      '',
      READABLE_FORMATS_HELP,
      BATCH_PROMISES_HELP,
    ].join('\n'),
  },
  async run(args, io) {
    const [action, ...inputs] = args.positionals;
    if (action === undefined) throw new UsageError(`give an action: ${ACTIONS.join(' or ')}, then the inputs`);
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action "${action}": use ${ACTIONS.join(' or ')}`);
    const rest = { ...args, positionals: inputs };
    if (action === 'degrade') {
      const preset = args.options['preset'] as VhsPresetName;
      const seed = args.options['seed'] as number;
      const size = args.options['size'] as VhsOutputSize;
      checkOption(seed, (v) => Number.isInteger(v) && v >= 0, '--seed must be a non-negative integer');
      return runImageBatch('vhs degrade', rest, io, `-vhs-${preset}`, (image) => {
        // Seeding by content (not by position in the batch) makes a file's result independent of the other inputs.
        const fileSeed = (seed ^ hashImage(image)) >>> 0;
        const { image: out, record } = simulateVhs(image, { preset, seed: fileSeed, outputSize: size });
        const warnings = fitWarnings(image, record.crop, out);
        return { image: out, details: { preset, seed: fileSeed, size: `${out.width}×${out.height}`, crop: record.crop }, note: `${preset} seed ${fileSeed} → ${out.width}×${out.height}`, warnings };
      });
    }
    const pal = args.options['pal'] as 'auto' | 'off';
    const method = args.options['method'] as 'chain' | 'pix2pix';
    const tile = args.options['tile'] as number;
    const overlap = args.options['overlap'] as number;
    checkOption(tile, (v) => Number.isInteger(v) && v >= 16 && v <= 4096, '--tile must be an integer in 16–4096 pixels');
    // Each tile is computed with its context: (tile + 2·overlap)² pixels for tile² of output. Half a tile
    // of context on each side already costs 4×; more only wastes time.
    checkOption(overlap, (v) => Number.isInteger(v) && v >= 0 && v <= 512, '--overlap must be an integer in 0–512 pixels');
    checkOption(overlap, (v) => v <= Math.floor(tile / 2), `--overlap must be at most half of --tile (${Math.floor(tile / 2)} for --tile ${tile})`);
    if (method === 'chain') return restoreWithChain(args, rest, io, pal);
    const dir = typeof args.options['model'] === 'string' ? path.resolve(args.options['model']) : defaultVhsModelDir();
    await selectBackend({ log: false });
    const model = await loadVhsModel(dir);
    try {
      return await runImageBatch('vhs restore', rest, io, '-restored', (image) => {
        const out = model.restore(image, { tile, overlap, pal });
        return { image: out, details: { method, model: model.card.name, size: `${out.width}×${out.height}` }, note: `${model.card.name} ${image.width}×${image.height} → ${out.width}×${out.height}` };
      });
    } finally {
      model.dispose();
    }
  },
};

/** `vhs restore --method chain`: the signal-chain restorer over the batch. */
async function restoreWithChain(args: Parameters<Command['run']>[0], rest: Parameters<Command['run']>[0], io: Parameters<Command['run']>[1], pal: 'auto' | 'off'): ReturnType<Command['run']> {
  const list = String(args.options['stages']).split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (list.length === 0) throw new UsageError(`--stages must name at least one stage of ${VHS_CHAIN_STAGES.join(', ')}`);
  for (const t of list) if (!(VHS_CHAIN_STAGES as readonly string[]).includes(t)) throw new UsageError(`--stages: unknown stage "${t}"; the stages are ${VHS_CHAIN_STAGES.join(', ')}`);
  const overscan = args.options['overscan'] as 'repair' | 'crop' | 'keep';
  let stages = list as VhsChainStage[];
  if (overscan === 'keep') stages = stages.filter((t) => t !== 'band');
  if (overscan === 'crop' && !stages.includes('band')) stages = [...stages, 'band'];
  const dir = typeof args.options['model'] === 'string' ? path.resolve(args.options['model']) : defaultVhsChainDir();
  await selectBackend({ log: false });
  const model = await loadVhsRestorationModel(dir);
  if (stages.includes('residual') && model.residualNet === null) {
    model.dispose();
    throw new UsageError(`the chain folder ${dir} has no residual/ network: leave 'residual' out of --stages`);
  }
  try {
    return await runImageBatch('vhs restore', rest, io, '-restored', (input) => {
      // A grey capture is restored as colour with equal channels (the chain works on RGB).
      const rgb = input.channels === 3 ? input : greyToRgb(input);
      // A 720×576 PAL raster has 16:15 pixels: resample it to 768×576 square pixels, where the chain's nets were trained.
      const image = pal === 'auto' && rgb.width === 720 && rgb.height === 576 ? resizeBicubic(rgb, 768, 576) : rgb;
      const r = model.restore(image, { stages: VHS_CHAIN_STAGES.filter((t) => stages.includes(t)) });
      let out = r.image;
      const band = r.estimates.band;
      if (overscan === 'crop' && band !== null && band.end > band.start) {
        const keep = out.height - (band.end - band.start);
        out = cropImage(out, 0, band.position === 'top' ? band.end : 0, out.width, keep);
      }
      const timings = Object.fromEntries(r.timings.map((t) => [t.stage, Math.round(t.ms)]));
      const note = `${r.timings.map((t) => `${t.stage} ${(t.ms / 1000).toFixed(2)} s`).join(', ')} → ${out.width}×${out.height}`;
      return { image: out, details: { method: 'chain', stages, overscan, size: `${out.width}×${out.height}`, resampled: r.resampled, timingsMs: timings, estimates: r.estimates }, note };
    });
  } finally {
    model.dispose();
  }
}

/** Three equal channels from a grey image. */
function greyToRgb(image: Image): Image {
  const n = image.width * image.height;
  const data = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = image.data[i] as number;
  return { data, width: image.width, height: image.height, channels: 3 };
}
