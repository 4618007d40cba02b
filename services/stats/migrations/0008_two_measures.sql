-- Two "2.6 million" that must not be confused (issue 23): the Europe subtotal of
-- the 2004 consular registrations (2 616 871 citizens registered) and the ~2.6
-- million Moroccan-born aged 15+ in OECD countries of DIOC 2010/11 (which the
-- generated demo dataset is calibrated to). Each dataset's description says
-- which it is not, with the other's measure, year and source, in three languages.
UPDATE datasets SET description = jsonb_build_object(
  'fr', (description->>'fr') || ' À ne pas confondre avec les « 2,6 millions » de personnes nées au Maroc, âgées de 15 ans et plus, vivant dans les pays de l''OCDE (OCDE, DIOC 2010/11) : le sous-total Europe de ce tableau (2 616 871) compte des citoyens immatriculés dans les consulats en 2004, pas des personnes nées au Maroc.',
  'ar', (description->>'ar') || ' لا يُخلط مع «2,6 مليون» شخص مولودين بالمغرب، في سن 15 فما فوق، يعيشون في بلدان منظمة التعاون والتنمية (DIOC 2010/11): المجموع الفرعي لأوروبا في هذا الجدول (2 616 871) يعد المواطنين المسجلين في القنصليات سنة 2004، لا الأشخاص المولودين بالمغرب.',
  'en', (description->>'en') || ' Not to be confused with the "2.6 million" Moroccan-born people aged 15+ living in OECD countries (OECD, DIOC 2010/11): this table''s Europe subtotal (2,616,871) counts citizens registered at consulates in 2004, not people born in Morocco.')
WHERE id = 'consular-2004';

UPDATE datasets SET description = jsonb_build_object(
  'fr', (description->>'fr') || ' Son total (2,6 millions de personnes nées au Maroc, 15 ans et plus, pays de l''OCDE, 2010/11) n''est pas le sous-total Europe des citoyens marocains immatriculés dans les consulats en 2004 (2 616 871, données consulaires citées par Fargues 2005) : autre mesure, autre année, autre source.',
  'ar', (description->>'ar') || ' مجموعه (2,6 مليون شخص مولودين بالمغرب، 15 سنة فما فوق، بلدان منظمة التعاون والتنمية، 2010/11) ليس المجموع الفرعي لأوروبا للمواطنين المغاربة المسجلين في القنصليات سنة 2004 (2 616 871، بيانات قنصلية أوردها Fargues 2005): مقياس آخر وسنة أخرى ومصدر آخر.',
  'en', (description->>'en') || ' Its total (2.6 million Moroccan-born people aged 15+, OECD countries, 2010/11) is not the Europe subtotal of Moroccan citizens registered at consulates in 2004 (2,616,871, consular data cited by Fargues 2005): another measure, another year, another source.')
WHERE id = 'dioc-demo';
