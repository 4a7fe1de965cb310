import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { selectBackend } from '../../backend';
import { getProfile } from '../../profile';
import { getDatasetStatus, listDatasets } from '../../datasets';
import type { Command } from '../Command';
import { installedVersion } from '../packageInfo';

/** `tounum info`: versions, the compute backend chosen and why, and which datasets are available. */
export const infoCommand: Command = {
  name: 'info',
  spec: {
    usage: 'tounum info',
    summary: 'Print versions, the compute backend chosen (and why), the run profile and dataset availability.',
    options: [
      { name: 'json', type: 'boolean', description: 'machine-readable output' },
      { name: 'mirror', type: 'string', description: 'dataset mirror folder (default: $TOUNUM_DATA_MIRROR or ../shared/datasets)' },
    ],
  },
  async run(args, io) {
    const backend = await selectBackend({ log: false });
    const versions: Record<string, string | null> = {
      'tounum-lab': installedVersion('tounum-lab'),
      node: process.versions.node,
      '@tensorflow/tfjs': tf.version.tfjs,
      '@tensorflow/tfjs-backend-wasm': installedVersion('@tensorflow/tfjs-backend-wasm'),
      '@tensorflow/tfjs-node': installedVersion('@tensorflow/tfjs-node'),
      '@tensorflow/tfjs-node-gpu': installedVersion('@tensorflow/tfjs-node-gpu'),
      sharp: sharp.versions.sharp ?? installedVersion('sharp'),
      libvips: sharp.versions.vips,
      tslab: installedVersion('tslab'),
      danfojs: installedVersion('danfojs'),
      'plotly.js-dist-min': installedVersion('plotly.js-dist-min'),
    };
    const mirror = typeof args.options['mirror'] === 'string' ? args.options['mirror'] : undefined;
    const datasets = await Promise.all(
      listDatasets().map(async (d) => {
        const s = await getDatasetStatus(d.id, mirror ? { mirror } : {});
        return { id: d.id, available: s.available, source: s.source ?? null, files: s.files, licence: d.licence.short };
      }),
    );
    const report = {
      versions,
      backend: { name: backend.name, provider: backend.provider ?? null, reason: backend.reason, trainingKernels: backend.trainingKernels ?? [] },
      profile: getProfile(),
      datasets,
    };
    if (args.options['json']) {
      io.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return 0;
    }
    const out: string[] = ['tounum-lab', '', 'Versions:'];
    for (const [k, v] of Object.entries(versions)) out.push(`  ${k.padEnd(30)}${v ?? 'not installed'}`);
    out.push('', `Backend: ${backend.name}${backend.provider ? ` (${backend.provider})` : ''}`, `  ${backend.reason}`);
    if (backend.trainingKernels) out.push(`  wasm training kernels registered: ${backend.trainingKernels.length}`);
    out.push('', `Profile: ${report.profile} (TOUNUM_PROFILE)`, '', 'Datasets:');
    for (const d of datasets) out.push(`  ${d.id.padEnd(22)}${d.available ? `available (${d.source}, ${d.files} files)` : 'missing — npm run data -- ' + d.id}`);
    io.stdout.write(out.join('\n') + '\n');
    return 0;
  },
};
