import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as datasets from '..';

test('the datasets barrel exports exactly this API', () => {
  assert.deepEqual(Object.keys(datasets).sort(), [
    'DATASET_IDS',
    'DATA_MIRROR_ENV',
    'DatasetChecksumError',
    'DatasetUnavailableError',
    'IMAGE_EXTENSIONS',
    'MANIFEST_EXCLUDED_FILES',
    'buildManifest',
    'checkDatasetDir',
    'compareCodeUnits',
    'computeFileSha256',
    'downloadDataset',
    'findPackageRoot',
    'formatMb',
    'getDataLocations',
    'getDataset',
    'getDatasetStatus',
    'getDownloadUrl',
    'getManifestDir',
    'listDatasets',
    'listImageFiles',
    'loadManifest',
    'publicUrls',
    'resolveDataset',
    'runDataCommand',
  ]);
});
