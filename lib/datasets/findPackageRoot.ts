import fs from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

/**
 * Absolute path of the tounum-lab package root (the folder holding its `package.json`),
 * found by walking up from this module, so it works from `lib/` and from `dist/`.
 * @throws Error when no `package.json` named `tounum-lab` is found above this file.
 */
export function findPackageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown };
        if (pkg.name === 'tounum-lab') {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // An unreadable package.json further down (e.g. a fixture) is not the root; keep walking.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`findPackageRoot: no tounum-lab package.json above ${__dirname}`);
    dir = parent;
  }
}

/** Name of the environment variable that points at a datasets mirror. */
export const DATA_MIRROR_ENV = 'TOUNUM_DATA_MIRROR';

/** Folder of the committed manifests: `<package root>/data/manifests`. */
export function getManifestDir(): string {
  return path.join(findPackageRoot(), 'data', 'manifests');
}

/** Options shared by every function that looks for dataset files on disk. */
export interface DataLocationOptions {
  /**
   * Project root: datasets are cached in `<projectRoot>/data/<id>/`.
   * @default the tounum-lab package root
   */
  projectRoot?: string;
  /**
   * Mirror folder holding one sub-folder per dataset id (read-only is fine, used in place);
   * a relative path is taken from the working directory, as is `TOUNUM_DATA_MIRROR`.
   * @default env `TOUNUM_DATA_MIRROR`, else `<projectRoot>/../shared/datasets`
   */
  mirror?: string;
  /** Environment read for `TOUNUM_DATA_MIRROR`. @default process.env */
  env?: Record<string, string | undefined>;
}

/** The local cache folder and the mirror folder of dataset `id` for these options. */
export function getDataLocations(
  id: string,
  options: DataLocationOptions = {},
): { projectRoot: string; localDir: string; mirrorRoot: string; mirrorDir: string } {
  const projectRoot = path.resolve(options.projectRoot ?? findPackageRoot());
  const env = options.env ?? process.env;
  const fromEnv = env[DATA_MIRROR_ENV];
  // An explicit folder is relative to the working directory, like any command-line path.
  const mirrorRoot =
    options.mirror !== undefined
      ? path.resolve(options.mirror)
      : fromEnv !== undefined && fromEnv.trim() !== ''
        ? path.resolve(fromEnv.trim())
        : path.join(projectRoot, '..', 'shared', 'datasets');
  return {
    projectRoot,
    localDir: path.join(projectRoot, 'data', id),
    mirrorRoot,
    mirrorDir: path.join(mirrorRoot, id),
  };
}
