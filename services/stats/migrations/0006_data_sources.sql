-- The catalogue of data sources (issue 19, item 2): the institutions that hold
-- figures on Moroccans abroad, what they cover and on what terms, and the
-- datasets built from each (datasets.data_source). Seeded from
-- data/mre/SOURCES.md; analysts and administrators edit it (revision = etag).
CREATE TABLE data_sources (
  seq         bigserial NOT NULL UNIQUE,
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  holder      text NOT NULL,
  title       jsonb NOT NULL,
  population  jsonb NOT NULL,
  coverage    jsonb NOT NULL,
  period      text NOT NULL,
  variables   jsonb NOT NULL,
  frequency   text NOT NULL CHECK (frequency IN ('ANNUAL', 'BIENNIAL', 'FIVE_YEARLY', 'DECENNIAL', 'IRREGULAR', 'ONE_OFF')),
  access      jsonb NOT NULL,
  url         text NOT NULL DEFAULT '',
  revision    bigint NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL
);
ALTER TABLE datasets ADD COLUMN data_source text REFERENCES data_sources (id);

INSERT INTO data_sources (id, holder, title, population, coverage, period, variables, frequency, access, url, updated_by) VALUES
  ('undesa-ims', 'United Nations, Department of Economic and Social Affairs, Population Division',
   '{"fr": "International Migrant Stock (stock de migrants internationaux)", "ar": "رصيد المهاجرين الدوليين (International Migrant Stock)", "en": "International Migrant Stock"}',
   '{"fr": "Migrants internationaux au milieu de l''année, par pays d''origine : nés au Maroc, ou citoyens marocains là où le pays de destination ne publie que la nationalité.", "ar": "المهاجرون الدوليون في منتصف السنة حسب بلد المنشأ: المولودون في المغرب، أو المواطنون المغاربة حيث لا ينشر بلد المقصد إلا الجنسية.", "en": "International migrants at mid-year by country of origin: born in Morocco, or Moroccan citizens where the destination publishes citizenship only."}',
   '{"fr": "Tous les pays et zones de destination (232).", "ar": "جميع بلدان ومناطق المقصد (232).", "en": "Every country and area of destination (232)."}',
   '1990–2024',
   '{"fr": "Pays de destination, pays d''origine, sexe, âge (non repris ici), année.", "ar": "بلد المقصد، بلد المنشأ، الجنس، السن (غير مدرج هنا)، السنة.", "en": "Destination, origin, sex, age (not taken here), year."}',
   'IRREGULAR',
   '{"fr": "Téléchargement libre, citation de l''UN DESA demandée.", "ar": "تحميل حر مع ذكر إدارة الشؤون الاقتصادية والاجتماعية بالأمم المتحدة.", "en": "Free download; cite UN DESA."}',
   'https://www.un.org/development/desa/pd/content/international-migrant-stock', 'migration 0006'),
  ('wb-bilateral-matrix', 'World Bank',
   '{"fr": "Matrice bilatérale des migrations", "ar": "مصفوفة الهجرة الثنائية", "en": "Bilateral Migration Matrix"}',
   '{"fr": "Stocks de migrants par pays d''origine et de destination (estimations, surtout d''après l''UN DESA).", "ar": "أرصدة المهاجرين حسب بلد المنشأ والمقصد (تقديرات، أساسا انطلاقا من أرقام الأمم المتحدة).", "en": "Migrant stocks by origin and destination (estimates, mostly from UN DESA)."}',
   '{"fr": "Tous les pays.", "ar": "جميع البلدان.", "en": "Every country."}',
   '2010–2017',
   '{"fr": "Pays d''origine, pays de destination, année.", "ar": "بلد المنشأ، بلد المقصد، السنة.", "en": "Origin, destination, year."}',
   'IRREGULAR',
   '{"fr": "Données ouvertes de la Banque mondiale (CC BY 4.0 en principe ; non vérifié pour ce fichier).", "ar": "بيانات مفتوحة للبنك الدولي (CC BY 4.0 مبدئيا؛ لم يتم التحقق بالنسبة لهذا الملف).", "en": "World Bank open data (normally CC BY 4.0; not verified for this file)."}',
   'https://www.worldbank.org/en/topic/migrationremittancesdiasporaissues/brief/migration-remittances-data', 'migration 0006'),
  ('wb-gbmd', 'World Bank',
   '{"fr": "Global Bilateral Migration Database", "ar": "قاعدة البيانات العالمية للهجرة الثنائية", "en": "Global Bilateral Migration Database"}',
   '{"fr": "Stocks de migrants par pays de naissance (ou nationalité) et de destination, d''après les recensements.", "ar": "أرصدة المهاجرين حسب بلد الولادة (أو الجنسية) والمقصد، انطلاقا من التعدادات.", "en": "Migrant stocks by country of birth (or citizenship) and destination, from censuses."}',
   '{"fr": "Tous les pays.", "ar": "جميع البلدان.", "en": "Every country."}',
   '1960–2000',
   '{"fr": "Pays d''origine, pays de destination, sexe, décennie.", "ar": "بلد المنشأ، بلد المقصد، الجنس، العقد.", "en": "Origin, destination, sex, decade."}',
   'DECENNIAL',
   '{"fr": "Données ouvertes de la Banque mondiale.", "ar": "بيانات مفتوحة للبنك الدولي.", "en": "World Bank open data."}',
   '', 'migration 0006'),
  ('consular-registrations', 'Ministère des Affaires étrangères (Maroc), réseau consulaire',
   '{"fr": "Immatriculations consulaires des Marocains à l''étranger", "ar": "التسجيلات القنصلية للمغاربة المقيمين بالخارج", "en": "Consular registrations of Moroccans abroad"}',
   '{"fr": "Citoyens marocains immatriculés auprès des consulats (les binationaux et les non-immatriculés peuvent manquer).", "ar": "المواطنون المغاربة المسجلون لدى القنصليات (قد يغيب مزدوجو الجنسية وغير المسجلين).", "en": "Moroccan citizens registered with the consulates (dual nationals and the unregistered may be missing)."}',
   '{"fr": "Pays de résidence, parfois par groupes (2004 : pays et groupes tels que publiés).", "ar": "بلدان الإقامة، أحيانا حسب مجموعات (2004: البلدان والمجموعات كما نشرت).", "en": "Countries of residence, sometimes grouped (2004: countries and groups as published)."}',
   '2004; 2021 (total only)',
   '{"fr": "Pays de résidence ; total par continent.", "ar": "بلد الإقامة؛ المجموع حسب القارة.", "en": "Country of residence; totals by continent."}',
   'IRREGULAR',
   '{"fr": "Non publié en série ; chiffres repris de publications (Fargues 2005 ; rapport du CESE, 2021).", "ar": "غير منشور في سلسلة؛ أرقام مأخوذة من منشورات (فارغ 2005؛ تقرير المجلس الاقتصادي والاجتماعي والبيئي 2021).", "en": "Not published as a series; figures taken from publications (Fargues 2005; CESE report, 2021)."}',
   '', 'migration 0006'),
  ('oecd-dioc', 'OECD, Directorate for Employment, Labour and Social Affairs',
   '{"fr": "Base de données sur les immigrés dans les pays de l''OCDE (DIOC)", "ar": "قاعدة بيانات المهاجرين في بلدان منظمة التعاون والتنمية (DIOC)", "en": "Database on Immigrants in OECD Countries (DIOC)"}',
   '{"fr": "Personnes de 15 ans et plus par pays de naissance, d''après les recensements et registres (2,6 millions de personnes nées au Maroc en 2010/11).", "ar": "الأشخاص البالغون 15 سنة فأكثر حسب بلد الولادة، انطلاقا من التعدادات والسجلات (2,6 مليون شخص مولود في المغرب سنة 2010/11).", "en": "Persons aged 15+ by country of birth, from censuses and registers (2.6 million born in Morocco in 2010/11)."}',
   '{"fr": "Pays de l''OCDE (et, pour certaines éditions, des pays hors OCDE).", "ar": "بلدان منظمة التعاون والتنمية (وبلدان أخرى في بعض الطبعات).", "en": "OECD countries (and, in some editions, non-OECD countries)."}',
   '2000/01, 2005/06, 2010/11, 2015/16',
   '{"fr": "Pays de résidence, pays de naissance, sexe, âge, niveau d''éducation (CITE), situation au regard de l''activité, profession (CITP), durée de séjour.", "ar": "بلد الإقامة، بلد الولادة، الجنس، السن، المستوى التعليمي (ISCED)، الوضع إزاء النشاط، المهنة (ISCO)، مدة الإقامة.", "en": "Country of residence, country of birth, sex, age, education (ISCED), labour force status, occupation (ISCO), duration of stay."}',
   'FIVE_YEARLY',
   '{"fr": "Téléchargement libre sur le site de l''OCDE ; petites cellules arrondies aléatoirement. Fichiers non obtenus ici : le jeu dioc-demo n''en a que la forme (démo).", "ar": "تحميل حر من موقع المنظمة؛ الخلايا الصغيرة مقربة عشوائيا. لم يتم الحصول على الملفات هنا: مجموعة dioc-demo تأخذ شكلها فقط (تجريبية).", "en": "Free download from the OECD site; small cells randomly rounded. Files not obtained here: the dioc-demo dataset only has their shape (demo)."}',
   'https://www.oecd.org/els/mig/dioc.htm', 'migration 0006'),
  ('eurostat-migration', 'Eurostat',
   '{"fr": "Statistiques européennes des migrations (population par nationalité, titres de séjour, acquisitions de nationalité)", "ar": "الإحصاءات الأوروبية للهجرة (السكان حسب الجنسية، تصاريح الإقامة، اكتساب الجنسية)", "en": "European migration statistics (population by citizenship, residence permits, acquisitions of citizenship)"}',
   '{"fr": "Citoyens marocains résidant dans l''UE ; titres de séjour valides et premiers titres ; acquisitions de nationalité.", "ar": "المواطنون المغاربة المقيمون في الاتحاد الأوروبي؛ تصاريح الإقامة السارية والأولى؛ اكتساب الجنسية.", "en": "Moroccan citizens living in the EU; valid and first residence permits; acquisitions of citizenship."}',
   '{"fr": "États membres de l''UE et de l''AELE.", "ar": "الدول الأعضاء في الاتحاد الأوروبي والرابطة الأوروبية للتبادل الحر.", "en": "EU and EFTA member states."}',
   '2008–2024',
   '{"fr": "Pays de résidence, nationalité, sexe, âge, motif du titre, année (migr_pop1ctz, migr_resvalid, migr_resfirst, migr_acq).", "ar": "بلد الإقامة، الجنسية، الجنس، السن، سبب التصريح، السنة (migr_pop1ctz، migr_resvalid، migr_resfirst، migr_acq).", "en": "Country of residence, citizenship, sex, age, reason for the permit, year (migr_pop1ctz, migr_resvalid, migr_resfirst, migr_acq)."}',
   'ANNUAL',
   '{"fr": "Réutilisation libre (décision 2011/833/UE, CC BY 4.0). Seuls des chiffres clés ont été relevés ; les tables restent à importer.", "ar": "إعادة استعمال حرة (القرار 2011/833/EU، CC BY 4.0). لم تُستخرج إلا أرقام رئيسية؛ الجداول لم تُستورد بعد.", "en": "Free reuse (Decision 2011/833/EU, CC BY 4.0). Only headline figures were read; the tables are still to be imported."}',
   'https://ec.europa.eu/eurostat/web/migration-asylum', 'migration 0006');

UPDATE datasets SET data_source = 'undesa-ims' WHERE id IN ('undesa-ims-2020', 'undesa-ims-2024');
UPDATE datasets SET data_source = 'wb-bilateral-matrix' WHERE id = 'wb-bilateral-2013';
UPDATE datasets SET data_source = 'wb-gbmd' WHERE id = 'wb-gbmd-1960-2000';
UPDATE datasets SET data_source = 'consular-registrations' WHERE id = 'consular-2004';
