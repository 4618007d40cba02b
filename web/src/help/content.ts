// The user guides and the glossary, in French, Arabic and English: what the
// help pages (/help/{guide}) show and print, and what each screen's help link
// points to (anchors are the section ids). Plain text only; paragraphs are
// separated by blank lines.
export type L3 = [fr: string, ar: string, en: string];

export interface Section { id: string; title: L3; body: L3 }
export interface Guide { id: string; title: L3; lead: L3; sections: Section[] }
export interface Term { id: string; term: string; name: L3; definition: L3 }

export const GUIDES: Guide[] = [
  {
    id: 'partners',
    title: ['Guide des partenaires', 'دليل الشركاء', 'Partners’ guide'],
    lead: [
      'Pour les organisations partenaires qui tiennent à jour leurs projets Migration & Développement : se connecter, saisir, soumettre, dialoguer avec le ministère.',
      'للمؤسسات الشريكة التي تحيّن مشاريعها في مجال الهجرة والتنمية: تسجيل الدخول، والإدخال، والتقديم، والحوار مع الوزارة.',
      'For partner organisations keeping their Migration & Development projects up to date: signing in, editing, submitting, talking with the ministry.',
    ],
    sections: [
      {
        id: 'signin',
        title: ['Se connecter', 'تسجيل الدخول', 'Signing in'],
        body: [
          'Le ministère crée votre compte et vous communique votre identifiant. Ouvrez l’espace de travail (/workspace), saisissez votre identifiant et votre mot de passe. La session reste ouverte tant que vous travaillez ; « Se déconnecter » la ferme sur cet appareil.\n\nVous ne voyez que les projets de votre organisation et les projets publiés.',
          'تنشئ الوزارة حسابك وتبلغك باسم المستخدم. افتح فضاء العمل (/workspace) وأدخل اسم المستخدم وكلمة المرور. تبقى الجلسة مفتوحة ما دمت تعمل؛ ويغلقها زر «تسجيل الخروج» على هذا الجهاز.\n\nلا ترى إلا مشاريع مؤسستك والمشاريع المنشورة.',
          'The ministry creates your account and gives you your user name. Open the workspace (/workspace) and enter your user name and password. The session stays open while you work; “Sign out” closes it on this device.\n\nYou see only your organisation’s projects and the published ones.',
        ],
      },
      {
        id: 'create',
        title: ['Créer et compléter un projet', 'إنشاء مشروع واستكماله', 'Creating and completing a project'],
        body: [
          '« Nouveau projet » ouvre la fiche : titre et résumé (en français, en arabe ou en anglais ; la langue d’origine est indiquée), thèmes, mécanisme, régions et provinces, pays de la diaspora, publics cibles, budget par année, dates, partenaires et leurs rôles IATI.\n\nL’indicateur de complétude dit ce qui manque. Un brouillon n’est visible que par votre organisation ; enregistrez aussi souvent que nécessaire. Si quelqu’un d’autre a enregistré entre-temps, la page vous le dit au lieu d’écraser son travail.',
          'يفتح زر «مشروع جديد» البطاقة: العنوان والملخص (بالفرنسية أو العربية أو الإنجليزية، مع بيان اللغة الأصلية)، والمحاور، والآلية، والجهات والأقاليم، وبلدان الجالية، والفئات المستهدفة، والميزانية حسب السنة، والتواريخ، والشركاء وأدوارهم حسب IATI.\n\nيبين مؤشر الاكتمال ما ينقص. لا يرى المسودة إلا مؤسستك؛ احفظ كلما احتجت. وإذا حفظ شخص آخر في الأثناء، تخبرك الصفحة بذلك بدل الكتابة فوق عمله.',
          '“New project” opens the record: title and summary (in French, Arabic or English; the original language is recorded), themes, mechanism, regions and provinces, diaspora countries, target groups, budget by year, dates, partners and their IATI roles.\n\nThe completeness gauge says what is missing. A draft is seen by your organisation only; save as often as you need. If someone else saved meanwhile, the page says so instead of overwriting their work.',
        ],
      },
      {
        id: 'submit',
        title: ['Soumettre pour validation', 'التقديم للمصادقة', 'Submitting for validation'],
        body: [
          '« Soumettre » envoie le projet au ministère. Un validateur le publie dans l’atlas public ou vous le renvoie avec un motif ; corrigez-le puis soumettez-le de nouveau.\n\nUn projet publié reste modifiable : vos changements forment une révision en attente, invisible du public jusqu’à sa validation. L’historique garde chaque version et montre ce qui a changé.',
          'يرسل زر «تقديم» المشروع إلى الوزارة. ينشره المصادِق في الأطلس العمومي أو يعيده إليك مع التعليل؛ صحّحه ثم قدّمه من جديد.\n\nيبقى المشروع المنشور قابلا للتعديل: تشكل تغييراتك مراجعة قيد الانتظار لا يراها العموم إلى أن تتم المصادقة عليها. يحتفظ السجل بكل نسخة ويبين ما تغير.',
          '“Submit” sends the project to the ministry. A validator publishes it in the public atlas or sends it back with a reason; correct it and submit it again.\n\nA published project stays editable: your changes form a pending revision, invisible to the public until validated. The history keeps every version and shows what changed.',
        ],
      },
      {
        id: 'comments',
        title: ['Commentaires, mentions et notifications', 'التعليقات والإشارات والإشعارات', 'Comments, mentions and notifications'],
        body: [
          'Chaque projet a sa discussion avec le ministère. Écrivez @ suivi d’un nom pour mentionner une personne ou une organisation : elle est prévenue.\n\nLa cloche de l’en-tête montre vos notifications. « Abonnements » choisit ce que vous voulez suivre (régions, thèmes, projets, nouveaux documents de la bibliothèque), par quel canal (dans l’application, courriel, webhook signé) et à quel rythme.',
          'لكل مشروع نقاشه مع الوزارة. اكتب @ متبوعا باسم للإشارة إلى شخص أو مؤسسة: فيتوصل بإشعار.\n\nيعرض الجرس في أعلى الصفحة إشعاراتك. وتتيح «الاشتراكات» اختيار ما تتابعه (الجهات، والمحاور، والمشاريع، والوثائق الجديدة في المكتبة)، وقناة التوصل (داخل التطبيق، أو البريد الإلكتروني، أو webhook موقَّع) والوتيرة.',
          'Every project has its discussion with the ministry. Type @ and a name to mention a person or an organisation: they are told.\n\nThe bell in the header shows your notifications. “Subscriptions” chooses what you follow (regions, themes, projects, new library documents), through which channel (in the app, e-mail, signed webhook) and how often.',
        ],
      },
      {
        id: 'actions',
        title: ['Mes actions', 'إجراءاتي', 'My actions'],
        body: [
          '« Mes actions » montre les actions des programmes budgétaires auxquelles les projets de votre organisation sont rattachés, avec leurs jalons.',
          'تعرض «إجراءاتي» إجراءات البرامج الميزانياتية التي ترتبط بها مشاريع مؤسستك، مع مراحلها.',
          '“My actions” shows the budget programmes’ actions your organisation’s projects are linked to, with their milestones.',
        ],
      },
      {
        id: 'plans',
        title: ['Plans d’action conjoints (co-construction)', 'خطط العمل المشتركة (البناء المشترك)', 'Joint action plans (co-construction)'],
        body: [
          '« Plans d’action conjoints » réunit les plans co-construits avec les partenaires européens. Seules les organisations membres d’un plan le voient (et le personnel du ministère) ; chacune y a un rôle : propriétaire (tout, y compris les membres), contributeur (objectifs, activités, jalons, décisions) ou observateur (lecture et discussion). Votre organisation est propriétaire des plans qu’elle crée ; un membre doit avoir un compte sur la plateforme.\n\nLe chronogramme dessine les activités (une barre du début à la fin, sa couleur dit l’état, un contour rouge un retard) et les jalons (losanges) ; le tableau qui suit donne les mêmes faits. Chaque activité a un responsable, des dates, un état et ses liens : projets du registre, documents de la bibliothèque, actions budgétaires (leurs crédits de la programmation adoptée s’affichent). Les décisions gardent leur procès-verbal.\n\nLa discussion se tient par activité : mentionnez une organisation membre (@organisations/…) ou une personne de l’une d’elles (@identifiant) pour la prévenir. L’organisation responsable d’une activité est prévenue quand son échéance approche (sept jours). L’historique garde chaque version (qui, quand, quoi) ; les exports donnent un CSV et un calendrier iCalendar à importer dans un agenda. Si quelqu’un a enregistré entre-temps, la page le dit au lieu d’écraser son travail.',
          'تجمع «خطط العمل المشتركة» الخطط المبنية بشكل مشترك مع الشركاء الأوروبيين. لا يطلع على الخطة إلا المنظمات الأعضاء فيها (وموظفو الوزارة)، ولكل منها دور: مالك (كل شيء بما في ذلك الأعضاء)، أو مساهم (الأهداف والأنشطة والمحطات والقرارات)، أو ملاحظ (الاطلاع والنقاش). منظمتك مالكة للخطط التي تنشئها، ويجب أن يكون للعضو حساب في المنصة.\n\nيرسم الجدول الزمني الأنشطة (شريط من البداية إلى النهاية، يدل لونه على الحالة وإطار أحمر على التأخر) والمحطات (معينات)، ويعرض الجدول الموالي المعطيات نفسها. لكل نشاط مسؤول وتواريخ وحالة وروابط: مشاريع السجل، ووثائق المكتبة، والإجراءات الميزانياتية (تظهر اعتماداتها من البرمجة المعتمدة). وتحتفظ القرارات بمحاضرها.\n\nيجري النقاش حسب النشاط: اذكر منظمة عضوا (@organisations/…) أو شخصا من إحداها (@اسم_المستخدم) لإخباره. وتتوصل المنظمة المسؤولة عن نشاط بإشعار عند اقتراب أجله (سبعة أيام). يحتفظ السجل بكل نسخة (من ومتى وماذا)، وتتيح الصادرات ملف CSV ومفكرة iCalendar. وإذا حفظ شخص آخر في الأثناء، تخبرك الصفحة بذلك بدل الكتابة فوق عمله.',
          '“Joint action plans” gathers the plans co-built with the European partners. Only a plan’s member organisations see it (and the ministry’s staff); each has a role: owner (everything, members included), contributor (objectives, activities, milestones, decisions) or observer (reading and discussion). Your organisation owns the plans it creates; a member must have an account on the platform.\n\nThe timeline draws the activities (a bar from start to end, its colour the status, a red outline a delay) and milestones (diamonds); the table after it gives the same facts. Each activity has an owner, dates, a status and its links: registry projects, library documents, budget actions (their credits from the adopted programming are shown). Decisions keep their minutes.\n\nThe discussion is held per activity: mention a member organisation (@organisations/…) or a person of one (@username) to tell them. The organisation owning an activity is told when its end date approaches (seven days). The history keeps every version (who, when, what); the exports give a CSV and an iCalendar file for a calendar. If someone saved meanwhile, the page says so instead of overwriting their work.',
        ],
      },
      {
        id: 'exchange',
        title: ['Importer et exporter', 'الاستيراد والتصدير', 'Import and export'],
        body: [
          '« Échanges » exporte les projets en IATI 2.03 (XML) ou en CSV et importe un fichier IATI : le rapport dit ce qui a été créé, mis à jour ou n’a pas pu être repris, et pourquoi. Un système partenaire peut faire de même par l’API gRPC avec son compte de service.',
          'تتيح «التبادل» تصدير المشاريع بصيغة IATI 2.03 (XML) أو CSV واستيراد ملف IATI: يبين التقرير ما أنشئ أو حُيِّن أو تعذر نقله ولماذا. ويمكن لنظام شريك القيام بذلك عبر واجهة gRPC بحساب الخدمة الخاص به.',
          '“Exchange” exports projects as IATI 2.03 (XML) or CSV and imports an IATI file: the report says what was created, updated or could not be taken, and why. A partner system can do the same through the gRPC API with its service account.',
        ],
      },
    ],
  },
  {
    id: 'validators',
    title: ['Guide des validateurs', 'دليل المصادِقين', 'Validators’ guide'],
    lead: [
      'Pour le personnel du ministère qui valide les projets, suit les bonnes pratiques et tient les références partagées.',
      'لموظفي الوزارة الذين يصادقون على المشاريع ويتابعون الممارسات الجيدة ويمسكون المراجع المشتركة.',
      'For the ministry’s staff who validate projects, follow good practices and keep shared references.',
    ],
    sections: [
      {
        id: 'queue',
        title: ['La file de validation', 'قائمة المصادقة', 'The validation queue'],
        body: [
          'La file liste les projets soumis et les révisions en attente, les plus anciens d’abord. Ouvrez-en un : la différence avec la version publiée est mise en évidence. « Publier » le rend visible dans l’atlas ; « Renvoyer » exige un motif, que le partenaire reçoit.\n\nLe fil de la plateforme montre tout ce qui s’est passé, dans l’ordre.',
          'تعرض القائمة المشاريع المقدَّمة والمراجعات قيد الانتظار، الأقدم أولا. افتح أحدها: يظهر الفرق مع النسخة المنشورة. يجعله زر «نشر» مرئيا في الأطلس؛ ويتطلب زر «إعادة» تعليلا يتوصل به الشريك.\n\nيعرض خيط المنصة كل ما حدث بالترتيب.',
          'The queue lists submitted projects and pending revisions, oldest first. Open one: the difference with the published version is highlighted. “Publish” makes it visible in the atlas; “Send back” needs a reason, which the partner receives.\n\nThe platform feed shows everything that happened, in order.',
        ],
      },
      {
        id: 'practices',
        title: ['Bonnes pratiques et évaluations', 'الممارسات الجيدة والتقييمات', 'Good practices and evaluations'],
        body: [
          'Un projet publié peut être marqué bonne pratique. Une évaluation note le projet sur les six critères du CAD (de 1 à 4, chaque note justifiée) ; elle peut être corrigée, l’ancienne version reste dans l’historique.',
          'يمكن وسم مشروع منشور بوصفه ممارسة جيدة. ويمنح التقييم المشروع نقطة على معايير لجنة المساعدة الإنمائية الستة (من 1 إلى 4، مع تعليل كل نقطة)؛ ويمكن تصحيحه مع بقاء النسخة السابقة في السجل.',
          'A published project can be marked a good practice. An evaluation scores it on the six DAC criteria (1 to 4, each score justified); it can be corrected, the earlier version stays in the history.',
        ],
      },
      {
        id: 'consultations',
        title: ['Consultations', 'الاستشارات', 'Consultations'],
        body: [
          'Une consultation invite des personnes à noter des bonnes pratiques sur les critères retenus, jusqu’à une date de clôture. Le classement se met à jour à chaque vote.',
          'تدعو الاستشارة أشخاصا إلى تنقيط ممارسات جيدة وفق المعايير المعتمدة إلى غاية تاريخ الإغلاق. ويُحيَّن الترتيب مع كل تصويت.',
          'A consultation invites people to score good practices on the chosen criteria until a closing date. The ranking updates with every ballot.',
        ],
      },
      {
        id: 'maisons',
        title: ['Maisons des Marocains du Monde', 'دور المغاربة المقيمين بالخارج', 'Houses of Moroccans of the World'],
        body: [
          'Le répertoire des points d’accueil régionaux : adresse, point sur la carte (vérifié dans la région choisie), horaires, services, contacts (réservés aux utilisateurs connectés) et activité par année avec sa source. Un chiffre non communiqué reste vide, jamais 0.',
          'دليل نقاط الاستقبال الجهوية: العنوان، والنقطة على الخريطة (يُتحقق من وقوعها في الجهة المختارة)، والمواقيت، والخدمات، وجهات الاتصال (للمستخدمين المسجلين فقط)، والنشاط حسب السنة مع مصدره. يبقى الرقم غير المصرح به فارغا، وليس 0 أبدا.',
          'The directory of regional service points: address, point on the map (checked inside the chosen region), opening hours, services, contacts (signed-in users only) and yearly activity with its source. A figure not reported stays empty, never 0.',
        ],
      },
      {
        id: 'library',
        title: ['La bibliothèque des études', 'مكتبة الدراسات', 'The studies library'],
        body: [
          'Déposez une étude, un diagnostic, une évaluation ou un procès-verbal au format PDF (3 Mio au plus). Le fichier est vérifié (c’est bien un PDF, analyse antivirus, texte lu) ; son texte devient cherchable. Un document restreint n’est montré qu’aux utilisateurs connectés.',
          'أودِع دراسة أو تشخيصا أو تقييما أو محضرا بصيغة PDF (3 ميغابايت على الأكثر). يُتحقق من الملف (أنه فعلا PDF، وفحص الفيروسات، وقراءة النص)؛ ويصبح نصه قابلا للبحث. لا تُعرض الوثيقة المقيدة إلا للمستخدمين المسجلين.',
          'Upload a study, diagnostic, evaluation or minutes as a PDF (3 MiB at most). The file is checked (really a PDF, virus scan, text read); its text becomes searchable. A restricted document is shown to signed-in users only.',
        ],
      },
    ],
  },
  {
    id: 'analysts',
    title: ['Guide des analystes', 'دليل المحللين', 'Analysts’ guide'],
    lead: [
      'Pour ceux qui analysent le portefeuille, publient les statistiques, suivent les indicateurs et préparent la programmation budgétaire.',
      'لمن يحللون الحافظة وينشرون الإحصاءات ويتابعون المؤشرات ويعدون البرمجة الميزانياتية.',
      'For those who analyse the portfolio, release statistics, follow indicators and prepare the budget programming.',
    ],
    sections: [
      {
        id: 'analysis',
        title: ['Analyse du portefeuille', 'تحليل الحافظة', 'Portfolio analysis'],
        body: [
          'Les projets par thème, région, mécanisme et année, en montants indicatifs en euros (aux taux indiqués) ; les totaux qui comptent des projets de démonstration le disent.',
          'المشاريع حسب المحور والجهة والآلية والسنة، بمبالغ إرشادية بالأورو (بالأسعار المبينة)؛ وتبين المجاميع التي تضم مشاريع تجريبية ذلك.',
          'Projects by theme, region, mechanism and year, in indicative euro amounts (at the rates shown); totals that count demo projects say so.',
        ],
      },
      {
        id: 'statistics',
        title: ['Statistiques', 'الإحصاءات', 'Statistics'],
        body: [
          'Importez une nouvelle version d’un jeu de données (CSV ou SDMX-CSV), comparez-la à la précédente, puis publiez-la. Le public voit des chiffres arrondis aléatoirement à un multiple de 5 (contrôle de la divulgation) ; vous voyez les valeurs exactes.',
          'استورد نسخة جديدة من مجموعة بيانات (CSV أو SDMX-CSV)، وقارنها بالسابقة، ثم انشرها. يرى العموم أرقاما مقربة عشوائيا إلى مضاعف للعدد 5 (مراقبة الإفصاح)؛ وترى أنت القيم الدقيقة.',
          'Import a new version of a dataset (CSV or SDMX-CSV), compare it with the previous one, then release it. The public sees figures randomly rounded to a multiple of 5 (disclosure control); you see the exact values.',
        ],
      },
      {
        id: 'indicators',
        title: ['Indicateurs', 'المؤشرات', 'Indicators'],
        body: [
          'Chaque programme a ses objectifs et indicateurs (valeur de référence, cibles). Enregistrez les valeurs mesurées ; une valeur manquante reste manquante avec son motif. Les indicateurs hors trajectoire sont signalés.',
          'لكل برنامج أهدافه ومؤشراته (القيمة المرجعية، والأهداف). سجّل القيم المقيسة؛ وتبقى القيمة المفقودة مفقودة مع سببها. ويُنبَّه إلى المؤشرات الخارجة عن المسار.',
          'Every programme has its objectives and indicators (baseline, targets). Record measured values; a missing value stays missing with its reason. Indicators off track are flagged.',
        ],
      },
      {
        id: 'programming',
        title: ['Programmation budgétaire triennale', 'البرمجة الميزانياتية لثلاث سنوات', 'Three-year budget programming'],
        body: [
          'Une version de la programmation donne les CE et CP par programme, région, action et année. Modifiez les lignes d’un brouillon (chaque changement avec son motif), comparez deux versions, adoptez (la version est figée), puis faites-la glisser d’un an.',
          'تبين نسخة البرمجة اعتمادات الالتزام واعتمادات الأداء حسب البرنامج والجهة والإجراء والسنة. عدّل أسطر المسودة (كل تغيير مع تعليله)، وقارن بين نسختين، واعتمد (تُجمَّد النسخة)، ثم انقلها سنة إلى الأمام.',
          'A programming version gives the CE and CP by programme, region, action and year. Change a draft’s lines (each change with its reason), compare two versions, adopt (the version is frozen), then roll it forward a year.',
        ],
      },
      {
        id: 'scenarios',
        title: ['Scénarios', 'السيناريوهات', 'Scenarios'],
        body: [
          'Un scénario déplace des crédits entre lignes sans toucher à la programmation et montre les indicateurs mis en risque ; il peut être promu en brouillon.',
          'ينقل السيناريو اعتمادات بين الأسطر دون المساس بالبرمجة ويبين المؤشرات المعرضة للخطر؛ ويمكن ترقيته إلى مسودة.',
          'A scenario moves appropriations between lines without touching the programming and shows the indicators put at risk; it can be promoted to a draft.',
        ],
      },
      {
        id: 'reports',
        title: ['PdP et RdP', 'مشروع وتقرير نجاعة الأداء', 'PdP and RdP reports'],
        body: [
          'Le projet de performance (PdP) et le rapport de performance (RdP) de chaque programme sont produits en HTML et en PDF, en français, en arabe et en anglais.',
          'يُنتَج مشروع نجاعة الأداء وتقرير نجاعة الأداء لكل برنامج بصيغتي HTML وPDF، بالفرنسية والعربية والإنجليزية.',
          'Each programme’s performance project (PdP) and performance report (RdP) are produced as HTML and PDF, in French, Arabic and English.',
        ],
      },
    ],
  },
  {
    id: 'administrators',
    title: ['Guide des administrateurs', 'دليل المسؤولين عن الإدارة', 'Administrators’ guide'],
    lead: [
      'Pour ceux qui gèrent les organisations, les comptes, les références et la sécurité de la plateforme.',
      'لمن يدبرون المؤسسات والحسابات والمراجع وأمن المنصة.',
      'For those who manage organisations, accounts, references and the platform’s security.',
    ],
    sections: [
      {
        id: 'users',
        title: ['Organisations et utilisateurs', 'المؤسسات والمستخدمون', 'Organisations and users'],
        body: [
          'Créez les organisations partenaires, puis leurs utilisateurs avec un ou plusieurs rôles : éditeur (les projets de son organisation), validateur, analyste, administrateur. Un compte peut être désactivé ; son historique reste.',
          'أنشئ المؤسسات الشريكة ثم مستخدميها بدور أو أكثر: محرر (مشاريع مؤسسته)، أو مصادِق، أو محلل، أو مسؤول عن الإدارة. يمكن تعطيل الحساب مع بقاء سجله.',
          'Create the partner organisations, then their users with one or more roles: editor (their organisation’s projects), validator, analyst, administrator. An account can be disabled; its history stays.',
        ],
      },
      {
        id: 'services',
        title: ['Comptes de service', 'حسابات الخدمة', 'Service accounts'],
        body: [
          'Un système partenaire se connecte par l’API avec un compte de service (identifiant et secret, montrés une seule fois). Il agit comme les éditeurs de son organisation.',
          'يتصل نظام شريك عبر الواجهة البرمجية بحساب خدمة (معرف وسر يُعرضان مرة واحدة). ويتصرف كما يتصرف محررو مؤسسته.',
          'A partner system connects through the API with a service account (an id and a secret, shown once). It acts as its organisation’s editors do.',
        ],
      },
      {
        id: 'themes',
        title: ['Thèmes', 'المحاور', 'Themes'],
        body: [
          'La taxonomie des thèmes : libellés en trois langues, couleur sur la carte, ordre. Un thème utilisé ne se supprime pas : retirez-le, il reste sur les projets qui l’ont.',
          'تصنيف المحاور: التسميات بثلاث لغات، واللون على الخريطة، والترتيب. لا يُحذف محور مستعمل: أوقفه، فيبقى على المشاريع التي تحمله.',
          'The theme taxonomy: labels in three languages, map colour, order. A theme in use is not deleted: retire it, it stays on the projects that have it.',
        ],
      },
      {
        id: 'security',
        title: ['Sécurité et journal d’audit', 'الأمن وسجل التدقيق', 'Security and audit log'],
        body: [
          'Le journal d’audit garde chaque connexion, échec et changement de compte. Les clés de signature des jetons tournent sans interrompre les sessions.',
          'يحتفظ سجل التدقيق بكل تسجيل دخول وكل إخفاق وكل تغيير في الحسابات. وتُدوَّر مفاتيح توقيع الرموز دون قطع الجلسات.',
          'The audit log keeps every sign-in, failure and account change. Token signing keys rotate without ending sessions.',
        ],
      },
    ],
  },
];

export const GLOSSARY_TITLE: L3 = ['Glossaire', 'مسرد المصطلحات', 'Glossary'];

export const GLOSSARY: Term[] = [
  { id: 'ce', term: 'CE', name: ['Crédits d’engagement', 'اعتمادات الالتزام', 'Commitment appropriations'],
    definition: ['Plafond des engagements juridiques (marchés, conventions) qu’un programme peut prendre dans l’année, y compris pour des dépenses payées les années suivantes.', 'السقف الأقصى للالتزامات القانونية (الصفقات والاتفاقيات) التي يمكن لبرنامج أن يعقدها خلال السنة، بما في ذلك النفقات المؤداة في السنوات الموالية.', 'The ceiling of legal commitments (contracts, agreements) a programme may enter into in the year, including spending paid in later years.'] },
  { id: 'cp', term: 'CP', name: ['Crédits de paiement', 'اعتمادات الأداء', 'Payment appropriations'],
    definition: ['Montant qui peut être payé dans l’année au titre des engagements pris.', 'المبلغ الذي يمكن أداؤه خلال السنة برسم الالتزامات المعقودة.', 'The amount that may be paid in the year for commitments made.'] },
  { id: 'pbt', term: 'PBT', name: ['Programmation budgétaire triennale', 'البرمجة الميزانياتية لثلاث سنوات', 'Three-year budget programming'],
    definition: ['Programmation glissante sur trois ans des CE et CP par programme, région et action, actualisée chaque année (loi organique 130-13).', 'برمجة منزلقة على ثلاث سنوات لاعتمادات الالتزام والأداء حسب البرنامج والجهة والإجراء، تُحيَّن كل سنة (القانون التنظيمي 130.13).', 'A rolling three-year programming of CE and CP by programme, region and action, updated every year (organic law 130-13).'] },
  { id: 'pdp', term: 'PdP', name: ['Projet de performance', 'مشروع نجاعة الأداء', 'Performance project'],
    definition: ['Document joint au projet de loi de finances : objectifs, indicateurs et cibles de chaque programme.', 'وثيقة مرفقة بمشروع قانون المالية: أهداف كل برنامج ومؤشراته وقيمه المستهدفة.', 'A document attached to the budget bill: each programme’s objectives, indicators and targets.'] },
  { id: 'rdp', term: 'RdP', name: ['Rapport de performance', 'تقرير نجاعة الأداء', 'Performance report'],
    definition: ['Document établi après l’exécution : valeurs atteintes face aux cibles, et explication des écarts.', 'وثيقة تُعد بعد التنفيذ: القيم المحققة مقارنة بالقيم المستهدفة وتفسير الفوارق.', 'A document drawn up after execution: values achieved against targets, and why they differ.'] },
  { id: 'lof', term: 'LOF', name: ['Loi organique relative à la loi de finances', 'القانون التنظيمي لقانون المالية', 'Organic budget law'],
    definition: ['La loi organique n° 130-13, qui organise le budget par programmes, objectifs et indicateurs de performance.', 'القانون التنظيمي رقم 130.13 الذي ينظم الميزانية حسب البرامج والأهداف ومؤشرات نجاعة الأداء.', 'Organic law no. 130-13, which organises the budget by programmes, objectives and performance indicators.'] },
  { id: 'dac', term: 'CAD / DAC', name: ['Critères d’évaluation du CAD de l’OCDE', 'معايير التقييم للجنة المساعدة الإنمائية لمنظمة التعاون والتنمية الاقتصادية', 'OECD DAC evaluation criteria'],
    definition: ['Six critères pour évaluer une intervention : pertinence, cohérence, efficacité, efficience, impact, viabilité (durabilité).', 'ستة معايير لتقييم تدخل: الملاءمة، والاتساق، والفعالية، والكفاءة، والأثر، والاستدامة.', 'Six criteria to evaluate an intervention: relevance, coherence, effectiveness, efficiency, impact, sustainability.'] },
  { id: 'iati', term: 'IATI', name: ['Initiative internationale pour la transparence de l’aide', 'المبادرة الدولية لشفافية المعونة', 'International Aid Transparency Initiative'],
    definition: ['Norme ouverte de publication des activités de développement (XML, version 2.03 ici), que la plateforme exporte et importe.', 'معيار مفتوح لنشر أنشطة التنمية (XML، النسخة 2.03 هنا)، تصدّره المنصة وتستورده.', 'An open standard for publishing development activities (XML, version 2.03 here), which the platform exports and imports.'] },
  { id: 'iati-activity', term: 'Activity', name: ['Activité IATI', 'نشاط IATI', 'IATI activity'],
    definition: ['Un projet tel que publié en IATI, avec son identifiant unique (préfixe de l’organisation déclarante).', 'مشروع كما يُنشر في IATI، بمعرِّفه الفريد (بادئة الجهة المبلِّغة).', 'A project as published in IATI, with its unique identifier (the reporting organisation’s prefix).'] },
  { id: 'reporting-org', term: 'Reporting organisation', name: ['Organisation déclarante', 'الجهة المبلِّغة', 'Reporting organisation'],
    definition: ['L’organisation qui publie les données IATI (ici le ministère, configuré par l’exploitant).', 'المؤسسة التي تنشر بيانات IATI (هنا الوزارة، كما يضبطها المشغِّل).', 'The organisation that publishes the IATI data (here the ministry, as configured by the operator).'] },
  { id: 'participating-org', term: 'Participating organisation', name: ['Organisation participante', 'الجهة المشاركة', 'Participating organisation'],
    definition: ['Une organisation impliquée dans l’activité, avec son rôle IATI : bailleur, responsable, intermédiaire ou exécutant.', 'مؤسسة معنية بالنشاط، مع دورها حسب IATI: ممول، أو مسؤول، أو وسيط، أو منفذ.', 'An organisation involved in the activity, with its IATI role: funding, accountable, extending or implementing.'] },
  { id: 'activity-status', term: 'Activity status', name: ['Statut de l’activité', 'حالة النشاط', 'Activity status'],
    definition: ['Où en est le projet selon la liste IATI : en préparation, en cours, en finalisation, clôturé, annulé, suspendu.', 'مرحلة المشروع حسب لائحة IATI: قيد الإعداد، أو قيد التنفيذ، أو في مرحلة الإنهاء، أو مغلق، أو ملغى، أو معلق.', 'Where the project stands on the IATI list: pipeline, implementation, finalisation, closed, cancelled, suspended.'] },
  { id: 'mre', term: 'MRE', name: ['Marocains résidant à l’étranger', 'المغاربة المقيمون بالخارج', 'Moroccans residing abroad'],
    definition: ['Les citoyens marocains établis hors du Maroc, et la diaspora d’origine marocaine.', 'المواطنون المغاربة المقيمون خارج المغرب، والجالية ذات الأصل المغربي.', 'Moroccan citizens settled outside Morocco, and the diaspora of Moroccan origin.'] },
  { id: 'demo', term: 'Démo', name: ['Données de démonstration', 'بيانات تجريبية', 'Demo data'],
    definition: ['Données fictives chargées pour essayer la plateforme ; chaque page qui les montre le dit.', 'بيانات خيالية تُحمَّل لتجربة المنصة؛ وتبين ذلك كل صفحة تعرضها.', 'Fictitious data loaded to try the platform; every page that shows it says so.'] },
];
