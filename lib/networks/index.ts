export { CaptionDecoder, buildCaptionDecoder, captionDecoderShapes, CAPTION_DECODER_DEFAULTS } from './CaptionDecoder';
export type { CaptionDecoderConfig, DecoderContext, TeacherForcedOutput, BuildCaptionDecoderOptions } from './CaptionDecoder';
export { buildLineShiftNet, LINE_SHIFT_NET_DEFAULTS } from './buildLineShiftNet';
export type { LineShiftNetOptions } from './buildLineShiftNet';
export { buildVhsResidualNet } from './buildVhsResidualNet';
export type { VhsResidualNetOptions } from './buildVhsResidualNet';
