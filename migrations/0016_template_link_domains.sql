-- The hosts a district's message templates may link to (KakaoTalk buttons,
-- links and images in e-mail), besides the service's own public address,
-- which is always allowed. A row allows its host and the host's subdomains.
CREATE TABLE district_link_domains (
  district_code text NOT NULL REFERENCES districts(code),
  domain text NOT NULL CHECK (
    length(domain) <= 253
    AND domain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$'
  ),
  added_by text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (district_code, domain)
);
