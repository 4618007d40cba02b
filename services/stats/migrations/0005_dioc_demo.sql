-- The generated DIOC-shaped demo dataset (issue 19, item 4): its structure
-- and code lists. The observations are not here: scripts/run generates them
-- (scripts/lib/gen-dioc-demo.mjs, fixed seed: 2.6 million person records
-- aggregated to 16 265 cells) and imports them as a partner would, through
-- atlas-stats's import and release. Labelled demo wherever it is shown, and
-- never mixed into a real total (it is its own dataset).
-- Codes follow the SDMX cross-domain code lists where one exists (CL_AGE's
-- Y15T24…Y_GE65; _Z "not applicable").
INSERT INTO codelists (id, agency, name) VALUES
  ('CL_AGE', 'MA.MRE', '{"fr": "Groupe d''âge", "ar": "الفئة العمرية", "en": "Age group"}'),
  ('CL_EDUCATION', 'MA.MRE', '{"fr": "Niveau d''éducation (CITE 2011)", "ar": "المستوى التعليمي (ISCED 2011)", "en": "Level of education (ISCED 2011)"}'),
  ('CL_LABOUR', 'MA.MRE', '{"fr": "Situation au regard de l''activité", "ar": "الوضع إزاء النشاط", "en": "Labour force status"}'),
  ('CL_OCCUPATION', 'MA.MRE', '{"fr": "Profession (grands groupes CITP-08)", "ar": "المهنة (المجموعات الرئيسية ISCO-08)", "en": "Occupation (ISCO-08 major groups)"}'),
  ('CL_DURATION', 'MA.MRE', '{"fr": "Durée de séjour", "ar": "مدة الإقامة", "en": "Duration of stay"}');
INSERT INTO codes (codelist_id, code, position, name) VALUES
  ('CL_AGE', 'Y15T24', 0, '{"fr": "15–24 ans", "ar": "15–24 سنة", "en": "15–24 years"}'),
  ('CL_AGE', 'Y25T34', 1, '{"fr": "25–34 ans", "ar": "25–34 سنة", "en": "25–34 years"}'),
  ('CL_AGE', 'Y35T44', 2, '{"fr": "35–44 ans", "ar": "35–44 سنة", "en": "35–44 years"}'),
  ('CL_AGE', 'Y45T64', 3, '{"fr": "45–64 ans", "ar": "45–64 سنة", "en": "45–64 years"}'),
  ('CL_AGE', 'Y_GE65', 4, '{"fr": "65 ans et plus", "ar": "65 سنة فأكثر", "en": "65 years and over"}'),
  ('CL_EDUCATION', 'ISCED11_0T2', 0, '{"fr": "Faible (CITE 0–2)", "ar": "منخفض (ISCED 0–2)", "en": "Low (ISCED 0–2)"}'),
  ('CL_EDUCATION', 'ISCED11_3T4', 1, '{"fr": "Moyen (CITE 3–4)", "ar": "متوسط (ISCED 3–4)", "en": "Medium (ISCED 3–4)"}'),
  ('CL_EDUCATION', 'ISCED11_5T8', 2, '{"fr": "Supérieur (CITE 5–8)", "ar": "عالٍ (ISCED 5–8)", "en": "High (ISCED 5–8)"}'),
  ('CL_LABOUR', 'EMP', 0, '{"fr": "En emploi", "ar": "مشتغلون", "en": "Employed"}'),
  ('CL_LABOUR', 'UNE', 1, '{"fr": "Au chômage", "ar": "عاطلون", "en": "Unemployed"}'),
  ('CL_LABOUR', 'INAC', 2, '{"fr": "Inactifs", "ar": "غير نشيطين", "en": "Inactive"}'),
  ('CL_OCCUPATION', 'ISCO08_1', 0, '{"fr": "Directeurs, cadres de direction et gérants", "ar": "المديرون", "en": "Managers"}'),
  ('CL_OCCUPATION', 'ISCO08_2', 1, '{"fr": "Professions intellectuelles et scientifiques", "ar": "الاختصاصيون", "en": "Professionals"}'),
  ('CL_OCCUPATION', 'ISCO08_3', 2, '{"fr": "Professions intermédiaires", "ar": "الفنيون والمهنيون المساعدون", "en": "Technicians and associate professionals"}'),
  ('CL_OCCUPATION', 'ISCO08_4', 3, '{"fr": "Employés de type administratif", "ar": "موظفو الدعم المكتبي", "en": "Clerical support workers"}'),
  ('CL_OCCUPATION', 'ISCO08_5', 4, '{"fr": "Personnel des services et vendeurs", "ar": "العاملون في الخدمات والبيع", "en": "Service and sales workers"}'),
  ('CL_OCCUPATION', 'ISCO08_6', 5, '{"fr": "Agriculteurs et ouvriers qualifiés de l''agriculture, de la sylviculture et de la pêche", "ar": "العمال المهرة في الزراعة والغابات والصيد", "en": "Skilled agricultural, forestry and fishery workers"}'),
  ('CL_OCCUPATION', 'ISCO08_7', 6, '{"fr": "Métiers qualifiés de l''industrie et de l''artisanat", "ar": "الحرفيون وما يتصل بهم", "en": "Craft and related trades workers"}'),
  ('CL_OCCUPATION', 'ISCO08_8', 7, '{"fr": "Conducteurs d''installations et de machines, ouvriers de l''assemblage", "ar": "مشغلو المصانع والآلات والمجمعون", "en": "Plant and machine operators, and assemblers"}'),
  ('CL_OCCUPATION', 'ISCO08_9', 8, '{"fr": "Professions élémentaires", "ar": "المهن الأولية", "en": "Elementary occupations"}'),
  ('CL_OCCUPATION', '_Z', 9, '{"fr": "Sans objet (sans emploi)", "ar": "لا ينطبق (بدون عمل)", "en": "Not applicable (not employed)"}'),
  ('CL_DURATION', 'Y_LT5', 0, '{"fr": "Moins de 5 ans", "ar": "أقل من 5 سنوات", "en": "Less than 5 years"}'),
  ('CL_DURATION', 'Y5T10', 1, '{"fr": "5 à 10 ans", "ar": "من 5 إلى 10 سنوات", "en": "5 to 10 years"}'),
  ('CL_DURATION', 'Y_GT10', 2, '{"fr": "Plus de 10 ans", "ar": "أكثر من 10 سنوات", "en": "More than 10 years"}');

INSERT INTO datasets (id, title, description, producer, source, source_url, licence, method, reference_period, grade, demo) VALUES (
  'dioc-demo',
  '{"fr": "Personnes nées au Maroc de 15 ans et plus dans les pays de l''OCDE, 2010/11 (démo générée)", "ar": "الأشخاص المولودون في المغرب البالغون 15 سنة فأكثر في بلدان منظمة التعاون والتنمية، 2010/11 (بيانات تجريبية مولدة)", "en": "Moroccan-born persons aged 15+ in OECD countries, 2010/11 (generated demo)"}',
  '{"fr": "Démonstration de la cartographie socio-démographique (forme de la base DIOC de l''OCDE : pays de résidence × sexe × âge × éducation × activité × profession × durée de séjour). Ce ne sont pas des chiffres de l''OCDE.", "ar": "عرض تجريبي للخريطة الاجتماعية والديموغرافية (على شكل قاعدة DIOC لمنظمة التعاون والتنمية: بلد الإقامة × الجنس × السن × التعليم × النشاط × المهنة × مدة الإقامة). ليست أرقام منظمة التعاون والتنمية.", "en": "A demonstration of the socio-demographic mapping (shaped like the OECD DIOC database: country of residence × sex × age × education × labour force status × occupation × duration of stay). These are not OECD figures."}',
  'Sharaka Atlas (generated demo data)',
  'Generated demo data: 2 600 000 synthetic person records (scripts/lib/gen-dioc-demo.mjs, fixed seed 20101), calibrated to the total of Moroccan-born aged 15+ in OECD countries and ~500 000 with tertiary education (OECD 2017, Talent Abroad: A Review of Moroccan Emigrants) and to the country shares and sex ratios of UN DESA International Migrant Stock 2020, year 2010 (data/mre)',
  '',
  'Demo data, not statistics: do not quote',
  'Synthetic records drawn with a fixed seed; country shares and sex ratios follow UN DESA 2010, tertiary education is ~19 % overall (45 % in the United States and Canada); the age, labour force, occupation and duration shares are plausible assumptions, not measurements.',
  '2010/11', '—', true);
INSERT INTO dataset_dimensions (dataset_id, position, id, codelist_id) VALUES
  ('dioc-demo', 0, 'REF_AREA', 'CL_AREA'), ('dioc-demo', 1, 'SEX', 'CL_SEX'),
  ('dioc-demo', 2, 'AGE', 'CL_AGE'), ('dioc-demo', 3, 'EDUCATION', 'CL_EDUCATION'),
  ('dioc-demo', 4, 'LABOUR', 'CL_LABOUR'), ('dioc-demo', 5, 'OCCUPATION', 'CL_OCCUPATION'),
  ('dioc-demo', 6, 'DURATION', 'CL_DURATION'), ('dioc-demo', 7, 'TIME_PERIOD', NULL);
