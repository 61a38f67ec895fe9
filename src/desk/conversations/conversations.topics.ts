// Bus topics and the small events on them (ids, never message text).

export type DeskEvent =
  | { type: 'message'; messageId: number }
  | { type: 'state' }
  | { type: 'typing'; side: 'resident' | 'agent' }
  | { type: 'read'; side: 'resident' | 'agent'; upTo: number }
  | { type: 'queue' };

export const conversationTopic = (id: number) => `desk:c:${id}`;
export const districtTopic = (code: string) => `desk:d:${code}`;
