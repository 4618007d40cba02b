// Messages of the registry's use cases, in the three languages, shared by
// the domain files that split ProjectService (service, history, exchange)
// and the dialogue and evaluation services. Internal to domain/.
#ifndef ATLAS_REGISTRY_DOMAIN_REGISTRY_TEXTS_H_
#define ATLAS_REGISTRY_DOMAIN_REGISTRY_TEXTS_H_

#include "atlas/core/i18n.h"

namespace atlas::registry {

inline constexpr core::Text kBadName = {"must be a project name like projects/{uuid}",
                                        "doit être un nom de projet de la forme projects/{uuid}",
                                        "يجب أن يكون اسم مشروع على شكل projects/{uuid}"};
inline constexpr core::Text kBadOrganisation = {
    "must be an organisation name like organisations/ministry",
    "doit être un nom d'organisation de la forme organisations/ministry",
    "يجب أن يكون اسم منظمة على شكل organisations/ministry"};
inline constexpr core::Text kEtagRequired = {
    "is required: send the etag of the version you changed (read the project first)",
    "est obligatoire : envoyez l'etag de la version que vous avez modifiée (lisez d'abord le "
    "projet)",
    "مطلوب: أرسل etag الخاص بالنسخة التي عدّلتها (اقرأ المشروع أولًا)"};
inline constexpr core::Text kBadEtag = {"is not an etag of this API (like \"r3\")",
                                        "n'est pas un etag de cette API (de la forme « r3 »)",
                                        "ليس etag صادرًا عن هذه الواجهة (على شكل «r3»)"};
inline constexpr core::Text kStaleEtag = {
    "{0} was changed by someone else since you read it; read it again, merge, and retry",
    "{0} a été modifié par quelqu'un d'autre depuis votre lecture ; relisez-le, fusionnez et "
    "réessayez",
    "عُدِّل {0} من قِبل شخص آخر منذ قراءتك له؛ أعد قراءته وادمج التعديلات ثم حاول مجددًا"};
inline constexpr core::Text kSubmittedNotEditable = {
    "a submitted project is not changed: wait for the validator's decision",
    "un projet soumis ne se modifie pas : attendez la décision du validateur",
    "لا يُعدَّل مشروع مُرسَل للمصادقة: انتظر قرار المصادِق"};
inline constexpr core::Text kArchivedNotEditable = {
    "an archived project is not changed: it is kept for the record only",
    "un projet archivé ne se modifie pas : il n'est conservé que pour mémoire",
    "لا يُعدَّل مشروع مؤرشف: يُحتفظ به للأرشيف فقط"};
inline constexpr core::Text kBadTransition = {"cannot {0} a project that is {1}",
                                              "impossible de {0} un projet à l'état {1}",
                                              "لا يمكن {0} مشروع حالته {1}"};
inline constexpr core::Text kMentionOutside = {
    "@{0} does not take part in this project's dialogue (its organisation and the ministry do)",
    "@{0} ne participe pas au dialogue de ce projet (son organisation et le ministère y "
    "participent)",
    "@{0} لا يشارك في حوار هذا المشروع (تشارك فيه منظمته والوزارة)"};
inline constexpr core::Text kImportDeadline = {
    "The time allowed ran out after {0} of {1} activities; send the file again to finish "
    "(activities already imported are not imported twice)",
    "Le temps imparti est écoulé après {0} activités sur {1} ; renvoyez le fichier pour terminer "
    "(les activités déjà importées ne le sont pas deux fois)",
    "انتهت المهلة بعد {0} من أصل {1} نشاط؛ أعد إرسال الملف لإكماله (الأنشطة المستوردة لا "
    "تُستورد مرتين)"};
inline constexpr core::Text kRequestIdUsed = {
    "This request_id was already used for another project; use a new one",
    "Ce request_id a déjà servi pour un autre projet ; utilisez-en un nouveau",
    "سبق استعمال request_id هذا لمشروع آخر؛ استعمل معرّفًا جديدًا"};
inline constexpr core::Text kOtherOrganisation = {
    "You may only act on your own organisation's projects",
    "Vous ne pouvez agir que sur les projets de votre organisation",
    "لا يمكنك التصرف إلا في مشاريع منظمتك"};
inline constexpr core::Text kNeededToSubmit = {"is needed before submitting for validation",
                                               "est nécessaire avant de soumettre à validation",
                                               "مطلوب قبل الإرسال للمصادقة"};
inline constexpr core::Text kNotPublic = {"only a published project can be flagged",
                                          "seul un projet publié peut être distingué",
                                          "لا يمكن تمييز إلا مشروع منشور"};
inline constexpr core::Text kNoSuchRevision = {
    "{0} has no revision {1}", "{0} n'a pas de révision {1}", "لا توجد للمشروع {0} مراجعة رقم {1}"};
inline constexpr core::Text kNoSuchThread = {"is not a thread of this project ({0}…)",
                                             "n'est pas un fil de ce projet ({0}…)",
                                             "ليس سلسلة نقاش لهذا المشروع ({0}…)"};
inline constexpr core::Text kBadCommentName = {
    "must be a comment name like projects/{uuid}/comments/{uuid}",
    "doit être un nom de commentaire de la forme projects/{uuid}/comments/{uuid}",
    "يجب أن يكون اسم تعليق على شكل projects/{uuid}/comments/{uuid}"};
inline constexpr core::Text kBadEvaluationName = {
    "must be an evaluation name like projects/{uuid}/evaluations/{uuid}",
    "doit être un nom d'évaluation de la forme projects/{uuid}/evaluations/{uuid}",
    "يجب أن يكون اسم تقييم على شكل projects/{uuid}/evaluations/{uuid}"};
inline constexpr core::Text kEvaluationNotFound = {
    "evaluation {0} not found", "évaluation {0} introuvable", "التقييم {0} غير موجود"};
inline constexpr core::Text kMissingIdentifier = {
    "the activity at line {0} has no iati-identifier; not imported",
    "l'activité de la ligne {0} n'a pas d'iati-identifier ; non importée",
    "النشاط في السطر {0} بلا iati-identifier؛ لم يُستورد"};
inline constexpr core::Text kIdentifierTaken = {
    "{0} is another organisation's project; not imported",
    "{0} est un projet d'une autre organisation ; non importé", "{0} مشروع منظمة أخرى؛ لم يُستورد"};
inline constexpr core::Text kTooMany = {"at most {0} values (got {1})",
                                        "au plus {0} valeurs ({1} reçues)",
                                        "على الأكثر {0} قيمة (الوارد: {1})"};

}  // namespace atlas::registry

#endif  // ATLAS_REGISTRY_DOMAIN_REGISTRY_TEXTS_H_
