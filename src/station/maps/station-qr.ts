import QRCode from 'qrcode';

// The station's short links and their QR codes (PNG and SVG, for posters):
// /s/:district opens the station at its entrance, /s/:district/:zone at a
// zone. The QR code carries the absolute short link under the public URL.

export const shortPath = (district: string, zone?: string) => `/s/${encodeURIComponent(district)}${zone ? `/${encodeURIComponent(zone)}` : ''}`;

export const shortUrl = (publicUrl: string, district: string, zone?: string) => `${publicUrl}${shortPath(district, zone)}`;

/** Error correction M (15 %): survives a smudged or folded poster; a 4-module quiet zone as the standard asks. */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', width: 512 });
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg' });
}
