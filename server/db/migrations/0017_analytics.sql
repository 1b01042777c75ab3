-- Analytics semantic layer (server/modules/analytics/semantic): each region with its sales
-- region (大区), province and city, so that facts attributed to a region at any level can be
-- broken down by any of the three. A fact on a province has no city (null).
CREATE VIEW analytics_region_levels AS
WITH RECURSIVE walk AS (
  SELECT id AS region_id, id AS ancestor_id FROM regions
  UNION ALL
  SELECT w.region_id, r.parent_id FROM walk w JOIN regions r ON r.id = w.ancestor_id WHERE r.parent_id IS NOT NULL
)
SELECT w.region_id,
       max(a.id) FILTER (WHERE a.level = 'sales_region') AS sales_region_id,
       max(a.name_zh) FILTER (WHERE a.level = 'sales_region') AS sales_region_zh,
       max(a.name_en) FILTER (WHERE a.level = 'sales_region') AS sales_region_en,
       max(a.id) FILTER (WHERE a.level = 'province') AS province_id,
       max(a.name_zh) FILTER (WHERE a.level = 'province') AS province_zh,
       max(a.name_en) FILTER (WHERE a.level = 'province') AS province_en,
       max(a.id) FILTER (WHERE a.level = 'city') AS city_id,
       max(a.name_zh) FILTER (WHERE a.level = 'city') AS city_zh,
       max(a.name_en) FILTER (WHERE a.level = 'city') AS city_en
  FROM walk w JOIN regions a ON a.id = w.ancestor_id
 GROUP BY w.region_id;

-- Shipments by ship date, for the on-time shipment rate.
CREATE INDEX shipments_shipped_on_idx ON shipments (shipped_on) WHERE shipped_on IS NOT NULL;

-- Analytics settings kept as data (e.g. the RFM thresholds of DOMAIN §6, key 'rfm_thresholds').
CREATE TABLE analytics_settings (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_by  bigint REFERENCES users(id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
