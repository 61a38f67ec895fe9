import QRCode from 'qrcode';

// The station's short links and their QR codes (PNG and SVG, for posters):
// /s/:district opens the station at its entrance, /s/:district/:zone at a
// zone. The QR code carries the absolute short link under the public URL.

export const shortPath = (district: string, zone?: string) => `/s/${encodeURIComponent(district)}${zone ? `/${encodeURIComponent(zone)}` : ''}`;

export const shortUrl = (publicUrl: string, district: string, zone?: string) => `${publicUrl}${shortPath(district, zone)}`;

/** Error correction M (15 %): survives a smudged or folded poster; a 4-module quiet zone as the standard asks. */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The last codes made, by kind and text: a poster's code is asked for again and again, and never changes. */
const made = new Map<string, Promise<Buffer | string>>();
function remembered<T extends Buffer | string>(key: string, make: () => Promise<T>): Promise<T> {
  let hit = made.get(key);
  if (!hit) {
    if (made.size >= 256) made.delete(made.keys().next().value!);
    hit = make();
    made.set(key, hit);
    hit.catch(() => made.delete(key));
  }
  return hit as Promise<T>;
}

export function qrPng(text: string): Promise<Buffer> {
  return remembered(`png ${text}`, () => QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: 512 }));
}

export function qrSvg(text: string): Promise<string> {
  return remembered(`svg ${text}`, () => QRCode.toString(text, { ...OPTIONS, type: 'svg' }));
}
