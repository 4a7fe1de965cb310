import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm/registerWasmTrainingKernels';
import { tryRequire } from './tryRequire';

/** The compute backends tounum-lab knows, fastest first. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Name of the environment variable that forces a backend (same values as the `backend` option). */
export const BACKEND_ENV = 'TOUNUM_BACKEND';

/** One candidate that was considered, and why it was or was not taken. */
export interface BackendAttempt {
  name: BackendName;
  /** The npm package that provides it (tensorflow only). */
  provider?: string;
  ok: boolean;
  reason: string;
}

/** What {@link selectBackend} chose. */
export interface BackendChoice {
  /** The tfjs backend now active (`tf.getBackend()`). */
  name: BackendName;
  /** For `tensorflow`: the accelerator package that provided it. */
  provider?: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';
  /** One line saying why this backend was chosen. */
  reason: string;
  /** Every candidate tried, in order. */
  attempts: BackendAttempt[];
  /** wasm only: the training kernels that were registered (see `registerWasmTrainingKernels`). */
  trainingKernels?: string[];
}

export interface SelectBackendOptions {
  /**
   * Force a backend, or `auto`. When absent, `TOUNUM_BACKEND` is read; when that is empty too,
   * `auto` tries tensorflow (tfjs-node-gpu, then tfjs-node, only if installed and loadable), then wasm, then cpu.
   * A forced backend that cannot start is an error, not a silent fallback.
   * @default 'auto'
   */
  backend?: BackendName | 'auto';
  /** Where to log the decision; `false` for silence. @default console.log */
  log?: ((message: string) => void) | false;
  /** Environment to read `TOUNUM_BACKEND` from. @default process.env */
  env?: Record<string, string | undefined>;
}

const TENSORFLOW_PROVIDERS = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

let lastChoice: BackendChoice | null = null;

function parseRequested(options: SelectBackendOptions): { value: BackendName | 'auto'; source: string } {
  if (options.backend !== undefined) return { value: validate(options.backend, 'options.backend'), source: 'the backend option' };
  const raw = (options.env ?? process.env)[BACKEND_ENV]?.trim().toLowerCase();
  if (raw) return { value: validate(raw, BACKEND_ENV), source: BACKEND_ENV };
  return { value: 'auto', source: 'auto' };
}

function validate(value: string, where: string): BackendName | 'auto' {
  if (value === 'auto' || (BACKENDS as readonly string[]).includes(value)) return value as BackendName | 'auto';
  throw new RangeError(`${where} must be one of auto, ${BACKENDS.join(', ')}; got "${value}"`);
}

async function tryTensorflow(): Promise<BackendAttempt> {
  const failures: string[] = [];
  for (const provider of TENSORFLOW_PROVIDERS) {
    const loaded = tryRequire(provider);
    if (!loaded.ok) {
      failures.push(`${provider}: ${loaded.reason}`);
      continue;
    }
    try {
      if (await tf.setBackend('tensorflow')) {
        return { name: 'tensorflow', provider, ok: true, reason: `${provider} loaded` };
      }
      failures.push(`${provider}: loaded but the tensorflow backend did not initialise`);
    } catch (e) {
      failures.push(`${provider}: ${(e as Error).message}`);
    }
  }
  return { name: 'tensorflow', ok: false, reason: failures.join('; ') };
}

async function tryWasm(): Promise<BackendAttempt> {
  const loaded = tryRequire('@tensorflow/tfjs-backend-wasm');
  if (!loaded.ok) return { name: 'wasm', ok: false, reason: `@tensorflow/tfjs-backend-wasm: ${loaded.reason}` };
  try {
    if (await tf.setBackend('wasm')) return { name: 'wasm', ok: true, reason: 'WebAssembly (XNNPACK) backend initialised' };
    return { name: 'wasm', ok: false, reason: 'the wasm backend did not initialise' };
  } catch (e) {
    return { name: 'wasm', ok: false, reason: (e as Error).message };
  }
}

async function tryCpu(): Promise<BackendAttempt> {
  if (!(await tf.setBackend('cpu'))) return { name: 'cpu', ok: false, reason: 'the cpu backend did not initialise' };
  // The cpu backend prints a banner recommending tfjs-node on its first use; selectBackend's own log
  // already says which accelerators were looked for, so the banner is only noise in notebooks.
  const cpu = tf.backend() as unknown as { firstUse?: boolean };
  if (cpu.firstUse === true) cpu.firstUse = false;
  return { name: 'cpu', ok: true, reason: 'pure-JavaScript backend (slow; for reference and tests)' };
}

const attemptFor: Record<BackendName, () => Promise<BackendAttempt>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

/**
 * Chooses and activates the TensorFlow.js backend, the one place in tounum-lab that knows about hardware.
 *
 * Order: the `backend` option, else `TOUNUM_BACKEND`, else auto = tensorflow (tfjs-node-gpu, then
 * tfjs-node; both optional accelerators, used only if they load) → wasm → cpu. When wasm is chosen,
 * the gradient kernels it lacks for training are registered (idempotent).
 * Calling it again with the same request returns the previous choice without re-initialising.
 *
 * @returns the backend chosen, the provider, the reason and every attempt.
 * @throws Error when a forced backend cannot start, naming the backend and the cause.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  const requested = parseRequested(options);
  const log = options.log === false ? () => undefined : options.log ?? ((m: string) => console.log(m));

  if (lastChoice && tf.getBackend() === lastChoice.name && (requested.value === 'auto' || requested.value === lastChoice.name)) {
    return lastChoice;
  }

  const candidates: BackendName[] = requested.value === 'auto' ? [...BACKENDS] : [requested.value];
  const attempts: BackendAttempt[] = [];
  for (const name of candidates) {
    const attempt = await attemptFor[name]();
    attempts.push(attempt);
    if (!attempt.ok) continue;

    const choice: BackendChoice = {
      name,
      reason:
        requested.value === 'auto'
          ? `${attempt.reason}${attempts.length > 1 ? ` (skipped: ${attempts.slice(0, -1).map((a) => `${a.name} — ${a.reason}`).join('; ')})` : ''}`
          : `forced by ${requested.source}: ${attempt.reason}`,
      attempts,
    };
    if (attempt.provider) choice.provider = attempt.provider as BackendChoice['provider'];
    if (name === 'wasm') choice.trainingKernels = registerWasmTrainingKernels();
    await tf.ready();
    lastChoice = choice;
    log(`[tounum] backend: ${name}${choice.provider ? ` (${choice.provider})` : ''} — ${choice.reason}`);
    return choice;
  }
  const detail = attempts.map((a) => `${a.name}: ${a.reason}`).join('; ');
  if (requested.value !== 'auto') {
    throw new Error(`selectBackend: backend "${requested.value}" requested by ${requested.source} could not start (${detail})`);
  }
  throw new Error(`selectBackend: no TensorFlow.js backend could start (${detail})`);
}
