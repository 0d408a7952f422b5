import type { ErrorCatalogue } from '../shared/domain-error.ts';

export const MediaErrors = {
  UnsupportedType: {
    code: 'MEDIA.UNSUPPORTED_TYPE',
    kind: 'validation',
    when: 'an upload is neither an image nor a video (judged from its bytes)',
  },
  TooLarge: {
    code: 'MEDIA.TOO_LARGE',
    kind: 'too_large',
    when: 'an upload is over the limit of its type (while it arrives: over the larger of the two limits)',
  },
} as const satisfies ErrorCatalogue;
