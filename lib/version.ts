/** The version of tounum-lab, from its package.json (one source of truth). */
// eslint-disable-next-line @typescript-eslint/no-var-requires
export const version: string = (require('../package.json') as { version: string }).version;
