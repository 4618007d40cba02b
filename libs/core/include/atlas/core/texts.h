// Validation messages shared by every service, in French, Arabic and English.
#ifndef ATLAS_CORE_TEXTS_H_
#define ATLAS_CORE_TEXTS_H_

#include "atlas/core/i18n.h"

namespace atlas::core::texts {

inline constexpr Text kRequired = {"must not be empty", "ne doit pas être vide",
                                   "يجب ألا يكون فارغًا"};
inline constexpr Text kNotUtf8 = {"is not valid UTF-8", "n'est pas de l'UTF-8 valide",
                                  "ليس نصًا صالحًا بترميز UTF-8"};
inline constexpr Text kTooLong = {"must be at most {0} characters (got {1})",
                                  "doit compter au plus {0} caractères ({1} reçus)",
                                  "يجب ألا يتجاوز {0} حرفًا (الوارد: {1})"};
inline constexpr Text kControlCharacters = {"must not contain control characters",
                                            "ne doit pas contenir de caractères de contrôle",
                                            "يجب ألا يحتوي على محارف تحكم"};
inline constexpr Text kBetween = {"must be between {0} and {1}",
                                  "doit être compris entre {0} et {1}", "يجب أن يكون بين {0} و{1}"};
// An update mask naming a field that cannot change ({0}), and those that can ({1}).
inline constexpr Text kCannotChange = {"cannot change \"{0}\"; fields that can change: {1}",
                                       "ne peut pas modifier « {0} » ; champs modifiables : {1}",
                                       "لا يمكن تعديل «{0}»؛ الحقول القابلة للتعديل: {1}"};
// A write with the etag of an earlier version ({0}: the resource): ABORTED.
inline constexpr Text kChangedSinceRead = {
    "{0} was changed by someone else since you read it; read it again and retry",
    "{0} a été modifié par quelqu'un d'autre depuis votre lecture ; relisez-le et réessayez",
    "عُدِّل {0} من قِبل شخص آخر منذ قراءتك له؛ أعد قراءته ثم حاول مجددًا"};
inline constexpr Text kOneOf = {"must be one of: {0}", "doit être l'une des valeurs : {0}",
                                "يجب أن يكون إحدى القيم: {0}"};
inline constexpr Text kDuplicate = {"duplicate value \"{0}\"", "valeur en double « {0} »",
                                    "قيمة مكررة «{0}»"};

inline constexpr Text kMarkup = {"must be plain text, without HTML tags",
                                 "doit être du texte simple, sans balises HTML",
                                 "يجب أن يكون نصا عاديا دون وسوم HTML"};

}  // namespace atlas::core::texts

#endif  // ATLAS_CORE_TEXTS_H_
