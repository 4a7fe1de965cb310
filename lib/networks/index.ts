export { CaptionDecoder, buildCaptionDecoder, captionDecoderShapes, CAPTION_DECODER_DEFAULTS } from './CaptionDecoder';
export type { CaptionDecoderConfig, DecoderContext, TeacherForcedOutput, BuildCaptionDecoderOptions } from './CaptionDecoder';
