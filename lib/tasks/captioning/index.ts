export * from './tokenizeCaption';
export * from './Vocabulary';
export * from './buildVocabulary';
export * from './encodeCaption';
export * from './decodeCaption';
export * from './saveVocabulary';
export * from './loadVocabulary';
export * from './computeCaptionStats';
