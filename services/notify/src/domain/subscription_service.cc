// Subscriptions, endpoints and deliveries: ownership, validation, defaults.
#include "notify/domain/subscription_service.h"

#include <algorithm>

#include "atlas/core/etag.h"
#include "atlas/core/ids.h"
#include "atlas/core/paging.h"
#include "atlas/core/status.h"
#include "atlas/core/text_checks.h"
#include "atlas/core/texts.h"

namespace atlas::notify {
namespace {

constexpr core::Text kNoSubscription = {"no subscription «{0}» of yours",
                                        "aucun de vos abonnements ne s'appelle « {0} »",
                                        "لا يوجد اشتراك لكم باسم «{0}»"};
constexpr core::Text kNoEndpoint = {
    "no webhook endpoint «{0}» of your organisation",
    "aucun point de terminaison webhook « {0} » de votre organisation",
    "لا توجد نقطة خطاف ويب «{0}» تابعة لمؤسستكم"};
constexpr core::Text kNoToken = {"this unsubscribe link is not (or no longer) valid",
                                 "ce lien de désabonnement n'est pas (ou plus) valide",
                                 "رابط إلغاء الاشتراك هذا غير صالح (أو لم يعد صالحًا)"};
constexpr core::Text kEtagRequired = {
    "the etag you read is required (a change must not overwrite another)",
    "l'etag lu est obligatoire (une modification ne doit pas en écraser une autre)",
    "وسم etag المقروء مطلوب (لا يجب أن يطمس تعديلٌ تعديلًا آخر)"};
constexpr core::Text kNoDelivery = {"no delivery «{0}» you may see",
                                    "aucune livraison « {0} » visible pour vous",
                                    "لا يوجد إرسال «{0}» يمكنكم الاطلاع عليه"};
constexpr core::Text kNoOrganisation = {
    "your account belongs to no organisation: webhook endpoints are an organisation's",
    "votre compte n'appartient à aucune organisation : les webhooks sont ceux d'une organisation",
    "حسابكم لا ينتمي إلى أي مؤسسة: نقاط خطاف الويب تخص مؤسسة"};

bool IsAdmin(const Reader& r) {
  return std::find(r.roles.begin(), r.roles.end(), "admin") != r.roles.end();
}

}  // namespace

absl::StatusOr<std::vector<Subscription>> SubscriptionService::List(const Reader& owner) {
  auto found = store_.List(owner.subject);
  if (!found.ok()) return found;
  // The role's defaults, once: they are never deleted (only switched off),
  // so their absence means this person has not been given them yet.
  if (std::any_of(found->begin(), found->end(), [](const auto& s) { return s.default_for_role; })) {
    return found;
  }
  std::vector<Subscription> created;
  for (Subscription s : RoleDefaults(owner)) {
    s.unsubscribe_token = secrets_.token();
    auto stored = store_.Create(std::move(s));
    if (!stored.ok()) return stored.status();
    created.push_back(*std::move(stored));
  }
  created.insert(created.end(), found->begin(), found->end());
  return created;
}

absl::StatusOr<Subscription> SubscriptionService::Create(const Reader& owner, Subscription s) {
  s.owner = owner;
  s.active = true;
  s.default_for_role = false;
  if (absl::Status v = Validate(s); !v.ok()) return v;
  if (s.channel == Channel::kWebhook) {
    if (!core::IsCanonicalUuid(s.endpoint) || !OwnEndpoint(owner, s.endpoint).ok()) {
      return core::InvalidFields(
          {core::Violation("subscription.endpoint", kNoEndpoint, {s.endpoint.substr(0, 60)})});
    }
  }
  s.unsubscribe_token = secrets_.token();
  return store_.Create(std::move(s));
}

absl::StatusOr<Subscription> SubscriptionService::Update(const Reader& owner, Subscription s,
                                                         const std::string& etag) {
  if (!core::IsCanonicalUuid(s.id)) {
    return core::Error(absl::StatusCode::kNotFound, kNoSubscription, {s.id.substr(0, 60)});
  }
  const std::optional<int64_t> expected = core::RevisionOfEtag(etag);
  if (!expected) return core::InvalidFields({core::Violation("subscription.etag", kEtagRequired)});
  auto current = store_.Get(owner.subject, s.id);
  if (!current.ok()) return current.status();
  s.owner = current->owner;  // the token that subscribed decides what it may know
  s.default_for_role = current->default_for_role;
  s.unsubscribe_token = current->unsubscribe_token;
  if (absl::Status v = Validate(s); !v.ok()) return v;
  if (s.channel == Channel::kWebhook &&
      (!core::IsCanonicalUuid(s.endpoint) || !OwnEndpoint(owner, s.endpoint).ok())) {
    return core::InvalidFields(
        {core::Violation("subscription.endpoint", kNoEndpoint, {s.endpoint.substr(0, 60)})});
  }
  return store_.Update(s, *expected);
}

absl::Status SubscriptionService::Delete(const Reader& owner, const std::string& id) {
  if (!core::IsCanonicalUuid(id)) {
    return core::Error(absl::StatusCode::kNotFound, kNoSubscription, {id.substr(0, 60)});
  }
  auto current = store_.Get(owner.subject, id);
  if (!current.ok()) return current.status();
  if (current->default_for_role) {
    Subscription off = *current;
    off.active = false;
    return store_.Update(off, current->revision).status();
  }
  return store_.Delete(owner.subject, id);
}

absl::StatusOr<std::vector<std::string>> SubscriptionService::Unsubscribe(
    const std::string& token) {
  const bool shaped = token.size() >= 16 && token.size() <= 64 &&
                      std::all_of(token.begin(), token.end(), [](char c) {
                        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                      });
  if (!shaped) return core::Error(absl::StatusCode::kNotFound, kNoToken);
  auto kinds = store_.Unsubscribe(token);
  if (absl::IsNotFound(kinds.status())) return core::Error(absl::StatusCode::kNotFound, kNoToken);
  return kinds;
}

absl::StatusOr<WebhookEndpoint> SubscriptionService::CreateEndpoint(const Reader& owner,
                                                                    WebhookEndpoint e) {
  std::vector<core::FieldViolation> bad;
  if (owner.organisation.empty())
    bad.push_back(core::Violation("endpoint.organisation", kNoOrganisation));
  core::CheckText(e.url, "endpoint.url", 2000, true, false, bad);
  core::CheckText(e.description, "endpoint.description", 200, false, false, bad);
  if (!bad.empty()) return core::InvalidFields(bad);
  if (absl::Status s = guard_.Check(e.url); !s.ok()) return s;
  e.organisation = owner.organisation;
  e.owner = owner.subject;
  e.secret = secrets_.webhook_secret();
  return store_.CreateEndpoint(std::move(e));
}

absl::StatusOr<std::vector<WebhookEndpoint>> SubscriptionService::Endpoints(const Reader& caller) {
  if (!IsAdmin(caller) && caller.organisation.empty()) return std::vector<WebhookEndpoint>{};
  return store_.Endpoints(IsAdmin(caller) ? "" : caller.organisation);
}

absl::StatusOr<WebhookEndpoint> SubscriptionService::OwnEndpoint(const Reader& caller,
                                                                 const std::string& id) {
  auto e = core::IsCanonicalUuid(id) ? store_.Endpoint(id)
                                     : absl::StatusOr<WebhookEndpoint>(absl::NotFoundError(""));
  if (!e.ok() || (!IsAdmin(caller) && e->organisation != caller.organisation)) {
    return core::Error(absl::StatusCode::kNotFound, kNoEndpoint, {id.substr(0, 60)});
  }
  return e;
}

absl::StatusOr<WebhookEndpoint> SubscriptionService::RotateSecret(const Reader& caller,
                                                                  const std::string& id,
                                                                  int overlap_hours,
                                                                  int64_t now_us) {
  if (overlap_hours < 0 || overlap_hours > 168) {
    return core::InvalidFields(
        {core::Violation("overlap_hours", core::texts::kBetween, {"0", "168"})});
  }
  auto e = OwnEndpoint(caller, id);
  if (!e.ok()) return e.status();
  const int64_t hours = overlap_hours == 0 ? 24 : overlap_hours;
  return store_.RotateSecret(id, secrets_.webhook_secret(), now_us + hours * 3600 * 1000000);
}

absl::Status SubscriptionService::DeleteEndpoint(const Reader& caller, const std::string& id) {
  auto e = OwnEndpoint(caller, id);
  if (!e.ok()) return e.status();
  return store_.DeleteEndpoint(id);
}

absl::StatusOr<DeliveryPage> SubscriptionService::Deliveries(
    const Reader& caller, int page_size, std::string_view page_token,
    const std::vector<std::string>& statuses) {
  static const std::vector<std::string> kStatuses = {"pending", "sent",   "failed",
                                                     "dead",    "digest", "refused"};
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (std::find(kStatuses.begin(), kStatuses.end(), statuses[i]) == kStatuses.end()) {
      return core::InvalidFields(
          {core::Violation("statuses[" + std::to_string(i) + "]", core::texts::kOneOf,
                           {"pending, sent, failed, dead, digest, refused"})});
    }
  }
  auto page = core::ParsePageRequest(page_size, page_token, kDefaultPageSize, kMaxPageSize);
  if (!page.ok()) return page.status();
  if (!IsAdmin(caller) && caller.organisation.empty()) return DeliveryPage{};
  return store_.Deliveries(IsAdmin(caller) ? "" : caller.organisation, statuses, page->limit,
                           page->position);
}

absl::StatusOr<Delivery> SubscriptionService::Retry(const Reader& caller, const std::string& id) {
  if (!core::IsCanonicalUuid(id) || (!IsAdmin(caller) && caller.organisation.empty())) {
    return core::Error(absl::StatusCode::kNotFound, kNoDelivery, {id.substr(0, 60)});
  }
  auto d = store_.Retry(IsAdmin(caller) ? "" : caller.organisation, id);
  if (absl::IsNotFound(d.status())) {
    return core::Error(absl::StatusCode::kNotFound, kNoDelivery, {id.substr(0, 60)});
  }
  return d;
}

}  // namespace atlas::notify
