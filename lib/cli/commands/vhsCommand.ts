import * as path from 'path';
import { selectBackend } from '../../backend';
import type { Image } from '../../image';
import { simulateVhs, VHS_PRESET_NAMES, type SourceRect, type VhsOutputSize, type VhsPresetName } from '../../degrade/vhs';
import { defaultVhsModelDir, loadVhsModel } from '../../models/vhs/vhsModel';
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
 * or restore VHS frames with the pix2pix generator (`models/vhs-pix2pix`, tiled, any size; 720×576
 * PAL frames come out at 768×576 square pixels).
 */
export const vhsCommand: Command = {
  name: 'vhs',
  spec: {
    usage: 'tounum vhs degrade|restore',
    summary: 'Simulate a PAL VHS capture of photos (degrade), or restore VHS frames with the pix2pix model (restore).',
    positionals: 'IN… (files, folders, globs)',
    options: [
      { name: 'preset', short: 'p', type: 'string', choices: VHS_PRESET_NAMES, default: 'SP', description: 'degrade: tape condition, from digitised-clean (mildest) to worn' },
      { name: 'seed', type: 'number', default: 1, description: 'degrade: seed; each picture gets seed ⊕ a hash of its pixels, so a picture is degraded the same way in any batch' },
      { name: 'size', type: 'string', choices: ['square', 'pal', 'input'], default: 'square', description: 'degrade: output 768×576 square pixels, the 720×576 PAL raster, or the input size' },
      { name: 'model', type: 'string', description: 'restore: model folder (default: the shipped models/vhs-pix2pix)' },
      { name: 'tile', type: 'number', default: 256, description: 'restore: tile side in pixels (memory bound)' },
      { name: 'overlap', type: 'number', default: 32, description: 'restore: context pixels around each tile' },
      { name: 'pal', type: 'string', choices: ['auto', 'off'], default: 'auto', description: 'restore: treat 720×576 inputs as PAL frames (output 768×576 square pixels)' },
      ...BATCH_OPTIONS.map((o) => (o.name === 'suffix' ? { ...o, description: 'added to each output name, no path separators (default: -vhs-<preset> for degrade, -restored for restore)' } : o)),
    ],
    epilog: [
      'degrade warns (per file, text and JSON) when fitting the picture to the frame crops away more than half of',
      `its width or height, or enlarges it more than ${MAX_ENLARGEMENT}×.`,
      '',
      'Examples:',
      '  tounum vhs degrade photos/ -o vhs/ --preset SP --seed 1',
      '  tounum vhs restore captures/*.png -o restored/',
      '  tounum vhs restore frame.png -o out/ --model models/vhs-pix2pix/l1-baseline --json',
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
    const tile = args.options['tile'] as number;
    const overlap = args.options['overlap'] as number;
    checkOption(tile, (v) => Number.isInteger(v) && v >= 16 && v <= 4096, '--tile must be an integer in 16–4096 pixels');
    // Each tile is computed with its context: (tile + 2·overlap)² pixels for tile² of output. Half a tile
    // of context on each side already costs 4×; more only wastes time.
    checkOption(overlap, (v) => Number.isInteger(v) && v >= 0 && v <= 512, '--overlap must be an integer in 0–512 pixels');
    checkOption(overlap, (v) => v <= Math.floor(tile / 2), `--overlap must be at most half of --tile (${Math.floor(tile / 2)} for --tile ${tile})`);
    const pal = args.options['pal'] as 'auto' | 'off';
    const dir = typeof args.options['model'] === 'string' ? path.resolve(args.options['model']) : defaultVhsModelDir();
    await selectBackend({ log: false });
    const model = await loadVhsModel(dir);
    try {
      return await runImageBatch('vhs restore', rest, io, '-restored', (image) => {
        const out = model.restore(image, { tile, overlap, pal });
        return { image: out, details: { model: model.card.name, size: `${out.width}×${out.height}` }, note: `${model.card.name} ${image.width}×${image.height} → ${out.width}×${out.height}` };
      });
    } finally {
      model.dispose();
    }
  },
};
