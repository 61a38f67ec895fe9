import type { TextModeKey } from './text-mode.messages.ts';

// What the text mode's page hands its script (the JSON block
// #station-text-config): the district, the zones' names and centres, and the
// words in the page's language. Types only: the browser code imports it.

export interface TextModeConfig {
  district: string;
  locale: 'ko' | 'en';
  zones: { id: string; label: string; x: number; y: number }[];
  entrance: string;
  words: Record<TextModeKey, string>;
}
