-- Demo budget programmes for atlas-indicators (generated demonstration data:
-- demo = true, and every title says so). Loaded by scripts/run.
INSERT INTO indicators.programmes (id, code, title_fr, title_ar, title_en, demo) VALUES
  ('demo-101', 'D101', 'Programme de démonstration : accompagnement des MRE',
   'برنامج تجريبي: مواكبة مغاربة العالم', 'Demo programme: support to Moroccans abroad', true),
  ('demo-102', 'D102', 'Programme de démonstration : mobilisation des compétences',
   'برنامج تجريبي: تعبئة الكفاءات', 'Demo programme: mobilising skills', true),
  ('demo-103', 'D103', 'Programme de démonstration : migration et développement',
   'برنامج تجريبي: الهجرة والتنمية', 'Demo programme: migration and development', true)
ON CONFLICT (id) DO NOTHING;
