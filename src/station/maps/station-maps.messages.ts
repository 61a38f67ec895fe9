import { defineMessages } from '../../platform/i18n/i18n.ts';

// The station's maps in Korean and English: the console page
// (/console/station), the text mode (/r/station/:district) and the refusals
// of an upload. The map file's own problems are in tiled-map.messages.ts.

export const tilesPngMessages = defineMessages({
  tiles_not_png: { ko: '타일 그림이 PNG 파일이 아닙니다. PNG로 저장한 그림을 올려 주세요.', en: 'The tile image is not a PNG file. Upload the image saved as PNG.' },
  tiles_too_large: { ko: '타일 그림이 너무 큽니다({max}MB 이하, 가로·세로 4096픽셀 이하).', en: 'The tile image is too large (at most {max} MB and 4096 pixels a side).' },
  tiles_wrong_size: {
    ko: '타일 그림의 크기({actual})가 지도의 타일셋에 적힌 크기({expected})와 다릅니다.',
    en: 'The tile image is {actual} pixels, but the map’s tileset says {expected}.',
  },
});

export const stationMapsMessages = defineMessages({
  // --- console
  console_title: { ko: '가상 세무서 지도', en: 'Virtual tax station map' },
  console_lead: {
    ko: '주민이 들어오는 가상 세무서의 지도와 구역입니다. 구역마다 열릴 서비스를 고르고, 다른 지도를 올리거나 기본 지도로 되돌릴 수 있습니다.',
    en: 'The map and zones of the virtual tax station residents walk into. Choose what each zone opens, upload another map, or go back to the default map.',
  },
  map_default: { ko: '지금은 기본 지도를 씁니다.', en: 'The default map is in use.' },
  map_uploaded: { ko: '지금 쓰는 지도: “{name}”(올린 때 {when}).', en: 'Map in use: “{name}” (uploaded {when}).' },
  text_mode_link: { ko: '주민에게 보이는 글자 모드 열기', en: 'Open the text mode residents see' },
  zones_heading: { ko: '구역과 연결된 서비스', en: 'Zones and what they open' },
  zones_caption: { ko: '이 지도의 구역', en: 'Zones of this map' },
  col_zone: { ko: '구역', en: 'Zone' },
  col_id: { ko: '아이디', en: 'Id' },
  col_url: { ko: '바로가기 주소', en: 'Short link' },
  col_qr: { ko: 'QR 코드', en: 'QR code' },
  col_download: { ko: '내려받기', en: 'Download' },
  col_feature: { ko: '열리는 서비스', en: 'Opens' },
  feature_for: { ko: '{zone} 구역에서 열릴 서비스', en: 'What the zone {zone} opens' },
  save_bindings: { ko: '연결 저장', en: 'Save the bindings' },
  bindings_saved: { ko: '구역 연결을 저장했습니다.', en: 'The bindings are saved.' },
  upload_heading: { ko: '다른 지도 올리기', en: 'Upload another map' },
  upload_lead: {
    ko: 'Tiled에서 JSON으로 내보낸 지도(2MB 이하, 타일셋 포함)를 올립니다. 지도 타일셋의 그림이 기본 타일과 다르면 그 PNG 그림도 함께 올려 주세요. 맞지 않는 지도는 이유를 알려 드리고 저장하지 않습니다.',
    en: 'Upload a map exported from Tiled as JSON (at most 2 MB, tileset embedded). If its tileset image is not the default tiles, upload that PNG image too. A map that does not fit is refused with the reason and nothing is stored.',
  },
  map_file: { ko: '지도 파일(JSON)', en: 'Map file (JSON)' },
  tiles_file: { ko: '타일 그림(PNG, 선택)', en: 'Tile image (PNG, optional)' },
  tiles_hint: { ko: '올리지 않으면 기본 타일을 씁니다.', en: 'Without it the default tiles are used.' },
  upload: { ko: '지도 올리기', en: 'Upload the map' },
  map_saved: { ko: '새 지도를 올렸습니다. 구역 연결을 확인해 주세요.', en: 'The new map is in use. Check the zones’ bindings.' },
  map_required: { ko: '지도 파일을 골라 주세요.', en: 'Choose a map file.' },
  map_refused: { ko: '지도를 쓸 수 없어 저장하지 않았습니다.', en: 'The map cannot be used, so nothing was stored.' },
  tiles_needed: {
    ko: '지도의 타일셋 그림 “{image}”({width}×{height})이 기본 타일과 다릅니다. 그 PNG 그림도 함께 올려 주세요.',
    en: 'The map’s tileset image “{image}” ({width}×{height}) is not the default tiles. Upload that PNG image with it.',
  },
  reset_heading: { ko: '기본 지도로 되돌리기', en: 'Go back to the default map' },
  reset_lead: { ko: '올린 지도를 지우고 기본 지도를 씁니다. 기본 지도에 없는 구역의 연결도 지워집니다.', en: 'Removes the uploaded map and uses the default map. Bindings of zones the default map does not have are removed too.' },
  reset: { ko: '기본 지도로 되돌리기', en: 'Use the default map' },
  map_reset: { ko: '기본 지도로 되돌렸습니다.', en: 'The default map is in use again.' },
  links_heading: { ko: '바로가기 주소와 QR 코드', en: 'Short links and QR codes' },
  links_lead: {
    ko: '포스터나 안내문에 인쇄해 두면 주민이 휴대전화로 찍어 바로 그 구역에 들어옵니다. QR 코드는 PNG와 SVG로 내려받을 수 있습니다.',
    en: 'Print them on posters and leaflets: residents scan them with a phone and arrive at that zone. Each QR code downloads as PNG or SVG.',
  },
  station_entry: { ko: '가상 세무서 입구', en: 'Station entrance' },
  qr_alt: { ko: '{url} 주소의 QR 코드', en: 'QR code of {url}' },
  download_png: { ko: 'PNG 내려받기', en: 'Download PNG' },
  download_svg: { ko: 'SVG 내려받기', en: 'Download SVG' },
  invalid_binding: { ko: '고를 수 없는 서비스입니다. 목록에서 골라 주세요.', en: 'That is not one of the choices. Choose from the list.' },

  // --- the start page's section
  landing_title: { ko: '가상 세무서', en: 'Virtual tax station' },
  landing_lead: {
    ko: '구청 세무과를 본뜬 공간을 걸어 다니며 상담 창구, 강의실, 안내 부스를 찾아갑니다. 지도 대신 글로 된 안내로도 모든 서비스를 쓸 수 있습니다.',
    en: "Walk around a space laid out like the district's tax office to find the desk, the lecture room and the information booths. Every service also works from the text version, without the map.",
  },
  landing_link: { ko: '{district} 가상 세무서', en: '{district} virtual tax station' },
  landing_text_link: { ko: '{district} 가상 세무서 (글로 보기)', en: '{district} virtual tax station (text version)' },

  // --- text mode
  text_title: { ko: '{district} 가상 세무서', en: '{district} virtual tax station' },
  text_lead: {
    ko: '가상 세무서의 구역을 글로 보여 드립니다. 구역을 고르면 그 서비스가 열립니다. 지도 없이도 모든 서비스를 쓸 수 있습니다.',
    en: 'The zones of the virtual tax station, as text. Choose a zone to open its service. Every service works without the map.',
  },
  zones_list: { ko: '구역', en: 'Zones' },
  you_are_here: { ko: '지금 있는 구역', en: 'You are here' },
  zone_closed: { ko: '아직 열린 서비스가 없습니다.', en: 'Nothing opens here yet.' },
  unknown_district_title: { ko: '구를 찾을 수 없습니다', en: 'District not found' },
  unknown_district_body: { ko: '주소에 적힌 구가 이 서비스에 없습니다. 주소를 확인해 주세요.', en: 'The district in the address does not use this service. Check the address.' },
  unknown_zone: { ko: '주소의 구역이 이 지도에 없어 입구로 안내합니다.', en: 'The zone in the address is not on this map, so you are at the entrance.' },
});

export type StationMapsMessageKey = keyof typeof stationMapsMessages.catalogue;
