import type { Look } from '../presence/presence.frames.ts';
import type { SpaceMessageKey } from './space.messages.ts';

// What the space page hands its script (the JSON block #station-space-config):
// the district, its map and tiles, the zones with their pages, where the
// visitor starts, and the words in the page's language. Types only: the
// browser code imports it.

export interface SpaceZone {
  id: string;
  label: string;
  /** The feature's name in the page's language, e.g. "Book a consultation". */
  feature: string;
  /** The feature's page (with ?lang=); null when the zone opens nothing. */
  url: string | null;
  rect: { x: number; y: number; width: number; height: number };
}

export interface SpaceConfig {
  district: string;
  locale: 'ko' | 'en';
  mapUrl: string;
  tilesUrl: string;
  /** the text mode at the start zone: where the low-bandwidth choice goes */
  textModeUrl: string;
  /** the station's main script, loaded by the boot script unless the low-bandwidth choice sends the visitor to the text mode */
  engineUrl: string;
  zones: SpaceZone[];
  /** the zone the visitor starts at (the short link's zone, else the entrance) */
  start: string;
  /** true when the page was opened at a zone (a short link): its panel is offered at once */
  offerStart: boolean;
  /** the live desk's page, for "ask for help" */
  deskUrl: string;
  looks: readonly Look[];
  words: Record<SpaceMessageKey, string>;
}
