import * as path from 'path';
import { selectBackend } from '../../backend';
import type { Image } from '../../image';
import { simulateVhs, VHS_PRESET_NAMES, type VhsOutputSize, type VhsPresetName } from '../../degrade/vhs';
import { defaultVhsModelDir, loadVhsModel } from '../../models/vhs/vhsModel';
import type { Command } from '../Command';
import { UsageError } from '../parseCommandLine';
import { BATCH_OPTIONS, checkOption, runImageBatch } from './imageBatch';

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
    positionals: 'degrade|restore IN… (files, folders, globs)',
    options: [
      { name: 'preset', short: 'p', type: 'string', choices: VHS_PRESET_NAMES, default: 'SP', description: 'degrade: tape condition, from digitised-clean (mildest) to worn' },
      { name: 'seed', type: 'number', default: 1, description: 'degrade: seed; each picture gets seed ⊕ a hash of its pixels, so a picture is degraded the same way in any batch' },
      { name: 'size', type: 'string', choices: ['square', 'pal', 'input'], default: 'square', description: 'degrade: output 768×576 square pixels, the 720×576 PAL raster, or the input size' },
      { name: 'model', type: 'string', description: 'restore: model folder (default: the shipped models/vhs-pix2pix)' },
      { name: 'tile', type: 'number', default: 256, description: 'restore: tile side in pixels (memory bound)' },
      { name: 'overlap', type: 'number', default: 32, description: 'restore: context pixels around each tile' },
      { name: 'pal', type: 'string', choices: ['auto', 'off'], default: 'auto', description: 'restore: treat 720×576 inputs as PAL frames (output 768×576 square pixels)' },
      ...BATCH_OPTIONS,
    ],
    epilog: [
      'Examples:',
      '  tounum vhs degrade photos/ -o vhs/ --preset SP --seed 1',
      '  tounum vhs restore captures/*.png -o restored/',
      '  tounum vhs restore frame.png -o out/ --model models/vhs-pix2pix/l1-baseline --json',
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
        return { image: out, details: { preset, seed: fileSeed, size: `${out.width}×${out.height}`, crop: record.crop }, note: `${preset} seed ${fileSeed} → ${out.width}×${out.height}` };
      });
    }
    const tile = args.options['tile'] as number;
    const overlap = args.options['overlap'] as number;
    checkOption(tile, (v) => Number.isInteger(v) && v >= 16 && v <= 4096, '--tile must be an integer in 16–4096 pixels');
    checkOption(overlap, (v) => Number.isInteger(v) && v >= 0 && v <= 512, '--overlap must be an integer in 0–512 pixels');
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
