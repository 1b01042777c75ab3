-- Imports: touches become an importable entity (issue #9), beside customers, products and leads.

ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_entity_check;
ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_entity_check
  CHECK (entity IN ('customers', 'products', 'leads', 'touches'));

ALTER TABLE import_templates DROP CONSTRAINT import_templates_entity_check;
ALTER TABLE import_templates ADD CONSTRAINT import_templates_entity_check
  CHECK (entity IN ('customers', 'products', 'leads', 'touches'));
