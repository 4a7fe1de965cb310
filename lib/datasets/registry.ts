import type { DatasetEntry, DatasetLicence, DatasetManifest, DatasetSource, DownloadRule } from './DatasetEntry';
import { loadManifest } from './loadManifest';

type DatasetDefinition = Omit<DatasetEntry, 'manifest'>;

const RAW = 'https://raw.githubusercontent.com';
const MIRROR_HINT = 'or copy the folder from a TouNum datasets mirror (set TOUNUM_DATA_MIRROR=/path/to/datasets or pass --mirror)';

function github(repository: string, commit: string, path: string): DatasetSource {
  return { kind: 'github', repository, commit, path, url: `https://github.com/${repository}/tree/${commit}/${path}` };
}

function debian(pkg: string, version: string, path: string): DatasetSource {
  return { kind: 'debian', package: pkg, version, path, url: `https://packages.debian.org/bookworm/${pkg}` };
}

/** Raw URL of a folder of a GitHub repository at a commit, with a trailing slash. */
function rawBase(repository: string, commit: string, path: string): string {
  return `${RAW}/${repository}/${commit}/${path === '' ? '' : `${path}/`}`;
}

function rawInstructions(rules: readonly DownloadRule[]): string {
  const bases = rules.map((r) => ('baseUrl' in r ? `${r.baseUrl}<path>` : r.url));
  return `Fetched automatically (byte-identical files, sha256-checked) by \`tounum data <id>\` from ${bases.join(' and ')}; ${MIRROR_HINT}.`;
}

function defineDataset(def: DatasetDefinition): DatasetEntry {
  let manifest: DatasetManifest | undefined;
  return Object.freeze(
    Object.defineProperty({ ...def }, 'manifest', {
      enumerable: true,
      get(): DatasetManifest {
        manifest ??= loadManifest(def.id);
        return manifest;
      },
    }) as DatasetEntry,
  );
}

const NONE_STATED = (terms: string, noticeFiles: readonly string[] = []): DatasetLicence => ({
  short: 'none stated',
  commercialUse: 'unclear',
  terms,
  noticeFiles,
});

const FFDNET = ['cszn/FFDNet', 'e787f46df2f374ff3591186706229cb9a0591fea'] as const;
const SELFEXSR = ['jbhuang0604/SelfExSR', '8f6dd8c1d20cb7e8792a7177b4f6fd677633f598'] as const;
const MAJED = ['majedelhelou/denoising_datasets', '58234876fef6f1b56306705c78dfd40cdb837b86'] as const;
const FLICKR8K_IMAGES = ['RlNZLER/Image-Text-Matching', '56a15d913c3f290e2ee896386ece6076c1eea02e'] as const;
const FLICKR8K_TEXT = ['prakhar-dhakar/Image-Captioning', '5ab3142167da9315c4287173ed24a643a0425ab8'] as const;
const CORAL = ['google-coral/test_data', '104342d2d3480b3e66203073dac24f4e2dbb4c41'] as const;

function rawDataset(def: Omit<DatasetDefinition, 'download' | 'manualInstructions'>): DatasetEntry {
  return defineDataset({ ...def, download: 'raw-files', manualInstructions: rawInstructions(def.downloadRules) });
}

const ENTRIES: readonly DatasetEntry[] = [
  rawDataset({
    id: 'cbsd68',
    title: 'CBSD68 (colour BSD68)',
    description: '68 colour photos, PNG, 481×321 (53) or 321×481 (15): the test images of the Berkeley Segmentation Dataset (BSDS300), as shipped with FFDNet.',
    use: 'Preprocessing benchmark: colour AWGN denoising at σ = 15 / 25 / 50.',
    licence: {
      short: 'BSDS: non-commercial research',
      commercialUse: 'forbidden',
      terms: 'No license file in the repo. Underlying images: Berkeley Segmentation Dataset (BSDS300) test images, distributed by UC Berkeley for non-commercial research and educational use.',
      noticeFiles: [],
    },
    sources: [github(...FFDNET, 'testsets/CBSD68')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'Same set also in majedelhelou/denoising_datasets CBSD68/.',
    fileCount: 68,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase(...FFDNET, 'testsets/CBSD68') }],
  }),
  defineDataset({
    id: 'flickr8k',
    title: 'Flickr8k image-caption corpus (224×224 squashed copies)',
    description:
      '8,091 Flickr photos as 224×224 JPEG (squashed, aspect not kept) in images/, and the corpus text files in text/: Flickr8k.token.txt (40,460 captions, 5 per image, "<file>#<0-4><TAB><caption>"), Flickr8k.lemma.token.txt, the standard Flickr_8k.{train,dev,test}Images.txt split (6000/1000/1000; 91 images in no split), ExpertAnnotations.txt, CrowdFlowerAnnotations.txt and the authors\' readme.txt.',
    use: 'Image captioning: training and evaluation of the encoder–decoder captioner (read with readFlickr8kCaptions).',
    licence: {
      short: 'research / non-commercial; cite Hodosh et al. 2013',
      commercialUse: 'forbidden',
      terms:
        'Flickr8k, M. Hodosh, P. Young and J. Hockenmaier (2013), "Framing Image Description as a Ranking Task: Data, Models and Evaluation Metrics", Journal of Artificial Intelligence Research 47:853-899. Photos are from Flickr and stay with their owners; the corpus is distributed for research / non-commercial use only, and users must cite the paper (see text/readme.txt). Neither source repo has a licence file; a repo licence would cover its code only, not this data. Not usable in a commercial product.',
      noticeFiles: [],
    },
    sources: [github(...FLICKR8K_IMAGES, 'data/images'), github(...FLICKR8K_TEXT, '')],
    modifications:
      'Images: the source author had already resized the Flickr8k originals (up to 500 px on the long side, varying aspect) to 224x224 WITHOUT keeping the aspect ratio (squashed), so shapes look stretched; we decoded each one and re-encoded it with OpenCV 4.6 (cv2.imwrite, JPEG quality 75, optimised Huffman tables, 4:2:0), which drops all metadata (JFIF header only). File names unchanged. Text: none; byte-identical copies (git blob hashes match).',
    notes:
      "In Flickr8k.token.txt, caption #0 of 2258277193_586949ec62.jpg sits under the id '2258277193_586949ec62.jpg.1' and #1-#4 under '2258277193_586949ec62.jpg'; no image of either name exists (the corpus' known 8,092nd id, in no split): skip it. 17 captions are under 3 words, one is just \"A\" (2428275562_4bde2bc5ea.jpg#0). Captions are mixed case with \" .\" endings: lower-case and strip punctuation before scoring. Scores on these 224×224 squashed images are not directly comparable to papers that use the originals. text/readme.txt is counted as data (the mirror counts 8099 data files) although it carries the citation requirement.",
    fileCount: 8099,
    download: 'manual',
    downloadRules: [],
    manualInstructions:
      `Mirror only: the images were re-encoded, so no public URL serves bytes that match the manifest checksums. Use a copy of the mirror folder flickr8k/ (${MIRROR_HINT}). ` +
      `Approximate rebuild (checksums of the images will differ): fetch each images/<name> listed in data/manifests/flickr8k.json from ${rawBase(...FLICKR8K_IMAGES, 'data/images')}<name> (the folder was deleted after that commit, but the commit still serves it) and re-encode it with OpenCV into data/flickr8k/images/<name> (\`cv2.imwrite(out, cv2.imread(src), [cv2.IMWRITE_JPEG_QUALITY, 75, cv2.IMWRITE_JPEG_OPTIMIZE, 1])\`); ` +
      `fetch the eight text files (byte-identical) from ${rawBase(...FLICKR8K_TEXT, '')}<name> into data/flickr8k/text/<name>.`,
  }),
  rawDataset({
    id: 'flowcharts-fcinkml',
    title: 'Hand-drawn flowcharts (FC InkML database, rendered)',
    description: '200 of the 419 renders (600×600 PNG, black ink on white) of the Nantes online handwritten flowchart database, seeded random subset; under renders/.',
    use: 'Classification negative: hand-drawn diagrams (photo vs other).',
    licence: {
      short: 'non-commercial research',
      commercialUse: 'forbidden',
      terms: "CONFLICTING: repo LICENSE file is MIT naming the original authors (Awal, Feng, Mouchere, Viard-Gaudin), but the repo README says the database is 'available for the scientific community only for research purposes (commercial usage strictly prohibited)', and the original dataset readme (seen in janinadiers/ba-petrinet-recognizer) states CC BY-NC-SA 3.0. Treat as NON-COMMERCIAL research only.",
      url: 'https://creativecommons.org/licenses/by-nc-sa/3.0/',
      noticeFiles: ['REPO_LICENSE.txt', 'REPO_README.md'],
    },
    sources: [github('zevisert/FCinkML1.7-renders', 'ec845d2f0c140b2df296c5932339c881a2bfb1b7', 'renders')],
    modifications: 'none; byte-identical copies of the source files (REPO_LICENSE.txt / REPO_README.md are the repo LICENSE / README.md)',
    notes: 'Real human-drawn diagrams (pen strokes recorded on tablets by many writers), rendered to raster by the repo author. Cite Awal, Feng, Mouchère & Viard-Gaudin 2011.',
    fileCount: 200,
    downloadRules: [
      { path: 'REPO_LICENSE.txt', url: `${rawBase('zevisert/FCinkML1.7-renders', 'ec845d2f0c140b2df296c5932339c881a2bfb1b7', '')}LICENSE` },
      { path: 'REPO_README.md', url: `${rawBase('zevisert/FCinkML1.7-renders', 'ec845d2f0c140b2df296c5932339c881a2bfb1b7', '')}README.md` },
      { pathPrefix: '', baseUrl: rawBase('zevisert/FCinkML1.7-renders', 'ec845d2f0c140b2df296c5932339c881a2bfb1b7', '') },
    ],
  }),
  defineDataset({
    id: 'fritzing-schematics',
    title: 'Fritzing schematic symbols (rendered SVGs)',
    description: '250 PNG renders (≤512 px, white background) of electronic-part schematic SVGs from the Debian fritzing-parts package, seeded random subset of 717; under png/.',
    use: 'Classification negative: printed-style electronic schematic symbols.',
    licence: {
      short: 'CC-BY-SA-3.0',
      spdx: 'CC-BY-SA-3.0',
      commercialUse: 'allowed',
      terms: 'CC-BY-SA-3.0 per the package copyright file (copied here as DEBIAN_COPYRIGHT.txt). Attribution + share-alike apply to these derived PNGs.',
      url: 'https://creativecommons.org/licenses/by-sa/3.0/',
      noticeFiles: ['DEBIAN_COPYRIGHT.txt'],
    },
    sources: [debian('fritzing-parts', '0.9.6~unreleased-1', '/usr/share/fritzing/parts/svg/core/schematic/*.svg')],
    modifications: 'Rendered by the collector with rsvg-convert (librsvg2-bin) to fit 512x512 (aspect kept), white background. Vector drawings were made by Fritzing contributors; only the rasterisation was done here.',
    notes: 'Simpler than full circuit schematics. 26 of the 743 selected SVGs failed to render and were skipped.',
    fileCount: 250,
    download: 'manual',
    downloadRules: [],
    manualInstructions:
      'No public URL serves these PNGs (they were rendered by the collector). Rebuild: `apt-get download fritzing-parts=0.9.6~unreleased-1 && dpkg -x fritzing-parts_*.deb pkg`, render the SVGs named in data/manifests/fritzing-schematics.json from pkg/usr/share/fritzing/parts/svg/core/schematic/ with `rsvg-convert` to fit 512×512 on white into data/fritzing-schematics/png/, and copy pkg/usr/share/doc/fritzing-parts/copyright to DEBIAN_COPYRIGHT.txt (bytes may differ from the manifest with another librsvg); ' +
      MIRROR_HINT +
      '.',
  }),
  rawDataset({
    id: 'kodak24',
    title: 'Kodak24 (FFDNet 500×500 crops)',
    description: '24 colour photos, 500×500 PNG centre crops of the Kodak PhotoCD images (kodim01…kodim24) as shipped with FFDNet — not the 768×512 originals.',
    use: 'Preprocessing benchmark (denoise / sharpen).',
    licence: {
      short: 'Kodak: unrestricted (reputed)',
      commercialUse: 'unclear',
      terms: 'No license file in cszn/FFDNet. The Kodak Lossless True Color Image Suite is widely described as released by Eastman Kodak for unrestricted use; treat as research/benchmark use and cite Kodak.',
      noticeFiles: [],
    },
    sources: [github(...FFDNET, 'testsets/Kodak24')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'PSNR numbers are comparable to FFDNet-style tables, not to papers using the full 768×512 Kodak24.',
    fileCount: 24,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase(...FFDNET, 'testsets/Kodak24') }],
  }),
  defineDataset({
    id: 'mate-photos',
    title: 'MATE nature wallpapers (12 photographs)',
    description: '12 real high-resolution JPEG photographs (1600×1203 … 2560×1920) from the Debian mate-backgrounds package.',
    use: 'Clean high-resolution photos: sources for VHS simulation, qualitative demos, extra SR / denoise tests.',
    licence: {
      short: 'GPL-2+',
      spdx: 'GPL-2.0-or-later',
      commercialUse: 'allowed',
      terms: 'GPL-2+ per the package copyright file (copied here as DEBIAN_COPYRIGHT.txt; per-file authors listed there).',
      url: 'https://www.gnu.org/licenses/old-licenses/gpl-2.0.html',
      noticeFiles: ['DEBIAN_COPYRIGHT.txt'],
    },
    sources: [debian('mate-backgrounds', '1.26.0-1', '/usr/share/backgrounds/mate/nature/*.jpg')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'Files sit inside a .deb, so there is no per-file URL to fetch.',
    fileCount: 12,
    download: 'manual',
    downloadRules: [],
    manualInstructions:
      'On Debian/Ubuntu: `apt-get download mate-backgrounds=1.26.0-1 && dpkg -x mate-backgrounds_*.deb pkg`, copy pkg/usr/share/backgrounds/mate/nature/*.jpg into data/mate-photos/ and pkg/usr/share/doc/mate-backgrounds/copyright to data/mate-photos/DEBIAN_COPYRIGHT.txt; ' +
      MIRROR_HINT +
      '.',
  }),
  rawDataset({
    id: 'mobilenetv2-035-224',
    title: 'MobileNetV2 α=0.35, 224×224 (TF.js layers model)',
    description: 'ImageNet-pretrained MobileNetV2 (α 0.35) from a Teachable Machine export: model.json, weights.bin, metadata.json. Input 224×224 in [-1, 1]; model.layers[0] maps it to a 1280-d feature vector.',
    use: 'Frozen ImageNet encoder for the classifier and captioner; use model.layers[0] and ignore the 2-class head (clear vs Blurred&Dark).',
    licence: NONE_STATED(
      'The repo states no licence. The frozen base network is the MobileNetV2 feature extractor that Google\'s Teachable Machine ships; Keras-applications MobileNetV2 ImageNet weights are Apache-2.0, but no licence text accompanies this copy - confirm before shipping it.',
    ),
    sources: [github('Shiyx27/BlurDetection', '005369153b56b6972f706ad37b3be216b82ab070', 'tm-my-image-model')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'The first 1,584,512 bytes of weights.bin (all base weights) are byte-identical to an unrelated TM export, i.e. the base is the untouched pretrained network. Loads with @tensorflow/tfjs 4.22.0 via tf.io.fromMemory.',
    fileCount: 3,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase('Shiyx27/BlurDetection', '005369153b56b6972f706ad37b3be216b82ab070', 'tm-my-image-model') }],
  }),
  defineDataset({
    id: 'mobilenetv2-100-224',
    title: 'MobileNetV2 1.0, 224×224 (TF.js layers model converted from Coral TFLite)',
    description:
      'ImageNet-pretrained MobileNetV2 (α 1.0, 1001 classes, index 0 = background) as a float32 TF.js LayersModel: model.json + group1-shard{1..5}of5.bin (13.96 MB, 3,489,097 parameters), imagenet_labels.txt (1001 lines) and tflite2tfjs.py, the converter that produced it. Input [N,224,224,3] RGB in [-1, 1] (x/127.5 − 1); layer \'Conv_1\' gives a [N,7,7,1280] grid (post-ReLU6); output softmax [N,1001].',
    use: 'Frozen ImageNet encoder for captioning (layer Conv_1 → 7×7×1280 grid) and transfer classification.',
    licence: {
      short: 'Apache-2.0',
      spdx: 'Apache-2.0',
      commercialUse: 'allowed',
      terms: 'Apache-2.0 (google-coral/test_data repo LICENSE, copied as LICENSE.coral-test_data.txt).',
      url: 'https://www.apache.org/licenses/LICENSE-2.0',
      noticeFiles: ['LICENSE.coral-test_data.txt'],
    },
    sources: [github(...CORAL, 'mobilenet_v2_1.0_224_quant.tflite'), github(...CORAL, 'imagenet_labels.txt')],
    modifications:
      "Converted by the collector with tflite2tfjs.py (numpy only, no TensorFlow): uint8 weights / int32 biases of Google's quantization-aware-trained mobilenet_v2_1.0_224_quant.tflite (3,610,798 B, sha256 7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776) dequantized to float32 (BN already folded), fused ReLU6 -> activation 'relu6'; 5 shards of at most 3 MiB. imagenet_labels.txt is a byte-identical copy.",
    notes:
      "Published top-1 70.8% / top-5 89.9% for the quantized model (float MobileNetV2 71.8%); this float conversion is not bit-identical to the quantized TFLite model. ImageNet-1k class = argmax − 1. Layer names are TF-slim style (Conv, expanded_conv_N_*, Conv_1), not the Keras names of mobilenetv2-035-224. Checked by the collector with @tensorflow/tfjs 4.22.0 (wasm): kodim23 -> 88 macaw (0.999); about 57 ms per image in batches of 16 on 2 cores.",
    fileCount: 8,
    download: 'manual',
    downloadRules: [],
    manualInstructions:
      `No public URL serves these files: the model was converted by the collector. Use a copy of the mirror folder mobilenetv2-100-224/ (${MIRROR_HINT}). ` +
      `Rebuild: fetch ${rawBase(...CORAL, '')}mobilenet_v2_1.0_224_quant.tflite (check sha256 7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776), ${rawBase(...CORAL, '')}imagenet_labels.txt and ${rawBase(...CORAL, '')}LICENSE (save as LICENSE.coral-test_data.txt) into data/mobilenetv2-100-224/, ` +
      'then run `python3 tflite2tfjs.py mobilenet_v2_1.0_224_quant.tflite data/mobilenetv2-100-224` (numpy only; the converter ships only with the mirror copy) and delete the .tflite; the converted bytes should match the manifest with the same numpy, but that is not guaranteed.',
  }),
  rawDataset({
    id: 'pacs',
    title: 'PACS (photo / art painting / cartoon / sketch), subset',
    description: '1750 images 227×227 in <domain>/<class>/: photo 900, art_painting 350, cartoon 150, sketch 350; classes dog, elephant, giraffe, guitar, horse, house, person. Seeded random subset of the full PACS (9,991).',
    use: 'Classification: photo (positive) vs art_painting / cartoon / sketch (negative).',
    licence: {
      short: 'academic use; none stated',
      commercialUse: 'unclear',
      terms: 'No license in the repo. PACS (Li et al., ICCV 2017) images were gathered from the web; academic research use.',
      noticeFiles: [],
    },
    sources: [github('MachineLearning2020/Homework3-PACS', 'd586a6cf3db84896fb6cc465c7bf51bdaf6d65d8', 'PACS')],
    modifications: 'none to pixels (byte-identical files); only a subset was copied.',
    notes: "Known label noise: a few 'photo' images are paintings (e.g. photo/dog/056_0001.jpg). Cite Li, Yang, Song & Hospedales, ICCV 2017.",
    fileCount: 1750,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase('MachineLearning2020/Homework3-PACS', 'd586a6cf3db84896fb6cc465c7bf51bdaf6d65d8', 'PACS') }],
  }),
  rawDataset({
    id: 'polyu-real-noise',
    title: 'PolyU real-world noisy images (cropped pairs)',
    description: '100 real noisy / clean pairs, 512×512 JPEG, in CroppedImages/<camera>_<f>_<shutter>_<ISO>_<scene>_<idx>_{real,mean}.JPG; "mean" is the average of many shots.',
    use: 'Real camera noise with clean references: denoiser evaluation (PSNR / SSIM).',
    licence: {
      short: 'PolyU: non-commercial only',
      commercialUse: 'forbidden',
      terms: '(c) 2018 The Hong Kong Polytechnic University; redistribution allowed with notice, but ANY use/redistribution/modification solely for NON-COMMERCIAL purposes (see License.txt). Not usable in a commercial product without permission.',
      noticeFiles: ['License.txt', 'Readme.txt'],
    },
    sources: [github('csjunxu/PolyU-Real-World-Noisy-Images-Dataset', '3af0f2646b267a00446fe4b7113a15e67bc80b4e', 'CroppedImages')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'Cite Xu, Li, Liang, Zhang & Zhang, "Real-world Noisy Image Denoising: A New Benchmark", arXiv:1804.02603, 2018. OriginalImages/ was not staged.',
    fileCount: 200,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase('csjunxu/PolyU-Real-World-Noisy-Images-Dataset', '3af0f2646b267a00446fe4b7113a15e67bc80b4e', '') }],
  }),
  rawDataset({
    id: 'real-noisy',
    title: 'RNI6 + RNI15 real-noise images',
    description: '14 images with real noise and no clean reference: RNI15/ (8 of 15, colour camera/scan noise) and RNI6/ (6 grayscale old photos/scans).',
    use: 'Qualitative (visual) denoising only — no ground truth.',
    licence: NONE_STATED('No license stated; images collected from the web by earlier denoising papers. Use for internal qualitative evaluation only.'),
    sources: [github(...FFDNET, 'testsets/RNI15'), github(...FFDNET, 'testsets/RNI6')],
    modifications: 'none; byte-identical copies of the source files',
    notes: '',
    fileCount: 14,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase(...FFDNET, 'testsets') }],
  }),
  rawDataset({
    id: 'set14',
    title: 'Set14 super-resolution benchmark (×2, ×4)',
    description: '14 images × 2 scales as HR/LR PNG pairs: image_SRF_{2,4}/img_0kk_SRF_s_{HR,LR}.png (HR cropped to a multiple of s, LR = bicubic downscale as distributed by SelfExSR).',
    use: 'Super-resolution benchmark.',
    licence: NONE_STATED('No license in either repo. Set14 = Zeyde et al. 2010; academic benchmark use.'),
    sources: [github(...SELFEXSR, 'data/Set14')],
    modifications: 'none; byte-identical copies of the source files',
    notes: "Contains 'lenna' (and 'barbara'); drop lenna if your organisation avoids it. bridge is grayscale in the original set. The ×3 pairs and HR_named_full listed in SOURCE.txt are not in this copy.",
    fileCount: 56,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase(...SELFEXSR, 'data/Set14') }],
  }),
  rawDataset({
    id: 'set5',
    title: 'Set5 super-resolution benchmark (×2, ×3, ×4)',
    description: '5 images × 3 scales as HR/LR PNG pairs (image_SRF_s/img_00k_SRF_s_{HR,LR}.png) + HR_named_full/{baby,bird,butterfly,head,woman}.png.',
    use: 'Super-resolution benchmark.',
    licence: NONE_STATED("No license in either repo (majedelhelou README: 'collected here for convenience, no ownership claimed'). Set5 = Bevilacqua et al., BMVC 2012; academic benchmark use."),
    sources: [github(...SELFEXSR, 'data/Set5'), github(...MAJED, 'CSet5')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'img_001=baby 512×512, 002=bird 288×288, 003=butterfly 256×256, 004=head 280×280, 005=woman 228×344.',
    fileCount: 35,
    downloadRules: [
      { pathPrefix: 'HR_named_full/', baseUrl: rawBase(...MAJED, 'CSet5') },
      { pathPrefix: '', baseUrl: rawBase(...SELFEXSR, 'data/Set5') },
    ],
  }),
  defineDataset({
    id: 'skimage-samples',
    title: 'scikit-image sample images',
    description: '19 images (16 PNG, 3 JPEG) from skimage.data: photos, textures, a real motion-blurred photo (clock_motion.png) and document-like images (page.png, text.png, bw_text.png).',
    use: 'Miscellaneous test images: sharpening demo on real motion blur, scanned text, textures.',
    licence: {
      short: 'mostly CC0 / PD, per image',
      commercialUse: 'unclear',
      terms: "Per-image statements in skimage/data/_fetchers.py: astronaut PD (NASA); camera CC0 (Lav Varshney); coffee CC0 (Rachel Michetti); chelsea CC0 (Stefan van der Walt); rocket PD (SpaceX); hubble_deep_field PD (NASA); clock_motion PD (Stefan van der Walt); text PD; horse CC0; brick/grass/gravel CC0 (CC0Textures); retina CC0; coins 'no known copyright restrictions'; motorcycle_left/right = Middlebury 2014 stereo (research); page.png, bw_text.png, moon.png: no statement found. Package itself BSD-3.",
      noticeFiles: [],
    },
    sources: [debian('python3-skimage', '0.19.3-8', '/usr/lib/python3/dist-packages/skimage/data/')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'clock_motion.png is a REAL camera-motion-blurred photo with no sharp pair.',
    fileCount: 19,
    download: 'manual',
    downloadRules: [],
    manualInstructions:
      'On Debian/Ubuntu: `apt-get download python3-skimage=0.19.3-8 && dpkg -x python3-skimage_*.deb pkg` and copy the 19 files named in data/manifests/skimage-samples.json from pkg/usr/lib/python3/dist-packages/skimage/data/ into data/skimage-samples/; ' +
      MIRROR_HINT +
      '.',
  }),
  defineDataset({
    id: 'sroie-receipts',
    title: 'ICDAR-2019 SROIE scanned receipts (resized subset)',
    description: '100 receipt scans (JPEG, resized to fit 1024×1024, quality 85), seeded random subset of the 626 SROIE images.',
    use: 'Classification negative: scanned text documents.',
    licence: NONE_STATED('Repository code is MIT; the receipt images come from the ICDAR 2019 SROIE competition and carry no explicit licence in the repo. Research use.'),
    sources: [github('zzzDavid/ICDAR-2019-SROIE', '27be4271b251c256f695acbade9a801bffe85994', 'data/img')],
    modifications: 'Resized with ImageMagick to fit within 1024x1024 (only shrinking) and re-encoded JPEG quality 85, metadata stripped.',
    notes: 'OCR/key annotations exist in the repo (data/box, data/key) but were not staged.',
    fileCount: 100,
    download: 'manual',
    downloadRules: [],
    manualInstructions: `The files were re-encoded, so the originals do not match the manifest checksums. Approximate rebuild: fetch each file named in data/manifests/sroie-receipts.json from ${rawBase('zzzDavid/ICDAR-2019-SROIE', '27be4271b251c256f695acbade9a801bffe85994', 'data/img')}<name> and run \`convert in.jpg -resize '1024x1024>' -strip -quality 85 data/sroie-receipts/<name>\`; ${MIRROR_HINT}.`,
  }),
  rawDataset({
    id: 'tesseract-pages',
    title: 'Tesseract OCR test pages',
    description: '12 scanned / printed text pages (8 TIFF, several 1-bit at 300 dpi, 3 PNG, 1 JPEG), up to 3312×2550, incl. Hebrew and Devanagari.',
    use: 'Classification negative: scanned text pages.',
    licence: {
      short: 'Apache-2.0',
      spdx: 'Apache-2.0',
      commercialUse: 'allowed',
      terms: 'Apache License 2.0 (repo LICENSE).',
      url: 'https://www.apache.org/licenses/LICENSE-2.0',
      noticeFiles: [],
    },
    sources: [github('tesseract-ocr/test', '232ff181c66516116ec0e84c4963f70de15050fd', 'testing')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'Decode the bilevel TIFFs with sharp/libvips.',
    fileCount: 12,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase('tesseract-ocr/test', '232ff181c66516116ec0e84c4963f70de15050fd', 'testing') }],
  }),
  rawDataset({
    id: 'vhs-like-frames',
    title: 'VHS-like artefact examples (provenance unknown)',
    description: '11 PNG crops illustrating tearing, colour shifting, black/white lines, noise, greening, pinking, posterisation, over-exposure, blur and JPEG artefacts; jpeg-artefact.png is a full 720×576 frame.',
    use: 'Visual reference for the VHS degradation simulator. Do not present them as real VHS captures.',
    licence: {
      short: 'MIT (source repo)',
      spdx: 'MIT',
      commercialUse: 'unclear',
      terms: 'Repo LICENSE: MIT (c) 2020 Baptiste. Origin of the underlying footage is not documented.',
      url: 'https://opensource.org/licenses/MIT',
      noticeFiles: [],
    },
    sources: [github('EpicKiwi/projet-datascience', '90b59fc674fc2146634d1c1681f9b65083a7aa91', 'examples')],
    modifications: 'none; byte-identical copies of the source files',
    notes: 'It is NOT known whether these are real VHS captures or synthetic degradations.',
    fileCount: 11,
    downloadRules: [{ pathPrefix: '', baseUrl: rawBase('EpicKiwi/projet-datascience', '90b59fc674fc2146634d1c1681f9b65083a7aa91', 'examples') }],
  }),
];

const BY_ID = new Map(ENTRIES.map((e) => [e.id, e]));

/** Ids of every registered dataset, sorted. */
export const DATASET_IDS: readonly string[] = Object.freeze(ENTRIES.map((e) => e.id).sort());

/**
 * The registry entry of a dataset.
 * @param id - dataset id (folder name), e.g. `cbsd68`.
 * @throws RangeError naming the id and listing the valid ids.
 */
export function getDataset(id: string): DatasetEntry {
  const entry = BY_ID.get(id);
  if (entry === undefined) {
    throw new RangeError(`getDataset: unknown dataset id ${JSON.stringify(id)}; valid ids: ${DATASET_IDS.join(', ')}`);
  }
  return entry;
}

/** Every registry entry, sorted by id. */
export function listDatasets(): DatasetEntry[] {
  return DATASET_IDS.map((id) => getDataset(id));
}

/**
 * Public download URL of one manifest path, or `undefined` when the dataset is `manual`
 * or no rule matches. Path segments are URL-encoded.
 */
export function getDownloadUrl(entry: DatasetEntry, filePath: string): string | undefined {
  for (const rule of entry.downloadRules) {
    if ('path' in rule) {
      if (rule.path === filePath) return rule.url;
    } else if (filePath.startsWith(rule.pathPrefix)) {
      return rule.baseUrl + filePath.slice(rule.pathPrefix.length).split('/').map(encodeURIComponent).join('/');
    }
  }
  return undefined;
}
