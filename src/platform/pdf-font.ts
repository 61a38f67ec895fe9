import { join } from 'node:path';

/** Pretendard GOV (SIL Open Font License 1.1), the typeface of Korea's government design system, for every PDF with Korean text. */
export const KOREAN_FONT_FILE = join(import.meta.dirname, '..', '..', 'assets', 'fonts', 'PretendardGOV-Regular.otf');
