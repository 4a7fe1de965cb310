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
    'PHOTO_SOURCES',
    'augmentImage',
    'buildManifest',
    'buildPhotoDataset',
    'checkDatasetDir',
    'compareCodeUnits',
    'computeFileSha256',
    'createPhotoBatches',
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
    'loadSquareImage',
    'publicUrls',
    'readFlickr8kCaptions',
    'resizeImageArea',
    'resolveDataset',
    'runDataCommand',
    'splitStratified',
  ]);
});
