// The gateway's own messages in French, Arabic and English (language choice
// and rendering live in atlas/core/i18n.h).
#ifndef ATLAS_GATEWAY_API_I18N_H_
#define ATLAS_GATEWAY_API_I18N_H_

#include "atlas/core/i18n.h"

namespace atlas::gateway::texts {

using core::Text;

inline constexpr Text kRouteNotFound = {"No resource at {0}", "Aucune ressource à l'adresse {0}",
                                        "لا يوجد مورد في العنوان {0}"};
inline constexpr Text kMethodNotAllowed = {
    "Method {0} is not allowed on {1}; allowed: {2}",
    "La méthode {0} n'est pas permise sur {1} ; méthodes permises : {2}",
    "الطريقة {0} غير مسموح بها على {1}؛ الطرق المسموح بها: {2}"};
inline constexpr Text kBodyTooLarge = {"The request body exceeds the limit of {0} bytes",
                                       "Le corps de la requête dépasse la limite de {0} octets",
                                       "يتجاوز محتوى الطلب الحد المسموح به وهو {0} بايت"};
inline constexpr Text kHeadersTooLarge = {"The request headers are too large",
                                          "Les en-têtes de la requête sont trop volumineux",
                                          "ترويسات الطلب كبيرة جدًا"};
inline constexpr Text kMalformedRequest = {
    "The HTTP request is malformed", "La requête HTTP est mal formée", "طلب HTTP غير صحيح البنية"};
inline constexpr Text kMalformedQuery = {"The URL or its query string is malformed",
                                         "L'URL ou ses paramètres sont mal formés",
                                         "عنوان URL أو معاملاته غير صحيحة البنية"};
inline constexpr Text kUnsupportedMediaType = {
    "The request body must be JSON (Content-Type: application/json)",
    "Le corps de la requête doit être du JSON (Content-Type: application/json)",
    "يجب أن يكون محتوى الطلب بصيغة JSON (Content-Type: application/json)"};
inline constexpr Text kBackendUnavailable = {
    "The {0} service is unavailable; please try again shortly",
    "Le service {0} est indisponible ; veuillez réessayer dans un instant",
    "خدمة {0} غير متاحة حاليًا؛ يرجى إعادة المحاولة بعد قليل"};
inline constexpr Text kBackendTimeout = {"The {0} service did not answer in time",
                                         "Le service {0} n'a pas répondu à temps",
                                         "لم تستجب خدمة {0} في الوقت المحدد"};
inline constexpr Text kInvalidGrant = {
    "Wrong user name or password, or the account is disabled",
    "Nom d'utilisateur ou mot de passe incorrect, ou compte désactivé",
    "اسم المستخدم أو كلمة المرور غير صحيحة، أو أن الحساب معطل"};
inline constexpr Text kExternalIssuer = {
    "Sign in with the platform's identity provider ({0}); this gateway issues no tokens",
    "Connectez-vous auprès du fournisseur d'identité de la plateforme ({0}) ; cette passerelle "
    "n'émet pas de jetons",
    "سجّل الدخول لدى مزوّد الهوية الخاص بالمنصة ({0})؛ هذه البوابة لا تُصدر رموزًا"};
inline constexpr Text kTooManyRequests = {"Too many requests; try again in {0} s",
                                          "Trop de requêtes ; réessayez dans {0} s",
                                          "طلبات كثيرة جدًا؛ أعد المحاولة بعد {0} ثانية"};
inline constexpr Text kInvalidClient = {
    "Unknown client, wrong client secret, or the service account is disabled",
    "Client inconnu, secret client incorrect, ou compte de service désactivé",
    "عميل غير معروف، أو سر العميل غير صحيح، أو أن حساب الخدمة معطل"};
inline constexpr Text kUnsupportedGrant = {
    "Unsupported grant_type \"{0}\"; use: password",
    "grant_type « {0} » non pris en charge ; utilisez : password",
    "نوع المنح «{0}» غير مدعوم؛ استخدم: password"};
inline constexpr Text kTokenRequestInvalid = {
    "A token request is a form (application/x-www-form-urlencoded) with grant_type, username and "
    "password",
    "Une demande de jeton est un formulaire (application/x-www-form-urlencoded) avec grant_type, "
    "username et password",
    "طلب الرمز نموذج (application/x-www-form-urlencoded) يتضمن grant_type وusername وpassword"};
inline constexpr Text kInvalidToken = {"The access token is missing, invalid or expired",
                                       "Le jeton d'accès est absent, invalide ou expiré",
                                       "رمز الوصول مفقود أو غير صالح أو منتهي الصلاحية"};
inline constexpr Text kSessionRequestInvalid = {
    "Signing in takes a form (application/x-www-form-urlencoded) with username and password",
    "La connexion se fait par un formulaire (application/x-www-form-urlencoded) avec username et "
    "password",
    "يتم تسجيل الدخول باستمارة (application/x-www-form-urlencoded) تتضمن username و password"};
inline constexpr Text kNoSession = {"No session, or it has ended: sign in again",
                                    "Aucune session, ou elle a pris fin : reconnectez-vous",
                                    "لا توجد جلسة، أو انتهت: سجّل الدخول من جديد"};
inline constexpr Text kCrossOriginSession = {
    "Sessions are opened and refreshed from this site's own pages only",
    "Les sessions ne s'ouvrent et ne se renouvellent que depuis les pages de ce site",
    "لا تُفتح الجلسات ولا تُجدَّد إلا من صفحات هذا الموقع"};
inline constexpr Text kInvalidRefresh = {
    "The refresh token is invalid, used, revoked or expired; sign in again",
    "Le jeton de rafraîchissement est invalide, déjà utilisé, révoqué ou expiré ; reconnectez-vous",
    "رمز التحديث غير صالح أو مستعمل أو ملغى أو منتهي الصلاحية؛ سجّل الدخول من جديد"};
inline constexpr Text kTooManySignIns = {"Too many failed sign-ins; try again in {0} s",
                                         "Trop d'échecs de connexion ; réessayez dans {0} s",
                                         "محاولات دخول فاشلة كثيرة؛ أعد المحاولة بعد {0} ثانية"};
inline constexpr Text kOriginNotAllowed = {
    "Cross-origin requests from {0} are not allowed",
    "Les requêtes depuis l'origine {0} ne sont pas autorisées",
    "الطلبات الواردة من المصدر {0} غير مسموح بها"};
inline constexpr Text kIdentityOff = {"Sign-in is not available on this gateway",
                                      "La connexion n'est pas disponible sur cette passerelle",
                                      "تسجيل الدخول غير متاح على هذه البوابة"};
inline constexpr Text kInternal = {"An internal error occurred",
                                   "Une erreur interne s'est produite", "حدث خطأ داخلي"};
inline constexpr Text kSignInBusy = {"Too many sign-ins at this moment; try again in a second",
                                     "Trop de connexions en cours ; réessayez dans une seconde",
                                     "عمليات دخول كثيرة في هذه اللحظة؛ أعد المحاولة بعد ثانية"};
inline constexpr Text kOverloaded = {
    "Too many open connections from here; try again in a moment",
    "Trop de connexions ouvertes depuis cette adresse ; réessayez dans un instant",
    "اتصالات مفتوحة كثيرة جدًا من هذا العنوان؛ أعد المحاولة بعد لحظة"};

}  // namespace atlas::gateway::texts

#endif  // ATLAS_GATEWAY_API_I18N_H_
