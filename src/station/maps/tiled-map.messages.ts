import { defineMessages } from '../../platform/i18n/i18n.ts';

// Why a station map is refused, in Korean and English. {where} names the
// place in the file (the layer, the object, the property) in the reader's
// language; the names quoted there are the map's own.

export const tiledMapMessages = defineMessages({
  // places
  where_file: { ko: '지도 파일', en: 'the map file' },
  where_field: { ko: '지도 파일의 “{path}” 항목', en: 'the entry “{path}” of the map file' },
  where_tileset: { ko: '타일셋 “{name}”', en: 'tileset “{name}”' },
  where_layer: { ko: '레이어 “{name}”', en: 'layer “{name}”' },
  where_object: { ko: '레이어 “zones”의 객체 {id}(“{name}”)', en: 'object {id} (“{name}”) of layer “zones”' },
  where_property: { ko: '레이어 “zones”의 객체 {id}(“{name}”)의 속성 “{property}”', en: 'property “{property}” of object {id} (“{name}”) of layer “zones”' },

  // problems
  too_large: { ko: '{where}: 파일이 {max}MB보다 큽니다. 더 작은 지도를 올려 주세요.', en: '{where}: the file is larger than {max} MB. Upload a smaller map.' },
  not_json: { ko: '{where}: JSON 형식으로 읽을 수 없습니다. Tiled에서 “JSON 지도 파일(*.tmj, *.json)”로 내보내 주세요.', en: '{where}: it cannot be read as JSON. Export it from Tiled as a “JSON map file (*.tmj, *.json)”.' },
  not_a_map: { ko: '{where}: Tiled 지도가 아닙니다(종류가 “map”이어야 합니다).', en: '{where}: this is not a Tiled map (its type must be “map”).' },
  not_orthogonal: { ko: '{where}: 지도 방향이 “{orientation}”입니다. 직교(orthogonal) 지도만 쓸 수 있습니다.', en: '{where}: the map orientation is “{orientation}”. Only orthogonal maps can be used.' },
  infinite: { ko: '{where}: 무한 지도입니다. Tiled의 지도 속성에서 “무한”을 끄고 다시 내보내 주세요.', en: '{where}: the map is infinite. Turn off “Infinite” in Tiled’s map properties and export it again.' },
  map_too_big: { ko: '{where}: 지도가 가로 {width}칸, 세로 {height}칸입니다. 가로와 세로 모두 {max}칸 이하여야 합니다.', en: '{where}: the map is {width} × {height} tiles. Both sides must be at most {max} tiles.' },
  tile_size: { ko: '{where}: 타일 크기가 {width}×{height}픽셀입니다. {min}에서 {max}픽셀 사이여야 합니다.', en: '{where}: the tiles are {width} × {height} pixels. They must be from {min} to {max} pixels.' },
  shape: { ko: '{where}: Tiled 지도 형식에 맞지 않습니다. 값의 종류와 범위를 확인해 주세요.', en: '{where}: it does not match the Tiled map format ({detail}).' },
  one_tileset: { ko: '{where}: 타일셋이 {count}개입니다. 타일 그림 하나로 된 타일셋 하나만 쓸 수 있습니다.', en: '{where}: the map has {count} tilesets. Exactly one tileset, of one tile image, can be used.' },
  external_tileset: {
    ko: '{where}: 외부 타일셋 파일(“{source}”)을 가리킵니다. 외부 파일은 올릴 수 없으니, Tiled에서 타일셋을 지도에 포함(Embed)한 뒤 다시 내보내 주세요.',
    en: '{where}: it points to an external tileset file (“{source}”), which cannot be uploaded. Embed the tileset in the map in Tiled and export it again.',
  },
  tileset_no_image: { ko: '{where}: 타일 그림 하나로 된 타일셋이 아닙니다(그림 이름이 없습니다).', en: '{where}: it is not a tileset of one tile image (it names no image).' },
  tileset_tile_size: { ko: '{where}: 타일 크기({tileset})가 지도의 타일 크기({map})와 다릅니다.', en: '{where}: its tile size ({tileset}) differs from the map’s ({map}).' },
  layer_encoded: { ko: '{where}: 타일 데이터가 압축되었거나 인코딩되어 있습니다. Tiled의 지도 속성에서 타일 레이어 형식을 “CSV”로 바꿔 주세요.', en: '{where}: its tile data is encoded or compressed. Set the tile layer format to “CSV” in Tiled’s map properties.' },
  layer_size: { ko: '{where}: 레이어 크기가 지도 크기와 다르거나 타일 수가 맞지 않습니다.', en: '{where}: the layer’s size differs from the map’s, or it has the wrong number of tiles.' },
  unknown_tile: { ko: '{where}: 가로 {x}, 세로 {y} 칸의 타일 번호 {gid}가 타일셋에 없습니다.', en: '{where}: tile number {gid} at column {x}, row {y} is not in the tileset.' },
  zones_missing: { ko: '{where}: 구역을 표시할 객체 레이어 “zones”가 없습니다.', en: '{where}: the object layer “zones” that marks the zones is missing.' },
  too_many_zones: { ko: '{where}: 구역이 {count}개입니다. {max}개 이하여야 합니다.', en: '{where}: there are {count} zones. There can be at most {max}.' },
  zone_not_rectangle: { ko: '{where}: 구역은 회전하지 않은 사각형이어야 합니다.', en: '{where}: a zone must be a rectangle that is not rotated.' },
  zone_empty: { ko: '{where}: 너비나 높이가 0입니다.', en: '{where}: its width or height is 0.' },
  zone_outside: { ko: '{where}: 구역이 지도 밖으로 나갑니다.', en: '{where}: the zone reaches outside the map.' },
  zone_id_missing: { ko: '{where}: 구역 아이디(문자열 속성)가 없습니다.', en: '{where}: the zone id (a string property) is missing.' },
  zone_id_invalid: {
    ko: '{where}: 구역 아이디 “{id}”는 영문 소문자, 숫자, 붙임표로 40자 이내여야 합니다(예: booth-1).',
    en: '{where}: the zone id “{id}” must be lower-case letters, digits and hyphens, at most 40 characters (e.g. booth-1).',
  },
  zone_id_duplicate: { ko: '{where}: 구역 아이디 “{id}”를 다른 구역이 이미 씁니다.', en: '{where}: another zone already uses the zone id “{id}”.' },
  zone_label_missing: { ko: '{where}: 구역 이름이 없거나 {max}자보다 깁니다.', en: '{where}: the zone’s name is missing or longer than {max} characters.' },
  entrance_missing: { ko: '{where}: 아이디가 “entrance”인 입구 구역이 없습니다. 방문자는 입구에서 들어옵니다.', en: '{where}: no entrance zone (zone id “entrance”). Visitors arrive at the entrance.' },
});

export type TiledMapMessageKey = keyof typeof tiledMapMessages.catalogue;
