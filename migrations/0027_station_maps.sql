-- The virtual Tax Station's maps: a district's uploaded Tiled map (the JSON
-- as uploaded, checked before it is stored) with its tileset image (an
-- uploaded PNG, or NULL for the project's default tiles), and the bindings
-- of its zones to the residents' features. A district without a row in
-- station_maps uses the default map (assets/station/default-map.json); a
-- zone without a binding gets its default feature (src/station/maps/
-- station-features.ts). Written by the station domain only.
CREATE TABLE station_maps (
  district_code text PRIMARY KEY REFERENCES districts(code),
  map_json text NOT NULL CHECK (octet_length(map_json) <= 2097152),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  tiles_png bytea CHECK (tiles_png IS NULL OR octet_length(tiles_png) <= 2097152),
  -- a short hash of the tiles (or of the map for the default tiles), so their URL changes with them
  version text NOT NULL CHECK (version ~ '^[0-9a-f]{12}$'),
  uploaded_by bigint REFERENCES staff_accounts(id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE station_zone_bindings (
  district_code text NOT NULL REFERENCES districts(code),
  zone_id text NOT NULL CHECK (zone_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(zone_id) <= 40),
  feature text NOT NULL CHECK (feature IN ('booking', 'video', 'lectures', 'board', 'calendar', 'refund', 'booths', 'faq', 'desk', 'search', 'none')),
  updated_by bigint REFERENCES staff_accounts(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (district_code, zone_id)
);
